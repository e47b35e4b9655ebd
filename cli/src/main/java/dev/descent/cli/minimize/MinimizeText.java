package dev.descent.cli.minimize;

import dev.descent.cli.common.Formatting;
import dev.descent.optim.Minimizer;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** The text output of {@code descent minimize}, in the course's words. */
final class MinimizeText {
    private static final int EVERY_STEP_FOR = 5;

    private final PrintWriter out;
    private final CommandLineFunction problem;
    private int lastTraced = -1;
    private boolean gapExplained;

    MinimizeText(PrintWriter out, CommandLineFunction problem) {
        this.out = out;
        this.problem = problem;
    }

    public void header(String expression, double learningRate, int epochs, Long seed) {
        out.printf(Locale.ROOT, "minimize f(%s) = %s by gradient descent: learning rate %s, %d epochs%n",
                String.join(", ", problem.variables()), expression, Formatting.num(learningRate), epochs);
        if (seed != null) {
            out.println("random start from seed " + seed + " (--seed N starts elsewhere)");
        }
    }

    /**
     * Prints steps as they are taken: every step for the first few, then about ten more at even
     * intervals; {@link #endTrace} adds the last one.
     */
    public java.util.function.Consumer<Minimizer.Step> tracer(int epochs, double learningRate) {
        int interval = Math.max(1, epochs / 10);
        out.println();
        return s -> {
            int i = s.epoch();
            if (i < EVERY_STEP_FOR || i % interval == 0) {
                skipped(i, interval);
                step(s, learningRate);
                lastTraced = i;
            }
            out.flush();
        };
    }

    public void endTrace(Minimizer.Result r, double learningRate) {
        List<Minimizer.Step> path = r.path();
        if (!path.isEmpty() && path.get(path.size() - 1).epoch() != lastTraced) {
            skipped(path.get(path.size() - 1).epoch(), 0);
            step(path.get(path.size() - 1), learningRate);
        }
        out.println();
    }

    /** Marks the epochs between the last one shown and {@code epoch} with "…", so that a gap never looks like a step. */
    private void skipped(int epoch, int interval) {
        if (epoch > lastTraced + 1) {
            int from = lastTraced + 1;
            int to = epoch - 1;
            out.println("  … " + (from == to ? "epoch " + from : "epochs " + from + " to " + to) + " not shown"
                    + (interval > 1 && !gapExplained ? " (from here on, one epoch in " + interval + " is shown)" : ""));
            gapExplained = true;
        }
    }

    private void step(Minimizer.Step s, double learningRate) {
        out.printf(Locale.ROOT, "epoch %d: f = %s%n", s.epoch(), Formatting.num(s.loss()));
        for (int v = 0; v < s.x().length; v++) {
            String name = problem.variables().get(v);
            double g = s.gradient()[v];
            String sign = g > 0 ? "positive: the minimum is to the left, so " + name + " decreases"
                    : g < 0 ? "negative: the minimum is to the right, so " + name + " increases"
                    : "zero: " + name + " stays";
            double step = learningRate * g;
            out.printf(Locale.ROOT, "  %s = %s, df/d%s = %s (%s); step lr*df/d%s = %s; new %s = %s%n",
                    name, Formatting.num(s.x()[v]), name, Formatting.num(g), sign, name, Formatting.num(step), name, Formatting.num(s.x()[v] - step));
        }
    }

    public void result(Minimizer.Result r) {
        String source = switch (r.source()) {
            case MANUAL -> "hand-written derivative";
            case AUTOGRAD -> "autograd";
            case NUMERIC -> "numeric derivative (central differences)";
        };
        out.println(source + ":");
        out.println("  start:     " + point(r.start()));
        out.println("  minimizer: " + point(r.minimizer()));
        out.println("  value:     f = " + Formatting.num(r.value()));
        out.println("  steps:     " + r.steps());
    }

    public void agreement(List<Minimizer.Result> results) {
        out.println("largest difference between the minimizers: " + Formatting.num(Minimizer.Result.maxDifference(results)));
    }

    private String point(double[] x) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < x.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(problem.variables().get(i)).append(" = ").append(Formatting.num(x[i]));
        }
        return sb.toString();
    }


}
