package dev.descent.optim;

import dev.descent.Tensor;
import java.util.List;
import java.util.Set;

/**
 * Stochastic gradient descent ({@code torch.optim.SGD}): θ ← θ − γ·g, the course's
 * {@code x -= lr * x.grad}, with PyTorch's optional weight decay, momentum and Nesterov momentum.
 *
 * <p>Each step, with gradient ∇, weight decay λ, momentum μ, dampening τ and learning rate γ:
 * <pre>
 * g ← ∇ + λ·θ                          (when λ ≠ 0)
 * b ← g                                (first step: no dampening)
 * b ← μ·b + (1 − τ)·g                  (later steps, when μ ≠ 0)
 * g ← g + μ·b   (Nesterov)   or   g ← b
 * θ ← θ − γ·g
 * </pre>
 *
 * <pre>{@code
 * jshell> var x = Tensor.of(500.0).requiresGrad(true);
 * jshell> var sgd = new Sgd(List.of(x), Sgd.Options.lr(0.01));
 * jshell> x.pow(2).mul(2).backward(); sgd.step(); sgd.zeroGrad();
 * jshell> x.item()                        // 500 − 0.01·4·500
 * $5 ==> 480.0
 * }</pre>
 */
public final class Sgd extends Optimizer {
    private static final String BUFFER = "momentum_buffer";

    private final Options options;

    /**
     * The hyperparameters of SGD, each checked when set: {@code Sgd.Options.lr(0.01).withMomentum(0.9)}.
     *
     * @param lr the learning rate γ, not negative
     * @param momentum μ in [0, 1); 0 turns momentum off
     * @param dampening τ in [0, 1], applied to the gradient in the momentum buffer after the first step
     * @param nesterov use Nesterov momentum (needs μ &gt; 0 and τ = 0, checked by {@link Sgd})
     * @param weightDecay λ ≥ 0, an L2 penalty added to the gradient
     * @param maximize ascend instead of descend (use −∇)
     */
    public record Options(double lr, double momentum, double dampening, boolean nesterov, double weightDecay,
                          boolean maximize) {
        /** Checks every value. */
        public Options {
            Hyper.learningRate("Sgd", lr);
            Hyper.belowOne("Sgd", "momentum", momentum, "0.9");
            Hyper.unit("Sgd", "dampening", dampening, "0");
            Hyper.nonNegative("Sgd", "weight decay", weightDecay);
        }

        /** Plain gradient descent with learning rate {@code lr}: no momentum, no weight decay. */
        public static Options lr(double lr) {
            return new Options(lr, 0, 0, false, 0, false);
        }

        /** These options with another learning rate. */
        public Options withLr(double value) {
            return new Options(value, momentum, dampening, nesterov, weightDecay, maximize);
        }

        /** These options with momentum μ. */
        public Options withMomentum(double value) {
            return new Options(lr, value, dampening, nesterov, weightDecay, maximize);
        }

        /** These options with dampening τ. */
        public Options withDampening(double value) {
            return new Options(lr, momentum, value, nesterov, weightDecay, maximize);
        }

        /** These options with Nesterov momentum on or off. */
        public Options withNesterov(boolean value) {
            return new Options(lr, momentum, dampening, value, weightDecay, maximize);
        }

        /** These options with weight decay λ. */
        public Options withWeightDecay(double value) {
            return new Options(lr, momentum, dampening, nesterov, value, maximize);
        }

        /** These options maximizing (θ climbs the gradient) or minimizing. */
        public Options withMaximize(boolean value) {
            return new Options(lr, momentum, dampening, nesterov, weightDecay, value);
        }
    }

    /**
     * An SGD optimizer over {@code params}.
     *
     * @throws IllegalArgumentException for bad parameters (see {@link Optimizer}) or Nesterov
     *     momentum without momentum or with dampening
     */
    public Sgd(List<Tensor> params, Options options) {
        super("Sgd", params, options.lr(), options.maximize());
        if (options.nesterov() && (options.momentum() == 0 || options.dampening() != 0)) {
            throw new IllegalArgumentException("Sgd: Nesterov momentum needs momentum > 0 and dampening 0, got momentum "
                    + options.momentum() + " and dampening " + options.dampening()
                    + "; use Sgd.Options.lr(..).withMomentum(0.9).withNesterov(true)");
        }
        this.options = options;
    }

    /** The options this optimizer was made with (the learning rate may since have changed: see {@link #learningRate()}). */
    public Options options() {
        return options;
    }

    @Override
    protected void update(int index, Tensor param, Tensor grad, long step) {
        Tensor g = grad;
        if (options.weightDecay() != 0) {
            g = g.add(param.mul(options.weightDecay()));
        }
        double mu = options.momentum();
        if (mu != 0) {
            Tensor b = buffer(index, BUFFER);
            if (b == null) {
                b = g.detach().clone();
                setBuffer(index, BUFFER, b);
            } else {
                b.mulInPlace(mu).addInPlace(g, 1 - options.dampening());
            }
            g = options.nesterov() ? g.add(b.mul(mu)) : b;
        }
        // p + g·(−γ) rounds exactly as p − g·γ, without the temporary g·γ.
        param.addInPlace(g, -learningRate());
    }

    @Override
    protected Set<String> stateNames() {
        return Set.of(BUFFER);
    }
}
