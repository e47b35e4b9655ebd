package dev.descent.playground;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.Tensor;
import dev.descent.expr.Expression;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.SourceVersion;

/**
 * Panel 2: f(x, y) as contours, and the paths of several optimizers from the same start, each the
 * PyTorch loop over two scalar tensors: {@code zeroGrad(); f.backward(); step()}.
 */
final class TwoVariables {
    static final List<String> OPTIMIZERS = List.of("sgd", "momentum", "adam", "rmsprop");
    static final int MAX_EPOCHS = 10_000;
    static final int MAX_GRID = 200;
    /** A path that leaves this box has diverged: nothing the page shows lies that far out. */
    static final double RUNAWAY = 1e8;

    private TwoVariables() {
    }

    static ObjectNode answer(Request request) {
        Expression f = Functions.parse(request, "expr", 2);
        double[] start = request.numbers("start", 2, -1e6, 1e6);
        double lr = request.number("lr", 1e-9, 100);
        int epochs = request.integer("epochs", 1, MAX_EPOCHS, 200);
        List<String> optimizers = request.has("optimizers") ? request.choices("optimizers", OPTIMIZERS) : OPTIMIZERS;
        double xmin = request.number("xmin", -1e7, 1e7, -5);
        double xmax = request.number("xmax", -1e7, 1e7, 5);
        double ymin = request.number("ymin", -1e7, 1e7, -5);
        double ymax = request.number("ymax", -1e7, 1e7, 5);
        if (!(xmin < xmax) || !(ymin < ymax)) {
            throw new BadRequest("the view is empty: xmin must be below xmax and ymin below ymax");
        }
        int grid = request.integer("grid", 10, MAX_GRID, 80);

        ObjectNode o = Json.object();
        ArrayNode names = o.putArray("variables");
        f.variables().forEach(names::add);
        o.set("grid", grid(f, grid, xmin, xmax, ymin, ymax));
        ArrayNode paths = o.putArray("paths");
        for (String name : optimizers) {
            paths.add(path(f, name, start, lr, epochs));
        }
        o.put("java", java(f, start, lr, epochs, optimizers.get(0)));
        List<String> v = List.copyOf(f.variables());
        o.put("cli", "descent minimize " + Functions.shellQuote(f.source()) + " --start " + v.get(0) + "="
                + Json.format(start[0]) + "," + v.get(1) + "=" + Json.format(start[1]) + " --lr " + Json.format(lr)
                + " --epochs " + epochs + "   # plain gradient descent: the sgd path (for the others, the Java with"
                + " another OptimizerSpec)");
        return o;
    }

    private static ObjectNode grid(Expression f, int n, double xmin, double xmax, double ymin, double ymax) {
        double[] xs = new double[n * n];
        double[] ys = new double[n * n];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                xs[r * n + c] = xmin + (xmax - xmin) * c / (n - 1);
                ys[r * n + c] = ymin + (ymax - ymin) * r / (n - 1);
            }
        }
        ObjectNode g = Json.object().put("nx", n).put("ny", n).put("xmin", xmin).put("xmax", xmax)
                .put("ymin", ymin).put("ymax", ymax);
        double[] values = Functions.evaluate(f, List.of(xs, ys));
        if (Arrays.stream(values).noneMatch(Double::isFinite)) {
            throw new BadRequest("expr: '" + f.source() + "' is not defined (or infinite) everywhere in this view");
        }
        g.set("values", Json.array(values));
        return g;
    }

    /** One optimizer's path: the library's optimizer over two scalar tensors, as in PyTorch. */
    private static ObjectNode path(Expression f, String name, double[] start, double lr, int epochs) {
        List<String> variables = List.copyOf(f.variables());
        List<Tensor> params = List.of(Tensor.of(start[0]).requiresGrad(true), Tensor.of(start[1]).requiresGrad(true));
        Map<String, Tensor> values = new HashMap<>();
        values.put(variables.get(0), params.get(0));
        values.put(variables.get(1), params.get(1));
        Optimizer optimizer = OptimizerSpec.of(name).withLearningRate(lr).create(params);
        ArrayNode points = Json.MAPPER.createArrayNode();
        points.addArray().add(start[0]).add(start[1]);
        String verdict = null;
        double value = Double.NaN;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            optimizer.zeroGrad();
            Tensor loss = f.evaluate(values);
            value = loss.item();
            if (!Double.isFinite(value)) {
                verdict = "f is " + value + " at epoch " + epoch;
                break;
            }
            loss.backward();
            optimizer.step();
            double x = params.get(0).item();
            double y = params.get(1).item();
            if (!Double.isFinite(x) || !Double.isFinite(y) || Math.abs(x) > RUNAWAY || Math.abs(y) > RUNAWAY) {
                verdict = "diverged at epoch " + epoch;
                break;
            }
            points.addArray().add(x).add(y);
        }
        ArrayNode last = (ArrayNode) points.get(points.size() - 1);
        double x = last.get(0).asDouble();
        double y = last.get(1).asDouble();
        value = Functions.evaluate(f, x, y);
        if (verdict == null) {
            ArrayNode before = (ArrayNode) points.get(Math.max(0, points.size() - 2));
            double moved = Math.hypot(x - before.get(0).asDouble(), y - before.get(1).asDouble());
            verdict = moved < 1e-6 ? "settled" : "still moving";
        }
        ObjectNode o = Json.object().put("optimizer", name);
        o.set("points", points);
        ObjectNode end = o.putObject("final").put("x", x).put("y", y);
        Json.put(end, "value", value);
        o.put("verdict", verdict);
        return o;
    }

    /** The Java for the first optimizer asked for (the others differ only in its name). */
    private static String java(Expression f, double[] start, double lr, int epochs, String optimizer) {
        List<String> v = new ArrayList<>();
        for (String name : f.variables()) {
            // a variable called like Java's keywords or the snippet's own names gets a suffix
            v.add(SourceVersion.isKeyword(name) || Character.isUpperCase(name.charAt(0))
                    || List.of("f", "optimizer", "epoch").contains(name) ? name + "_" : name);
        }
        List<String> keys = List.copyOf(f.variables());
        return "var f = Expression.parse(" + Functions.javaQuote(f.source()) + ");\n"
                + "var " + v.get(0) + " = Tensor.of(" + Json.format(start[0]) + ").requiresGrad(true);\n"
                + "var " + v.get(1) + " = Tensor.of(" + Json.format(start[1]) + ").requiresGrad(true);\n"
                + "var optimizer = OptimizerSpec.of(\"" + optimizer + "\").withLearningRate(" + Json.format(lr)
                + ").create(List.of(" + v.get(0) + ", " + v.get(1) + "));\n"
                + "for (int epoch = 0; epoch < " + epochs + "; epoch++) {\n"
                + "    optimizer.zeroGrad();\n"
                + "    f.evaluate(Map.of(\"" + keys.get(0) + "\", " + v.get(0) + ", \"" + keys.get(1) + "\", " + v.get(1)
                + ")).backward();\n"
                + "    optimizer.step();\n"
                + "}\n"
                + "System.out.println(" + v.get(0) + ".item() + \", \" + " + v.get(1) + ".item());";
    }
}
