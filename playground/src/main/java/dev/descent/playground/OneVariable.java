package dev.descent.playground;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.expr.Expression;
import dev.descent.optim.DivergenceException;
import dev.descent.optim.Minimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Panel 1: gradient descent on f(x), step by step, as {@code descent minimize --trace} runs it. The
 * page replays the steps; each carries the course's words for what the derivative says.
 */
final class OneVariable {
    static final int MAX_EPOCHS = 10_000;
    static final int GRAPH_POINTS = 201;

    private OneVariable() {
    }

    static ObjectNode answer(Request request) {
        Expression f = Functions.parse(request, "expr", 1);
        Expression derivative = request.has("derivative") ? Functions.parseAtMost(request, "derivative", 1) : null;
        String x = f.variables().first();
        if (derivative != null && !derivative.variables().isEmpty() && !derivative.variables().first().equals(x)) {
            throw new BadRequest("derivative: uses " + derivative.variables().first() + ", but f is a function of " + x);
        }
        double start = request.number("start", -1e6, 1e6);
        double lr = request.number("lr", 1e-9, 100);
        int epochs = request.integer("epochs", 1, MAX_EPOCHS, 50);
        double reach = Math.max(4, 1.5 * Math.abs(start));
        double xmin = request.number("xmin", -1e7, 1e7, -reach);
        double xmax = request.number("xmax", -1e7, 1e7, reach);
        if (!(xmin < xmax)) {
            throw new BadRequest("xmin: " + xmin + " must be below xmax " + xmax);
        }

        Minimizer.Options options = Minimizer.Options.of(lr, epochs).withoutPath();
        Run main = Run.of(derivative != null ? Minimizer.Source.MANUAL : Minimizer.Source.AUTOGRAD, f, derivative,
                start, options);
        ObjectNode o = Json.object();
        o.put("variable", x);
        o.set("graph", graph(f, xmin, xmax));
        o.set("steps", main.stepsJson(lr));
        o.set("verdict", main.verdict(f, start, lr));
        ArrayNode compare = o.putArray("compare");
        List<Run> runs = new ArrayList<>();
        for (Minimizer.Source source : Minimizer.Source.values()) {
            if (source == Minimizer.Source.MANUAL && derivative == null) {
                continue;
            }
            Run r = source == main.source ? main : Run.of(source, f, derivative, start, options);
            runs.add(r);
            ObjectNode row = compare.addObject().put("source", source.name().toLowerCase(Locale.ROOT));
            Json.put(row, "x", r.end);
            Json.put(row, "value", Functions.evaluate(f, r.end));
        }
        double worst = 0;
        for (Run a : runs) {
            for (Run b : runs) {
                worst = Math.max(worst, Math.abs(a.end - b.end));
            }
        }
        Json.put(o, "maxDifference", worst);
        o.put("java", java(f, derivative, start, lr, epochs));
        o.put("cli", "descent minimize " + Functions.shellQuote(f.source())
                + (derivative == null ? "" : " --derivative " + Functions.shellQuote(derivative.source()))
                + " --start " + x + "=" + Json.format(start) + " --lr " + Json.format(lr) + " --epochs " + epochs
                + " --trace --compare");
        return o;
    }

