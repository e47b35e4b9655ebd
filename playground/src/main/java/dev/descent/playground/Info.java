package dev.descent.playground;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.expr.Expression;
import dev.descent.io.Datasets;
import java.util.List;

/** What the page offers: the expression language's functions, presets, choices and the server's limits. */
final class Info {
    static final List<String> PRESETS_1D = List.of("2*x^2", "x^4 - 3*x^2 + x", "(x - 3)^2 + 1", "x^2/10 + sin(x)",
            "abs(x)", "log(1 + exp(x)) - x/2");
    /** Functions of two variables, each with a start, learning rate, epochs and view that show it well. */
    static final List<Preset> PRESETS_2D = List.of(
            new Preset("x^2 + 10*y^2", -4, 2, 0.09, 100, -5, 5, -3, 3),
            new Preset("(1 - x)^2 + 100*(y - x^2)^2", -1.5, 2, 0.001, 2000, -2, 2, -1, 3),
            new Preset("x^2 + y^2", -4, 2, 0.1, 100, -5, 5, -3, 3),
            new Preset("(x^2 + y - 11)^2 + (x + y^2 - 7)^2", 0, 0, 0.01, 300, -5, 5, -5, 5),
            new Preset("x^2 - y^2/4 + y^4/20", -4, 0.1, 0.05, 200, -5, 5, -3, 3));

    /** A function of two variables and the settings to show it with. */
    record Preset(String expr, double x, double y, double lr, int epochs, double xmin, double xmax, double ymin,
                  double ymax) {
        ObjectNode json() {
            ObjectNode o = Json.object().put("expr", expr).put("lr", lr).put("epochs", epochs).put("xmin", xmin)
                    .put("xmax", xmax).put("ymin", ymin).put("ymax", ymax);
            o.putArray("start").add(x).add(y);
            return o;
        }
    }

    private Info() {
    }

    static ObjectNode answer(Request ignored) {
        ObjectNode o = Json.object();
        strings(o.putArray("functions"), Expression.functions());
        strings(o.putArray("presets1d"), PRESETS_1D);
        ArrayNode presets = o.putArray("presets2d");
        PRESETS_2D.forEach(preset -> presets.add(preset.json()));
        strings(o.putArray("optimizers"), NetworkTraining.OPTIMIZERS);
        strings(o.putArray("datasets"), Datasets.syntheticNames());
        strings(o.putArray("activations"), NetworkTraining.ACTIVATIONS);
        o.putObject("limits").put("epochs1d", OneVariable.MAX_EPOCHS).put("epochs2d", TwoVariables.MAX_EPOCHS)
                .put("epochsBoston", BostonRegression.MAX_EPOCHS).put("epochsNetwork", NetworkTraining.MAX_EPOCHS)
                .put("hiddenLayers", NetworkTraining.MAX_LAYERS).put("width", NetworkTraining.MAX_WIDTH);
        return o;
    }

    private static void strings(ArrayNode a, List<String> values) {
        values.forEach(a::add);
    }
}
