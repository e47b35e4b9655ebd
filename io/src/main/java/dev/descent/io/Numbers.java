package dev.descent.io;

import com.fasterxml.jackson.core.io.NumberOutput;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a decimal number from text, refusing what is not a finite double: the one rule for every
 * number Descent reads from a file or a command line ({@code float(text)} in Python, minus
 * {@code nan} and {@code inf}).
 *
 * <p>The syntax is that of NumPy's {@code loadtxt} for ordinary data: an optional sign, digits
 * with an optional decimal point, an optional exponent ({@code -1.5}, {@code .5}, {@code 3e-4});
 * spaces around the number are ignored. Refused, each with its own message: missing values
 * ({@code NA}, {@code NaN}, empty text), infinities ({@code inf}, {@code Infinity}), numbers
 * beyond the double range ({@code 1e309}), decimal commas ({@code 3,5}) and Java-only syntax
 * ({@code 1.5d}, {@code 0x1p3}). A number too small for a double ({@code 1e-400}) reads as 0, as
 * everywhere else.
 *
 * <pre>{@code
 * jshell> Numbers.parseFinite(" 2.5e-3 ")
 * $1 ==> 0.0025
 * jshell> Numbers.parseFinite("1e309")
 * java.lang.NumberFormatException: '1e309' is too large for a double (more than 1.8e308)
 * }</pre>
 */
public final class Numbers {
    private static final Pattern DECIMAL_COMMA = Pattern.compile("[+-]?\\d+,\\d+");
    private static final Set<String> MISSING = Set.of("na", "n/a", "nan", "-nan", "+nan", "null", "none", "?", "-");
    private static final Set<String> INFINITE = Set.of("inf", "+inf", "-inf", "infinity", "+infinity", "-infinity");
    private static final int SHOWN = 40;

    private Numbers() {}

    /**
     * The shortest decimal that reads back as exactly {@code value} ({@code 0.1}, not
     * {@code 0.1000000000000000055511151231257827}): what every file and line Descent writes uses, so
     * a number read back is the number written. {@code NaN}, {@code Infinity}, {@code -Infinity} as Java
     * spells them. (JDK 17's Double.toString is not always shortest; this is Schubfach, via Jackson.)
     */
    public static String shortest(double value) {
        return NumberOutput.toString(value, true);
    }

    /**
     * The finite double that {@code text} spells.
     *
     * @throws NumberFormatException when {@code text} is not a finite decimal number; the message
     *     quotes it (cut short and on one line) and says what is wrong, e.g.
     *     {@code 'abc' is not a number} or {@code '1e309' is too large for a double (more than 1.8e308)}
     */
    public static double parseFinite(String text) {
        String stripped = text.strip();
        if (isDecimal(stripped)) {
            double value = Double.parseDouble(stripped);
            if (!Double.isInfinite(value)) {
                return value;
            }
        }
        throw new NumberFormatException(problem(stripped));
    }

    /** True when {@code text} (stripped) has the syntax of a number, finite or not. */
    static boolean isNumber(String text) {
        return isDecimal(text.strip());
    }

    /** True when {@code text} (stripped) spells an infinity: inf, Infinity, -inf, .... */
    static boolean isInfinite(String text) {
        return INFINITE.contains(text.strip().toLowerCase(Locale.ROOT));
    }

    /** True when {@code text} (stripped) is a usual marker of a missing value: NA, NaN, null, ?, ... */
    static boolean isMissing(String text) {
        return MISSING.contains(text.strip().toLowerCase(Locale.ROOT));
    }

    /** What is wrong with {@code text} (stripped) as a finite number. */
    private static String problem(String text) {
        String shown = "'" + Messages.shown(text, SHOWN) + "'";
        if (text.isEmpty()) {
            return "empty text, not a number";
        }
        if (isDecimal(text)) {
            return shown + " is too large for a double (more than 1.8e308)";
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (MISSING.contains(lower)) {
            return shown + " marks a missing value";
        }
        if (INFINITE.contains(lower)) {
            return shown + " is not a finite number";
        }
        if (DECIMAL_COMMA.matcher(text).matches()) {
            return shown + " is not a number (write the decimal point as '.')";
        }
        return shown + " is not a number";
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
}
