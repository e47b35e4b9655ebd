package dev.descent.optim;

import dev.descent.Tensor;
import java.util.List;
import java.util.Set;

/**
 * Adam ({@code torch.optim.Adam}): gradient descent with per-element step sizes from running
 * averages of the gradient and its square, corrected for their start at zero (Kingma and Ba,
 * "Adam: A Method for Stochastic Optimization"). With decoupled weight decay it is AdamW
 * ({@link AdamW}, PyTorch's {@code Adam(decoupled_weight_decay=True)}).
 *
 * <p>Each step t = 1, 2, ..., with gradient ∇ (−∇ when maximizing), weight decay λ and learning rate γ:
 * <pre>
 * g ← ∇ + λ·θ                                   (L2 weight decay, when λ ≠ 0)
 * θ ← θ·(1 − γ·λ)   and g ← ∇                   (decoupled weight decay instead)
 * m ← β₁·m + (1 − β₁)·g
 * v ← β₂·v + (1 − β₂)·g²
 * v̂ ← max(v̂, v)   and use v̂ for v below        (AMSGrad)
 * θ ← θ − (γ / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
 * </pre>
 * The bias corrections are applied as torch.optim.Adam does: to the step size and to √v
 * separately, so ε is added after the correction. PyTorch's defaults: γ = 10⁻³, β = (0.9, 0.999),
 * ε = 10⁻⁸, λ = 0.
 *
 * <pre>{@code
 * jshell> var adam = new Adam(model.parameters(), Adam.Options.defaults());
 * jshell> var fast = new Adam(List.of(w, b), Adam.Options.lr(0.01).withAmsgrad(true));
 * }</pre>
 */
public class Adam extends Optimizer {
    private static final String EXP_AVG = "exp_avg";
    private static final String EXP_AVG_SQ = "exp_avg_sq";
    private static final String MAX_EXP_AVG_SQ = "max_exp_avg_sq";

    private final Options options;

    /**
     * The hyperparameters of Adam and AdamW, each checked when set.
     *
     * @param lr the learning rate γ, not negative
     * @param beta1 β₁ in [0, 1), the decay of the gradient average
     * @param beta2 β₂ in [0, 1), the decay of the squared-gradient average
     * @param eps ε ≥ 0, added to the denominator for stability
     * @param weightDecay λ ≥ 0: an L2 penalty added to the gradient, or with {@code decoupledWeightDecay}
     *     the rate at which the parameters shrink (by γ·λ per step)
     * @param amsgrad keep the largest v seen (Reddi et al., "On the Convergence of Adam and Beyond")
     * @param maximize ascend instead of descend (use −∇)
     * @param decoupledWeightDecay AdamW's decay (Loshchilov and Hutter, "Decoupled Weight Decay Regularization")
     */
    public record Options(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad,
                          boolean maximize, boolean decoupledWeightDecay) {
        /** Checks every value. */
        public Options {
            String op = decoupledWeightDecay ? "AdamW" : "Adam";
            Hyper.learningRate(op, lr);
            Hyper.belowOne(op, "beta1", beta1, "0.9");
            Hyper.belowOne(op, "beta2", beta2, "0.999");
            Hyper.nonNegative(op, "eps", eps);
            Hyper.nonNegative(op, "weight decay", weightDecay);
        }

        /** PyTorch's defaults: lr 10⁻³, betas (0.9, 0.999), eps 10⁻⁸, no weight decay. */
        public static Options defaults() {
            return lr(1e-3);
        }

        /** The defaults with learning rate {@code lr}. */
        public static Options lr(double lr) {
            return new Options(lr, 0.9, 0.999, 1e-8, 0, false, false, false);
        }

        /** These options with another learning rate. */
        public Options withLr(double value) {
            return new Options(value, beta1, beta2, eps, weightDecay, amsgrad, maximize, decoupledWeightDecay);
        }

        /** These options with betas (β₁, β₂). */
        public Options withBetas(double b1, double b2) {
            return new Options(lr, b1, b2, eps, weightDecay, amsgrad, maximize, decoupledWeightDecay);
        }

        /** These options with ε. */
        public Options withEps(double value) {
            return new Options(lr, beta1, beta2, value, weightDecay, amsgrad, maximize, decoupledWeightDecay);
        }

        /** These options with weight decay λ. */
        public Options withWeightDecay(double value) {
            return new Options(lr, beta1, beta2, eps, value, amsgrad, maximize, decoupledWeightDecay);
        }

        /** These options with AMSGrad on or off. */
        public Options withAmsgrad(boolean value) {
            return new Options(lr, beta1, beta2, eps, weightDecay, value, maximize, decoupledWeightDecay);
        }

        /** These options maximizing (θ climbs the gradient) or minimizing. */
        public Options withMaximize(boolean value) {
            return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad, value, decoupledWeightDecay);
        }

        /** These options with AdamW's decoupled weight decay on or off. */
        public Options withDecoupledWeightDecay(boolean value) {
            return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize, value);
        }
    }

    /**
     * An Adam optimizer over {@code params} (AdamW when the options say decoupled weight decay).
     *
     * @throws IllegalArgumentException for bad parameters (see {@link Optimizer})
     */
    public Adam(List<Tensor> params, Options options) {
        super(options.decoupledWeightDecay() ? "AdamW" : "Adam", params, options.lr(), options.maximize());
        this.options = options;
    }

    /** The options this optimizer was made with (the learning rate may since have changed: see {@link #learningRate()}). */
    public final Options options() {
        return options;
    }

    @Override
    protected final void update(int index, Tensor param, Tensor grad, long step) {
        double lr = learningRate();
        Tensor g = grad;
        if (options.weightDecay() != 0) {
            if (options.decoupledWeightDecay()) {
                param.mulInPlace(1 - lr * options.weightDecay());
            } else {
                g = grad.add(param.mul(options.weightDecay()));
            }
        }
        double beta1 = options.beta1();
        double beta2 = options.beta2();
        Tensor m = buffer(index, EXP_AVG, 0);
        Tensor v = buffer(index, EXP_AVG_SQ, 0);
        m.mulInPlace(beta1).addInPlace(g, 1 - beta1);
        v.mulInPlace(beta2).addInPlace(g.mul(g).mul(1 - beta2));
        double stepSize = lr / (1 - Math.pow(beta1, (double) step));
        double biasCorrection2 = 1 - Math.pow(beta2, (double) step);
        Tensor second = v;
        if (options.amsgrad()) {
            Tensor vMax = buffer(index, MAX_EXP_AVG_SQ, 0);
            vMax.copyInPlace(vMax.maximum(v));
            second = vMax;
        }
        Tensor denom = second.sqrt().div(Math.sqrt(biasCorrection2)).add(options.eps());
        param.subInPlace(m.div(denom).mul(stepSize));
    }

    @Override
    protected final Set<String> stateNames() {
        return options.amsgrad() ? Set.of(EXP_AVG, EXP_AVG_SQ, MAX_EXP_AVG_SQ) : Set.of(EXP_AVG, EXP_AVG_SQ);
    }
}
