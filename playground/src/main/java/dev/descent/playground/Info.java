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
    static final List<String> PRESETS_2D = List.of("x^2 + 10*y^2", "(1 - x)^2 + 100*(y - x^2)^2",
            "x^2 + y^2", "(x^2 + y - 11)^2 + (x + y^2 - 7)^2", "x^2 - y^2/4 + y^4/20");

    private Info() {
    }

    static ObjectNode answer(Request ignored) {
        ObjectNode o = Json.object();
        strings(o.putArray("functions"), Expression.functions());
        strings(o.putArray("presets1d"), PRESETS_1D);
        strings(o.putArray("presets2d"), PRESETS_2D);
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
