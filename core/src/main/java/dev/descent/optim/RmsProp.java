package dev.descent.optim;

import dev.descent.Tensor;
import java.util.List;
import java.util.Set;

/**
 * RMSprop ({@code torch.optim.RMSprop}): divides each gradient element by a running root mean
 * square of its recent values, optionally centred and with momentum.
 *
 * <p>Each step, with gradient ∇, weight decay λ, smoothing α, momentum μ and learning rate γ:
 * <pre>
 * g ← ∇ + λ·θ                                   (when λ ≠ 0)
 * v ← α·v + (1 − α)·g²
 * ḡ ← α·ḡ + (1 − α)·g,   d ← √(v − ḡ²) + ε      (centred)
 *                        d ← √v + ε             (otherwise)
 * b ← μ·b + g/d,   θ ← θ − γ·b                  (when μ &gt; 0; b starts at 0)
 * θ ← θ − γ·g/d                                 (otherwise)
 * </pre>
 * PyTorch's defaults: γ = 10⁻², α = 0.99, ε = 10⁻⁸, λ = 0, μ = 0, not centred.
 *
 * <pre>{@code
 * jshell> var rms = new RmsProp(model.parameters(), RmsProp.Options.lr(1e-3).withMomentum(0.9).withCentered(true));
 * }</pre>
 */
public final class RmsProp extends Optimizer {
    private static final String SQUARE_AVG = "square_avg";
    private static final String GRAD_AVG = "grad_avg";
    private static final String MOMENTUM = "momentum_buffer";

    private final Options options;

    /**
     * The hyperparameters of RMSprop, each checked when set.
     *
     * @param lr the learning rate γ, not negative
     * @param alpha α in [0, 1], the smoothing constant of the running averages
     * @param eps ε ≥ 0, added to the denominator for stability
     * @param weightDecay λ ≥ 0, an L2 penalty added to the gradient
     * @param momentum μ in [0, 1); 0 turns momentum off
     * @param centered divide by an estimate of the gradient's variance instead of its second moment
     * @param maximize ascend instead of descend (use −∇)
     */
    public record Options(double lr, double alpha, double eps, double weightDecay, double momentum, boolean centered,
                          boolean maximize) {
        /** Checks every value. */
        public Options {
            Hyper.learningRate("RmsProp", lr);
            Hyper.unit("RmsProp", "alpha", alpha, "0.99");
            Hyper.nonNegative("RmsProp", "eps", eps);
            Hyper.nonNegative("RmsProp", "weight decay", weightDecay);
            Hyper.belowOne("RmsProp", "momentum", momentum, "0.9");
        }

        /** PyTorch's defaults: lr 10⁻², alpha 0.99, eps 10⁻⁸, no weight decay or momentum, not centred. */
        public static Options defaults() {
            return lr(1e-2);
        }

        /** The defaults with learning rate {@code lr}. */
        public static Options lr(double lr) {
            return new Options(lr, 0.99, 1e-8, 0, 0, false, false);
        }

        /** These options with another learning rate. */
        public Options withLr(double value) {
            return new Options(value, alpha, eps, weightDecay, momentum, centered, maximize);
        }

        /** These options with smoothing constant α. */
        public Options withAlpha(double value) {
            return new Options(lr, value, eps, weightDecay, momentum, centered, maximize);
        }

        /** These options with ε. */
        public Options withEps(double value) {
            return new Options(lr, alpha, value, weightDecay, momentum, centered, maximize);
        }

        /** These options with weight decay λ. */
        public Options withWeightDecay(double value) {
            return new Options(lr, alpha, eps, value, momentum, centered, maximize);
        }

        /** These options with momentum μ. */
        public Options withMomentum(double value) {
            return new Options(lr, alpha, eps, weightDecay, value, centered, maximize);
        }

        /** These options centred or not. */
        public Options withCentered(boolean value) {
            return new Options(lr, alpha, eps, weightDecay, momentum, value, maximize);
        }

        /** These options maximizing (θ climbs the gradient) or minimizing. */
        public Options withMaximize(boolean value) {
            return new Options(lr, alpha, eps, weightDecay, momentum, centered, value);
        }
    }

    /**
     * An RMSprop optimizer over {@code params}.
     *
     * @throws IllegalArgumentException for bad parameters (see {@link Optimizer})
     */
    public RmsProp(List<Tensor> params, Options options) {
        super("RmsProp", params, options.lr(), options.maximize());
        this.options = options;
    }

    /** The options this optimizer was made with (the learning rate may since have changed: see {@link #learningRate()}). */
    public Options options() {
        return options;
    }

    @Override
    protected void update(int index, Tensor param, Tensor grad, long step) {
        Tensor g = options.weightDecay() == 0 ? grad : grad.add(param.mul(options.weightDecay()));
        double alpha = options.alpha();
        Tensor v = buffer(index, SQUARE_AVG, 0);
        v.mulInPlace(alpha).addInPlace(g.mul(g).mul(1 - alpha));
        Tensor avg;
        if (options.centered()) {
            Tensor gAvg = buffer(index, GRAD_AVG, 0);
            gAvg.mulInPlace(alpha).addInPlace(g, 1 - alpha);
            avg = v.sub(gAvg.mul(gAvg)).sqrt();
        } else {
            avg = v.sqrt();
        }
        avg = avg.add(options.eps());
        if (options.momentum() > 0) {
            Tensor b = buffer(index, MOMENTUM, 0);
            b.mulInPlace(options.momentum()).addInPlace(g.div(avg));
            param.subInPlace(b.mul(learningRate()));
        } else {
            param.subInPlace(g.div(avg).mul(learningRate()));
        }
    }

    @Override
    protected Set<String> stateNames() {
        return Set.of(SQUARE_AVG, GRAD_AVG, MOMENTUM);
    }
}
