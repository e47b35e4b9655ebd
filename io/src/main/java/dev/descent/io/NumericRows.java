package dev.descent.io;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the remaining rows of a CSV file as numbers: every row must have one cell per column, and
 * every selected cell must hold a finite decimal number.
 *
 * <p>The accepted syntax is that of NumPy's {@code loadtxt} for ordinary data: an optional sign,
 * digits with an optional decimal point, an optional exponent ({@code -1.5}, {@code .5},
 * {@code 3e-4}); spaces around the number are ignored. Missing values ({@code NA}, {@code NaN},
 * empty cells) and infinities are errors, because a single one silently turns every loss into NaN.
 */
final class NumericRows {
    private static final Pattern DECIMAL_COMMA = Pattern.compile("[+-]?\\d+,\\d+");
    private static final Set<String> MISSING = Set.of("na", "n/a", "nan", "-nan", "+nan", "null", "none", "?", "-");
    private static final Set<String> INFINITE = Set.of("inf", "+inf", "-inf", "infinity", "+infinity", "-infinity");
    /** Java arrays stop a little short of 2^31 elements. */
    static final int MAX_VALUES = Integer.MAX_VALUE - 8;

    /** Row-major values of the selected columns and the number of rows read. */
    record Block(double[] values, int rows) {}

    private NumericRows() {}

    /**
     * Reads every remaining row of {@code rows}; {@code columns} names all columns of the file (for
     * the width check and messages), {@code selected} the indices to keep, in output order;
     * {@code widthSource} says where the expected width comes from ("the header").
     */
    static Block read(CsvRows rows, List<String> columns, int[] selected, String widthSource) {
        int width = columns.size();
        double[] values = new double[Math.max(16, selected.length * 64)];
        int count = 0;
        int n = 0;
        for (CsvRows.Row row = rows.next(); row != null; row = rows.next()) {
            String[] cells = row.cells();
            if (cells.length != width) {
                throw rows.error(row.line(), null, "has " + fields(cells.length) + " but " + widthSource + " has "
                        + fields(width));
            }
            if ((long) count + selected.length > MAX_VALUES) {
                throw rows.error(row.line(), null, "the data has more than " + MAX_VALUES
                        + " values, too many for one tensor");
            }
            if (count + selected.length > values.length) {
                values = Arrays.copyOf(values, (int) Math.min(MAX_VALUES, 2L * values.length + selected.length));
            }
            for (int c : selected) {
                values[count++] = parse(cells[c], rows, row.line(), columns.get(c));
            }
            n++;
        }
        return new Block(Arrays.copyOf(values, count), n);
    }

    static String fields(int n) {
        return n == 1 ? "1 field" : n + " fields";
    }

    /** True when {@code text} (stripped) is a number this reader accepts. */
    static boolean isNumber(String text) {
        return isDecimal(text.strip());
    }

    /** The number in {@code cell}, or a {@link DataFormatException} naming line and column. */
    static double parse(String cell, CsvRows rows, long line, String column) {
        String text = cell.strip();
        if (isDecimal(text)) {
            double value = Double.parseDouble(text);
            if (Double.isInfinite(value)) {
                throw rows.error(line, column, "'" + Messages.shown(text, 40) + "' is too large for a double (more than 1.8e308)");
            }
            return value;
        }
        throw rows.error(line, column, describe(text));
    }

    /**
     * True for {@code [+-]?(digits[.digits?] | .digits)([eE][+-]?digits)?} with ASCII digits; a
     * scanner rather than a regular expression because it runs once per cell.
     */
    private static boolean isDecimal(String s) {
        int n = s.length();
        int i = 0;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        for (; i < n && isDigit(s.charAt(i)); i++) {
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            for (i++; i < n && isDigit(s.charAt(i)); i++) {
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int exponentDigits = 0;
            for (; i < n && isDigit(s.charAt(i)); i++) {
                exponentDigits++;
            }
            if (exponentDigits == 0) {
                return false;
            }
        }
        return i == n;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static String describe(String text) {
        if (text.isEmpty()) {
            return "empty cell";
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (MISSING.contains(lower)) {
            return "'" + text + "' marks a missing value; fill it in or remove the row";
        }
        if (INFINITE.contains(lower)) {
            return "'" + text + "' is not a finite number";
        }
        String shown = Messages.shown(text, 40);
        if (DECIMAL_COMMA.matcher(text).matches()) {
            return "'" + shown + "' is not a number (write the decimal point as '.')";
        }
        return "'" + shown + "' is not a number";
    }
}
