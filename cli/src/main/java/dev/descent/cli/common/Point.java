package dev.descent.cli.common;

import dev.descent.io.Numbers;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** The point {@code descent grad} evaluates at: variable values from {@code --at x=1.5,y=-2}. */
public final class Point {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    // Decimal numbers as people write them, plus IEEE's special values; not Java's hex or 1d forms.
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?|[+-]?Infinity|NaN");

    private Point() {
    }

    /** Parses each {@code --at} argument, a comma-separated list of NAME=VALUE; a name may be given once. */
    public static SortedMap<String, Double> parse(List<String> arguments) {
        SortedMap<String, Double> values = new TreeMap<>();
        for (String argument : arguments) {
            for (String entry : argument.split(",", -1)) {
                put(values, entry.strip(), argument);
            }
        }
        return values;
    }

    private static void put(Map<String, Double> values, String entry, String argument) {
        int eq = entry.indexOf('=');
        if (eq < 0) {
            String what = entry.isEmpty() ? "an empty entry" : "'" + entry + "'";
            throw new UserError("--at " + argument + ": " + what + " is not NAME=VALUE; write --at x=1.5,y=-2");
        }
        String name = entry.substring(0, eq).strip();
        String value = entry.substring(eq + 1).strip();
        if (!NAME.matcher(name).matches()) {
            throw new UserError("--at " + argument + ": '" + name + "' is not a variable name (letters, digits and _,"
                    + " not starting with a digit)");
        }
        if (!NUMBER.matcher(value).matches()) {
            throw new UserError("--at " + argument + ": the value of " + name + ", '" + value + "', is not a number");
        }
        double v;
        try {
            // NaN and ±Infinity typed as such evaluate a function there; a number too large (1e309) is refused.
            v = value.matches("[+-]?(NaN|Infinity)") ? Double.parseDouble(value) : Numbers.parseFinite(value);
        } catch (NumberFormatException e) {
            throw new UserError("--at " + argument + ": the value of " + name + ": " + e.getMessage(), e);
        }
        if (values.put(name, v) != null) {
            throw new UserError("--at: " + name + " is given more than once");
        }
    }
}