    private static ObjectNode graph(Expression f, double xmin, double xmax) {
        double[] xs = new double[GRAPH_POINTS];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = xmin + (xmax - xmin) * i / (xs.length - 1);
        }
        ObjectNode g = Json.object();
        g.set("xs", Json.array(xs));
        g.set("ys", Json.array(Functions.evaluate(f, List.of(xs))));
        return g;
    }

    /** One run of the library's {@link Minimizer}: every step it took, and how it ended. */
    private static final class Run {
        final Minimizer.Source source;
        final List<Minimizer.Step> steps = new ArrayList<>();
        double end;
        DivergenceException diverged;

        private Run(Minimizer.Source source) {
            this.source = source;
        }

        static Run of(Minimizer.Source source, Expression f, Expression derivative, double start, Minimizer.Options o) {
            Run run = new Run(source);
            Minimizer.Options options = o.withStepListener(run.steps::add);
            Minimizer.Objective value = p -> Functions.evaluate(f, p);
            try {
                Minimizer.Result r = switch (source) {
                    case MANUAL -> Minimizer.manual(value, p -> new double[] {Functions.evaluate(derivative, p)},
                            new double[] {start}, options);
                    case NUMERIC -> Minimizer.numeric(value, new double[] {start}, options);
                    case AUTOGRAD -> Minimizer.autograd(vs -> f.evaluate(Map.of(f.variables().first(), vs.get(0))),
                            new double[] {start}, options);
                };
                run.end = r.minimizer()[0];
            } catch (DivergenceException e) {
                run.diverged = e;
                run.end = run.steps.isEmpty() ? start : run.steps.get(run.steps.size() - 1).x()[0];
            }
            return run;
        }

        /** Step k: where it stood, f there, the derivative, the step and where it went. */
        ArrayNode stepsJson(double lr) {
            ArrayNode a = Json.MAPPER.createArrayNode();
            for (int k = 0; k < steps.size(); k++) {
                Minimizer.Step s = steps.get(k);
                double x = s.x()[0];
                double d = s.gradient()[0];
                // The next point is the library's own: the following step's x, or where the run ended.
                double next = k + 1 < steps.size() ? steps.get(k + 1).x()[0] : diverged == null ? end : x - lr * d;
                ObjectNode o = a.addObject().put("epoch", k + 1);
                Json.put(o, "x", x);
                Json.put(o, "fx", s.loss());
                Json.put(o, "derivative", d);
                Json.put(o, "step", lr * d);
                Json.put(o, "next", next);
                o.put("note", note(d));
            }
            return a;
        }

        /** The first step (from 1) at which f has grown twice running: where the divergence shows. */
        private int growingFrom() {
            for (int k = 2; k < steps.size(); k++) {
                if (steps.get(k).loss() > steps.get(k - 1).loss() && steps.get(k - 1).loss() > steps.get(k - 2).loss()) {
                    return k + 1;
                }
            }
            return Math.max(1, steps.size());
        }

        /** The course's reading of the derivative's sign. */
        static String note(double d) {
            if (d > 0) {
                return "derivative positive: the minimum is to the left, so x decreases";
            }
            if (d < 0) {
                return "derivative negative: the minimum is to the right, so x increases";
            }
            if (d == 0) {
                return "derivative zero: a flat point, so x stays where it is";
            }
            return "derivative not a number: f is not defined here";
        }

        /**
         * How the run went, and from which step on the page should say so: read from the steps
         * themselves, since the minimizer stops alike for a run that grows and one that stands still.
         */
        ObjectNode verdict(Expression f, double start, double lr) {
            ObjectNode v = Json.object();
            if (steps.isEmpty() && diverged != null) {
                return v.put("kind", "undefined").put("epoch", 0).put("message", "f is not defined at the start x = "
                        + Json.format(start) + " (f(x) = " + Functions.evaluate(f, start) + "): start inside its"
                        + " domain.");
            }
            Minimizer.Step last = steps.get(steps.size() - 1);
            double next = last.x()[0] - lr * last.gradient()[0];
            double first = steps.get(0).loss();
            if (diverged != null && Double.isNaN(Functions.evaluate(f, next))) {
                return v.put("kind", "undefined").put("epoch", steps.size()).put("message", "Left f's domain: step "
                        + steps.size() + " goes to x = " + Json.brief(next) + ", where f is not defined. A smaller"
                        + " learning rate takes smaller steps.");
            }
            if (diverged != null && !(last.loss() <= first)) {
                return v.put("kind", "diverged").put("epoch", growingFrom()).put("message", "Diverged: with learning"
                        + " rate " + Json.format(lr) + " each step overshoots the minimum by more than the last, so x"
                        + " runs away: f grew from " + Json.brief(first) + " to " + Json.brief(last.loss()) + " in "
                        + Json.count(steps.size(), "step") + ". Try a smaller learning rate.");
            }
            double lastDerivative = last.gradient()[0];
            if (Math.abs(lastDerivative) < 1e-6) {
                return v.put("kind", "converged").put("epoch", steps.size()).put("message", "Converged: after "
                        + Json.count(steps.size(), "step") + " the derivative is " + Json.brief(lastDerivative)
                        + ", so the steps have become tiny: x = " + Json.brief(end) + " is a minimum (or a flat"
                        + " point).");
            }
            int flips = 0;
            int firstFlip = 0;
            for (int k = 1; k < steps.size(); k++) {
                if (Math.signum(steps.get(k).gradient()[0]) * Math.signum(steps.get(k - 1).gradient()[0]) < 0) {
                    flips++;
                    if (firstFlip == 0 && flips >= 2) {
                        firstFlip = k + 1;
                    }
                }
            }
            if (steps.size() > 2 && flips >= (steps.size() - 1) / 2) {
                String message = last.loss() >= first
                        ? "Bouncing: each step jumps over the minimum and lands as high as it started, forever. The"
                                + " learning rate " + Json.format(lr) + " is right at the edge; a smaller one gets"
                                + " closer each step."
                        : "Oscillating: each step jumps over the minimum to the other side. The learning rate "
                                + Json.format(lr) + " is large for how steep f is here; a smaller one takes smaller"
                                + " jumps.";
                return v.put("kind", "oscillating").put("epoch", firstFlip).put("message", message);
            }
            return v.put("kind", "converging").put("epoch", steps.size()).put("message", "Still moving: after "
                    + Json.count(steps.size(), "step") + " the derivative is " + Json.brief(lastDerivative)
                    + "; more epochs or a larger learning rate would go further.");
        }
    }

    private static String java(Expression f, Expression derivative, double start, double lr, int epochs) {
        String x = f.variables().first();
        StringBuilder s = new StringBuilder();
        s.append("var f = Expression.parse(").append(Functions.javaQuote(f.source())).append(");\n");
        s.append("var options = Minimizer.Options.of(").append(Json.format(lr)).append(", ").append(epochs).append(");\n");
        s.append("double[] start = {").append(Json.format(start)).append("};\n");
        s.append("// autograd: x is a tensor that requires grad; each epoch runs backward() and steps x -= lr * x.grad\n");
        s.append("var result = Minimizer.autograd(vs -> f.evaluate(Map.of(\"").append(x)
                .append("\", vs.get(0))), start, options);\n");
        if (derivative != null) {
            s.append("// the hand-written derivative, as the course's NumPy code\n");
            s.append("var df = Expression.parse(").append(Functions.javaQuote(derivative.source())).append(");\n");
            s.append("var manual = Minimizer.manual(p -> f.evaluate(Map.of(\"").append(x).append("\", Tensor.of(p[0]))).item(),\n")
                    .append("        p -> new double[] {df.evaluate(Map.of(\"").append(x)
                    .append("\", Tensor.of(p[0]))).item()}, start, options);\n");
        }
        s.append("System.out.println(").append(derivative != null ? "manual" : "result").append(".minimizer()[0]);");
        return s.toString();
    }
}
