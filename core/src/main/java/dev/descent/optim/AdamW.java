package dev.descent.optim;

import dev.descent.Tensor;
import java.util.List;
import java.util.Set;

/**
 * AdamW ({@code torch.optim.AdamW}): Adam with decoupled weight decay — the parameters shrink by
 * γ·λ directly instead of through the gradient, so the decay is not rescaled by Adam's step sizes
 * (Loshchilov and Hutter, "Decoupled Weight Decay Regularization").
 *
 * <p>Each step t = 1, 2, ..., with gradient g:
 * <pre>
 * θ ← θ·(1 − γ·λ)
 * m ← β₁·m + (1 − β₁)·g
 * v ← β₂·v + (1 − β₂)·g²
 * v̂ ← max(v̂, v)   and use v̂ for v below        (AMSGrad)
 * θ ← θ − (γ / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
 * </pre>
 * PyTorch's defaults: γ = 10⁻³, β = (0.9, 0.999), ε = 10⁻⁸, λ = 10⁻².
 *
 * <pre>{@code
 * jshell> var adamw = new AdamW(model.parameters(), AdamW.Options.lr(1e-3).withWeightDecay(0.05));
 * }</pre>
 */
public final class AdamW extends Optimizer {
    private final Options options;

    /**
     * The hyperparameters of AdamW, each checked when set.
     *
     * @param lr the learning rate γ, positive
     * @param beta1 β₁ in [0, 1), the decay of the gradient average
     * @param beta2 β₂ in [0, 1), the decay of the squared-gradient average
     * @param eps ε ≥ 0, added to the denominator for stability
     * @param weightDecay λ ≥ 0, the decoupled decay rate (the parameters shrink by γ·λ per step)
     * @param amsgrad keep the largest v seen
     */
    public record Options(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad) {
        /** Checks every value. */
        public Options {
            Hyper.learningRate("AdamW", lr);
            Hyper.belowOne("AdamW", "beta1", beta1, "0.9");
            Hyper.belowOne("AdamW", "beta2", beta2, "0.999");
            Hyper.nonNegative("AdamW", "eps", eps);
            Hyper.nonNegative("AdamW", "weight decay", weightDecay);
        }

        /** PyTorch's defaults: lr 10⁻³, betas (0.9, 0.999), eps 10⁻⁸, weight decay 10⁻². */
        public static Options defaults() {
            return lr(1e-3);
        }

        /** The defaults with learning rate {@code lr}. */
        public static Options lr(double lr) {
            return new Options(lr, 0.9, 0.999, 1e-8, 1e-2, false);
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

        /** These options with decoupled weight decay λ. */
        public Options withWeightDecay(double value) {
            return new Options(lr, beta1, beta2, eps, value, amsgrad);
        }

        /** These options with AMSGrad on or off. */
        public Options withAmsgrad(boolean value) {
            return new Options(lr, beta1, beta2, eps, weightDecay, value);
        }
    }

    /**
     * An AdamW optimizer over {@code params}.
     *
     * @throws IllegalArgumentException for bad parameters (see {@link Optimizer})
     */
    public AdamW(List<Tensor> params, Options options) {
        super("AdamW", params, options.lr());
        this.options = options;
    }

    /** The options this optimizer was made with (the learning rate may since have changed: see {@link #learningRate()}). */
    public Options options() {
        return options;
    }

    @Override
    protected void update(int index, Tensor param, Tensor grad, long step) {
        if (options.weightDecay() != 0) {
            param.mulInPlace(1 - learningRate() * options.weightDecay());
        }
        AdamRule.apply(param, grad, buffer(index, AdamRule.EXP_AVG, 0), buffer(index, AdamRule.EXP_AVG_SQ, 0),
                options.amsgrad() ? buffer(index, AdamRule.MAX_EXP_AVG_SQ, 0) : null, step, learningRate(),
                options.beta1(), options.beta2(), options.eps());
    }

    @Override
    protected Set<String> stateNames() {
        return options.amsgrad() ? Set.of(AdamRule.EXP_AVG, AdamRule.EXP_AVG_SQ, AdamRule.MAX_EXP_AVG_SQ)
                : Set.of(AdamRule.EXP_AVG, AdamRule.EXP_AVG_SQ);
    }
}
