package dev.descent.io;

import java.util.Arrays;
import java.util.List;

/**
 * Reads the remaining rows of a CSV file as numbers: every row must have one cell per column, and
 * every selected cell must hold a finite decimal number as {@link Numbers#parseFinite} reads it.
 * Missing values ({@code NA}, {@code NaN}, empty cells) and infinities are errors, because a single
 * one silently turns every loss into NaN.
 */
final class NumericRows {
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

    /** The number in {@code cell} ({@link Numbers#parseFinite}), or a {@link DataFormatException} naming line and column. */
    static double parse(String cell, CsvRows rows, long line, String column) {
        try {
            return Numbers.parseFinite(cell);
        } catch (NumberFormatException e) {
            if (cell.isBlank()) {
                throw rows.error(line, column, "empty cell");
            }
            String hint = Numbers.isMissing(cell) ? "; fill it in or remove the row" : "";
            throw rows.error(line, column, e.getMessage() + hint);
        }
    }
}
