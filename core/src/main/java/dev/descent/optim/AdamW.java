package dev.descent.optim;

import dev.descent.Tensor;
import java.util.List;

/**
 * AdamW ({@code torch.optim.AdamW}): {@link Adam} with decoupled weight decay — the parameters
 * shrink by γ·λ directly instead of through the gradient, so the decay is not rescaled by Adam's
 * step sizes (Loshchilov and Hutter, "Decoupled Weight Decay Regularization"). PyTorch's defaults:
 * γ = 10⁻³, β = (0.9, 0.999), ε = 10⁻⁸, λ = 10⁻².
 *
 * <pre>{@code
 * jshell> var adamw = new AdamW(model.parameters(), AdamW.defaults().withWeightDecay(0.05));
 * }</pre>
 */
public final class AdamW extends Adam {
    /**
     * An AdamW optimizer over {@code params}; the options' decoupled-weight-decay flag is set.
     *
     * @throws IllegalArgumentException for bad parameters (see {@link Optimizer})
     */
    public AdamW(List<Tensor> params, Adam.Options options) {
        super(params, options.withDecoupledWeightDecay(true));
    }

    /** PyTorch's AdamW defaults: lr 10⁻³, betas (0.9, 0.999), eps 10⁻⁸, weight decay 10⁻². */
    public static Adam.Options defaults() {
        return lr(1e-3);
    }

    /** AdamW's defaults with learning rate {@code lr}. */
    public static Adam.Options lr(double lr) {
        return new Adam.Options(lr, 0.9, 0.999, 1e-8, 1e-2, false, false, true);
    }
}
