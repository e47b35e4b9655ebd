package dev.descent.optim;

import dev.descent.Tensor;
import java.util.List;
import java.util.Set;

/**
 * Adam ({@code torch.optim.Adam}): gradient descent with per-element step sizes from running
 * averages of the gradient and its square, corrected for their start at zero.
 *
 * <p>Each step t = 1, 2, ..., with gradient ∇, L2 weight decay λ and learning rate γ:
 * <pre>
 * g ← ∇ + λ·θ                                   (when λ ≠ 0)
 * m ← β₁·m + (1 − β₁)·g
 * v ← β₂·v + (1 − β₂)·g²
 * v̂ ← max(v̂, v)   and use v̂ for v below        (AMSGrad)
 * θ ← θ − (γ / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
 * </pre>
 * PyTorch's defaults: γ = 10⁻³, β = (0.9, 0.999), ε = 10⁻⁸, λ = 0. For decoupled weight decay
 * use {@link AdamW}.
 *
 * <pre>{@code
 * jshell> var adam = new Adam(model.parameters(), Adam.Options.defaults());
 * jshell> var fast = new Adam(List.of(w, b), Adam.Options.lr(0.01).withAmsgrad(true));
 * }</pre>
 */
public final class Adam extends Optimizer {
    private final Options options;

    /**
     * The hyperparameters of Adam, each checked when set.
     *
     * @param lr the learning rate γ, positive
     * @param beta1 β₁ in [0, 1), the decay of the gradient average
     * @param beta2 β₂ in [0, 1), the decay of the squared-gradient average
     * @param eps ε ≥ 0, added to the denominator for stability
     * @param weightDecay λ ≥ 0, an L2 penalty added to the gradient
     * @param amsgrad keep the largest v seen (Reddi et al., "On the Convergence of Adam and Beyond")
     */
    public record Options(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad) {
        /** Checks every value. */
        public Options {
            Hyper.learningRate("Adam", lr);
            Hyper.belowOne("Adam", "beta1", beta1, "0.9");
            Hyper.belowOne("Adam", "beta2", beta2, "0.999");
            Hyper.nonNegative("Adam", "eps", eps);
            Hyper.nonNegative("Adam", "weight decay", weightDecay);
        }

        /** PyTorch's defaults: lr 10⁻³, betas (0.9, 0.999), eps 10⁻⁸, no weight decay. */
        public static Options defaults() {
            return lr(1e-3);
        }

        /** The defaults with learning rate {@code lr}. */
        public static Options lr(double lr) {
            return new Options(lr, 0.9, 0.999, 1e-8, 0, false);
        }

        /** These options with another learning rate. */
        public Options withLr(double value) {
            return new Options(value, beta1, beta2, eps, weightDecay, amsgrad);
        }

        /** These options with betas (β₁, β₂). */
        public Options withBetas(double b1, double b2) {
            return new Options(lr, b1, b2, eps, weightDecay, amsgrad);
        }

        /** These options with ε. */
        public Options withEps(double value) {
            return new Options(lr, beta1, beta2, value, weightDecay, amsgrad);
        }

        /** These options with L2 weight decay λ. */
        public Options withWeightDecay(double value) {
            return new Options(lr, beta1, beta2, eps, value, amsgrad);
        }

        /** These options with AMSGrad on or off. */
        public Options withAmsgrad(boolean value) {
            return new Options(lr, beta1, beta2, eps, weightDecay, value);
        }
    }

    /**
     * An Adam optimizer over {@code params}.
     *
     * @throws IllegalArgumentException for bad parameters (see {@link Optimizer})
     */
    public Adam(List<Tensor> params, Options options) {
        super("Adam", params, options.lr());
        this.options = options;
    }

    /** The options this optimizer was made with (the learning rate may since have changed: see {@link #learningRate()}). */
    public Options options() {
        return options;
    }

    @Override
    protected void update(int index, Tensor param, Tensor grad, long step) {
        Tensor g = options.weightDecay() == 0 ? grad : grad.add(param.mul(options.weightDecay()));
        AdamRule.apply(param, g, buffer(index, AdamRule.EXP_AVG, 0), buffer(index, AdamRule.EXP_AVG_SQ, 0),
                options.amsgrad() ? buffer(index, AdamRule.MAX_EXP_AVG_SQ, 0) : null, step, learningRate(),
                options.beta1(), options.beta2(), options.eps());
    }

    @Override
    protected Set<String> stateNames() {
        return options.amsgrad() ? Set.of(AdamRule.EXP_AVG, AdamRule.EXP_AVG_SQ, AdamRule.MAX_EXP_AVG_SQ)
                : Set.of(AdamRule.EXP_AVG, AdamRule.EXP_AVG_SQ);
    }
}
