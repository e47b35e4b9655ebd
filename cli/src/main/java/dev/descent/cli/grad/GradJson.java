package dev.descent.cli.grad;

import dev.descent.cli.common.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code --json} output of {@code descent grad}, one object per line:
 * {@code {"expr":"x*y","value":2.0,"grad":{"x":2.0,"y":1.0},"hessian":[[0.0,1.0],[1.0,0.0]]}},
 * written by {@link Json} (shortest round-trip doubles; NaN and infinities as strings).
 */
final class GradJson {
    private GradJson() {
    }

    /** The result as one line of JSON; the Hessian only when it was computed. */
    static String result(Gradient g) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("expr", g.expression());
        o.put("value", g.value());
        Map<String, Double> grad = new LinkedHashMap<>();
        for (int i = 0; i < g.variables().size(); i++) {
            grad.put(g.variables().get(i), g.gradient()[i]);
        }
        o.put("grad", grad);
        if (g.hessian() != null) {
            o.put("hessian", g.hessian());
        }
        return Json.line(o);
    }

    /** A failed expression as one line of JSON; {@code column} (counted from 1) only for syntax errors. */
    static String error(String expression, String message, Integer column) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("expr", expression);
        o.put("error", message);
        if (column != null) {
            o.put("column", column);
        }
        return Json.line(o);
    }
}
