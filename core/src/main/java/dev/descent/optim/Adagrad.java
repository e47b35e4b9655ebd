package dev.descent.optim;

import dev.descent.Tensor;
import java.util.List;
import java.util.Set;

/**
 * Adagrad ({@code torch.optim.Adagrad}): divides each gradient element by the root of the sum of
 * all its squares so far, so often-updated elements take smaller steps.
 *
 * <p>Each step t = 1, 2, ..., with gradient ∇, weight decay λ, learning-rate decay η and learning
 * rate γ:
 * <pre>
 * g ← ∇ + λ·θ                                   (when λ ≠ 0)
 * γₜ ← γ / (1 + (t − 1)·η)
 * s ← s + g²                                    (s starts at the initial accumulator value)
 * θ ← θ − γₜ · g / (√s + ε)
 * </pre>
 * PyTorch's defaults: γ = 10⁻², η = 0, λ = 0, s₀ = 0, ε = 10⁻¹⁰.
 *
 * <pre>{@code
 * jshell> var adagrad = new Adagrad(List.of(w), Adagrad.Options.lr(0.1).withLrDecay(1e-3));
 * }</pre>
 */
public final class Adagrad extends Optimizer {
    private static final String SUM = "sum";

    private final Options options;

    /**
     * The hyperparameters of Adagrad, each checked when set.
     *
     * @param lr the learning rate γ, not negative
     * @param lrDecay η ≥ 0: step t uses γ / (1 + (t − 1)·η)
     * @param weightDecay λ ≥ 0, an L2 penalty added to the gradient
     * @param initialAccumulatorValue s₀ ≥ 0, where the sum of squares starts
     * @param eps ε ≥ 0, added to the denominator for stability
     * @param maximize ascend instead of descend (use −∇)
     */
    public record Options(double lr, double lrDecay, double weightDecay, double initialAccumulatorValue, double eps,
                          boolean maximize) {
        /** Checks every value. */
        public Options {
            Hyper.learningRate("Adagrad", lr);
            Hyper.nonNegative("Adagrad", "learning-rate decay", lrDecay);
            Hyper.nonNegative("Adagrad", "weight decay", weightDecay);
            Hyper.nonNegative("Adagrad", "initial accumulator value", initialAccumulatorValue);
            Hyper.nonNegative("Adagrad", "eps", eps);
        }

        /** PyTorch's defaults: lr 10⁻², no decays, accumulator starting at 0, eps 10⁻¹⁰. */
        public static Options defaults() {
            return lr(1e-2);
        }

        /** The defaults with learning rate {@code lr}. */
        public static Options lr(double lr) {
            return new Options(lr, 0, 0, 0, 1e-10, false);
        }

        /** These options with another learning rate. */
        public Options withLr(double value) {
            return new Options(value, lrDecay, weightDecay, initialAccumulatorValue, eps, maximize);
        }

        /** These options with learning-rate decay η. */
        public Options withLrDecay(double value) {
            return new Options(lr, value, weightDecay, initialAccumulatorValue, eps, maximize);
        }

        /** These options with weight decay λ. */
        public Options withWeightDecay(double value) {
            return new Options(lr, lrDecay, value, initialAccumulatorValue, eps, maximize);
        }

        /** These options with the accumulator starting at {@code value}. */
        public Options withInitialAccumulatorValue(double value) {
            return new Options(lr, lrDecay, weightDecay, value, eps, maximize);
        }

        /** These options with ε. */
        public Options withEps(double value) {
            return new Options(lr, lrDecay, weightDecay, initialAccumulatorValue, value, maximize);
        }

        /** These options maximizing (θ climbs the gradient) or minimizing. */
        public Options withMaximize(boolean value) {
            return new Options(lr, lrDecay, weightDecay, initialAccumulatorValue, eps, value);
        }
    }

    /**
     * An Adagrad optimizer over {@code params}.
     *
     * @throws IllegalArgumentException for bad parameters (see {@link Optimizer})
     */
    public Adagrad(List<Tensor> params, Options options) {
        super("Adagrad", params, options.lr(), options.maximize());
        this.options = options;
    }

    /** The options this optimizer was made with (the learning rate may since have changed: see {@link #learningRate()}). */
    public Options options() {
        return options;
    }

    @Override
    protected void update(int index, Tensor param, Tensor grad, long step) {
        Tensor g = options.weightDecay() == 0 ? grad : grad.add(param.mul(options.weightDecay()));
        double clr = learningRate() / (1 + (step - 1) * options.lrDecay());
        Tensor sum = buffer(index, SUM, options.initialAccumulatorValue());
        sum.addInPlace(g.mul(g));
        Tensor std = sum.sqrt().add(options.eps());
        param.subInPlace(g.div(std).mul(clr));
    }

    @Override
    protected Set<String> stateNames() {
        return Set.of(SUM);
    }
}
