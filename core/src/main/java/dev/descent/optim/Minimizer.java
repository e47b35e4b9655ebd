package dev.descent.optim;

import dev.descent.NoGrad;
import dev.descent.Scope;
import dev.descent.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Gradient descent on a function of a few variables, the course's iterative way:
 * {@code x ← x − learning_rate · ∇f(x)} for a number of epochs, with the derivative from one of
 * three sources.
 *
 * <ul>
 *   <li>{@link #manual}: derivatives written by hand, the course's "NumPy style";</li>
 *   <li>{@link #autograd}: automatic differentiation, the "PyTorch style" (forward, backward,
 *       update under no-grad, zero the gradient);</li>
 *   <li>{@link #numeric}: central finite differences, {@code (f(x+h) − f(x−h)) / 2h}.</li>
 * </ul>
 *
 * <pre>{@code
 * var r = Minimizer.manual(x -> 2 * x[0] * x[0], x -> new double[] {4 * x[0]},
 *                          new double[] {-368}, Minimizer.Options.of(1e-2, 1000));
 * r.minimizer()[0];   // ≈ 0
 * }</pre>
 */
public final class Minimizer {
    private static final double NUMERIC_STEP = 1e-6;

    private Minimizer() {
    }

    /** Where a derivative comes from. */
    public enum Source { MANUAL, AUTOGRAD, NUMERIC }

    /** A function of n variables. */
    @FunctionalInterface
    public interface Objective {
        double value(double[] x);
    }

    /** Hand-written partial derivatives: one per variable. */
    @FunctionalInterface
    public interface Derivative {
        double[] at(double[] x);
    }

    /**
     * Settings: learning rate, epochs, and an optional tolerance: stop early once the gradient's
     * Euclidean norm falls below it (0 never stops early).
     */
    public record Options(double learningRate, int epochs, double tolerance, boolean recordPath,
                          Consumer<Step> onStep) {
        public Options {
            if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
                throw new IllegalArgumentException("minimize: learning rate must be a positive number, got " + learningRate);
            }
            if (epochs < 0) {
                throw new IllegalArgumentException("minimize: epochs must be at least 0, got " + epochs);
            }
            if (!(tolerance >= 0)) {
                throw new IllegalArgumentException("minimize: tolerance must be at least 0, got " + tolerance);
            }
        }

        /** The course's settings are {@code of(1e-2, 1000)}. */
        public static Options of(double learningRate, int epochs) {
            return new Options(learningRate, epochs, 0, true, null);
        }

        public Options withTolerance(double tolerance) {
            return new Options(learningRate, epochs, tolerance, recordPath, onStep);
        }

        /** Without the path: for timing, or very long runs. */
        public Options withoutPath() {
            return new Options(learningRate, epochs, tolerance, false, onStep);
        }

        /** Told every step as it is taken, before the update: to trace a run even when it then diverges. */
        public Options withStepListener(Consumer<Step> listener) {
            return new Options(learningRate, epochs, tolerance, recordPath, listener);
        }

        boolean wantsSteps() {
            return recordPath || onStep != null;
        }
    }

    /** One iterate: the point before the step, the loss there and the gradient used. */
    public record Step(int epoch, double[] x, double loss, double[] gradient) {
        @Override
        public String toString() {
            return "Step[epoch=" + epoch + ", x=" + Arrays.toString(x) + ", loss=" + loss + ", gradient="
                    + Arrays.toString(gradient) + "]";
        }
    }

    /**
     * The outcome: the minimiser found, the function's value there, how many steps were taken, and
     * the path (every iterate, the last one with its gradient) when it was recorded.
     */
    public record Result(Source source, double[] start, double[] minimizer, double value, int steps, List<Step> path) {
        /**
         * The largest coordinate difference between the minimizers of {@code results}: how far apart
         * runs from the same start with different derivatives (hand-written, autograd, numeric) end.
         */
        public static double maxDifference(List<Result> results) {
            double worst = 0;
            for (Result a : results) {
                for (Result b : results) {
                    for (int i = 0; i < a.minimizer().length; i++) {
                        worst = Math.max(worst, Math.abs(a.minimizer()[i] - b.minimizer()[i]));
                    }
                }
            }
            return worst;
        }
    }

    /** Gradient descent with hand-written derivatives. */
    public static Result manual(Objective f, Derivative df, double[] start, Options o) {
        return run(Source.MANUAL, f, df, start, o);
    }

    /** Gradient descent with central-difference derivatives (h = 1e-6). */
    public static Result numeric(Objective f, double[] start, Options o) {
        return run(Source.NUMERIC, f, x -> centralDifferences(f, x), start, o);
    }

    /**
     * Gradient descent with automatic differentiation, exactly as the course writes it in PyTorch:
     * each variable is a scalar tensor that requires grad; every epoch computes the loss (forward),
     * calls {@code backward()}, updates each variable under {@link NoGrad#scope()} and zeroes its
     * gradient.
     */
    public static Result autograd(Function<List<Tensor>, Tensor> f, double[] start, Options o) {
        List<Tensor> vars = new ArrayList<>(start.length);
        for (double s : start) {
            vars.add(Tensor.of(s).requiresGrad(true));
        }
        List<Step> path = new ArrayList<>();
        Divergence watch = divergence(o);
        Tensor learningRate = Tensor.of(o.learningRate());
        int steps = 0;
        for (int epoch = 0; epoch < o.epochs(); epoch++) {
            Tensor loss = f.apply(vars);
            watch.check(epoch, loss.item());
            loss.backward();
            double[] grad = new double[vars.size()];
            for (int i = 0; i < grad.length; i++) {
                Tensor g = vars.get(i).grad();
                grad[i] = g == null ? 0 : g.item();
            }
            if (o.wantsSteps()) {
                record(o, path, new Step(epoch, values(vars), loss.item(), grad));
            }
            if (norm(grad) < o.tolerance()) {
                break;
            }
            Scope s = NoGrad.scope();
            try (s) {
                for (Tensor v : vars) {
                    if (v.grad() != null) {
                        v.subInPlace(v.grad().mul(learningRate));
                    }
                }
            }
            for (Tensor v : vars) {
                v.zeroGrad();
            }
            steps++;
        }
        double[] x = values(vars);
        double value;
        Scope s = NoGrad.scope();
        try (s) {
            value = f.apply(vars).item();
        }
        return finish(Source.AUTOGRAD, start, x, value, steps, path, watch, o);
    }

    private static Result run(Source source, Objective f, Derivative df, double[] start, Options o) {
        double[] x = start.clone();
        List<Step> path = new ArrayList<>();
        Divergence watch = divergence(o);
        int steps = 0;
        for (int epoch = 0; epoch < o.epochs(); epoch++) {
            double loss = f.value(x);
            watch.check(epoch, loss);
            double[] grad = df.at(x);
            if (grad.length != x.length) {
                throw new IllegalArgumentException("minimize: " + grad.length + " derivatives given for " + x.length
                        + " variables; give one partial derivative per variable");
            }
            if (o.wantsSteps()) {
                record(o, path, new Step(epoch, x.clone(), loss, grad.clone()));
            }
            if (norm(grad) < o.tolerance()) {
                break;
            }
            for (int i = 0; i < x.length; i++) {
                x[i] -= o.learningRate() * grad[i];
            }
            steps++;
        }
        return finish(source, start, x, f.value(x), steps, path, watch, o);
    }

    private static Result finish(Source source, double[] start, double[] x, double value, int steps, List<Step> path,
                                 Divergence watch, Options o) {
        watch.check(steps, value);
        double first = watch.startLoss();
        if (steps > 0 && o.tolerance() == 0 && value >= first && first > 0) {
            throw new DivergenceException("minimize: no progress after " + steps + " epochs (the loss was "
                    + Divergence.number(first) + " at the start and is " + Divergence.number(value)
                    + " now) with learning rate " + Divergence.number(o.learningRate())
                    + "; try a smaller learning rate", steps, "try a smaller learning rate");
        }
        return new Result(source, start.clone(), x, value, steps, path);
    }

    private static void record(Options o, List<Step> path, Step step) {
        if (o.recordPath()) {
            path.add(step);
        }
        if (o.onStep() != null) {
            o.onStep().accept(step);
        }
    }

    private static Divergence divergence(Options o) {
        return new Divergence("minimize", o.learningRate(), "try a smaller learning rate");
    }

    /** ∂f/∂xᵢ ≈ (f(x + h·eᵢ) − f(x − h·eᵢ)) / 2h, with h scaled to the size of xᵢ. */
    public static double[] centralDifferences(Objective f, double[] x) {
        double[] g = new double[x.length];
        double[] probe = x.clone();
        for (int i = 0; i < x.length; i++) {
            double h = NUMERIC_STEP * Math.max(1.0, Math.abs(x[i]));
            probe[i] = x[i] + h;
            double plus = f.value(probe);
            probe[i] = x[i] - h;
            double minus = f.value(probe);
            probe[i] = x[i];
            g[i] = (plus - minus) / (2 * h);
        }
        return g;
    }

    private static double[] values(List<Tensor> vars) {
        double[] x = new double[vars.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = vars.get(i).item();
        }
        return x;
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d * d;
        }
        return Math.sqrt(s);
    }
}
