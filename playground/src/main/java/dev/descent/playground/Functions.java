package dev.descent.playground;

import dev.descent.NoGrad;
import dev.descent.Scope;
import dev.descent.Tensor;
import dev.descent.expr.Expression;
import dev.descent.expr.ExpressionException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Expressions typed in the page: parsed by the library's expression language, with its limits. */
final class Functions {
    static final int MAX_LENGTH = 500;

    private Functions() {
    }

    /** The expression in field {@code name}, which must use exactly {@code count} variables. */
    static Expression parse(Request request, String name, int count) {
        Expression e = read(request, name);
        String source = e.source();
        if (e.variables().size() != count) {
            throw new BadRequest(name + ": '" + source + "' has " + (e.variables().isEmpty() ? "no variables"
                    : "the variables " + String.join(", ", e.variables())) + "; this panel needs "
                    + (count == 1 ? "one, e.g. x" : count + ", e.g. x and y"));
        }
        return e;
    }

    /** The expression in field {@code name}, which may use at most {@code count} variables (a constant too). */
    static Expression parseAtMost(Request request, String name, int count) {
        Expression e = read(request, name);
        if (e.variables().size() > count) {
            throw new BadRequest(name + ": '" + e.source() + "' has the variables " + String.join(", ", e.variables())
                    + "; it may use " + (count == 1 ? "one" : "at most " + count));
        }
        return e;
    }

    private static Expression read(Request request, String name) {
        try {
            return Expression.parse(request.text(name, MAX_LENGTH));
        } catch (ExpressionException ex) {
            throw new BadRequest(name + ": " + ex.reason());
        }
    }

    /**
     * {@code e} at many points at once: {@code columns.get(i)} holds the values of the i-th variable
     * (in sorted order), and the expression's tensor operations broadcast over them.
     */
    static double[] evaluate(Expression e, List<double[]> columns) {
        Scope s = NoGrad.scope();
        try (s) {
            Map<String, Tensor> values = new HashMap<>();
            int i = 0;
            for (String v : e.variables()) {
                values.put(v, Tensor.of(columns.get(i++)));
            }
            Tensor out = e.evaluate(values);
            double[] result = out.toArray();
            // A constant part alone (e.g. "3") is one value: the same at every point.
            return result.length == columns.get(0).length ? result : fill(result[0], columns.get(0).length);
        }
    }

    /** {@code e} at one point, its variables taken in sorted order. */
    static double evaluate(Expression e, double... point) {
        Map<String, Double> values = new HashMap<>();
        int i = 0;
        for (String v : e.variables()) {
            values.put(v, point[i++]);
        }
        return e.valueAt(values);
    }

    private static double[] fill(double v, int n) {
        double[] out = new double[n];
        Arrays.fill(out, v);
        return out;
    }

    /** {@code s} quoted for a shell command line. */
    static String shellQuote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("$", "\\$").replace("`", "\\`") + "\"";
    }

    /** {@code s} as a Java string literal. */
    static String javaQuote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
