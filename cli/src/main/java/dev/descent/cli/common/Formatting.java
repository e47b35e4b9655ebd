package dev.descent.cli.common;

import java.util.Locale;

/** How the command line writes numbers in text: one way everywhere ({@code 1e10}, not {@code 1.0E10}). */
public final class Formatting {
    private Formatting() {
    }

    /**
     * A number as a person writes it: whole numbers below ten million without a point ({@code 576}),
     * others with up to ten significant digits and no trailing zeros ({@code 0.3}, {@code 1e10},
     * {@code -1.075611713e-15}).
     */
    public static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e7) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        String s = String.format(Locale.ROOT, "%.10g", v).trim();
        if (s.contains("e")) {
            String[] parts = s.split("e", -1);
            return stripZeros(parts[0]) + "e" + parts[1].replaceFirst("^\\+", "").replaceFirst("^(-?)0+(\\d)", "$1$2");
        }
        return stripZeros(s);
    }

    /**
     * A metric in fixed notation with the given format ({@code "%.6f"}), or {@code undefined} when it
     * is NaN (an R² of one sample, any metric of none).
     */
    public static String metric(String format, double v) {
        return Double.isNaN(v) ? "undefined" : String.format(Locale.ROOT, format, v);
    }

    private static String stripZeros(String s) {
        return s.contains(".") ? s.replaceFirst("0+$", "").replaceFirst("\\.$", "") : s;
    }

    /** {@code 1 sample}, {@code 1,797 samples}: a count with the noun that agrees with it. */
    public static String count(long n, String one, String many) {
        return String.format(Locale.ROOT, "%,d %s", n, n == 1 ? one : many);
    }
}
