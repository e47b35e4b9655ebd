package dev.descent.nn;

import dev.descent.Tensor;
import java.util.Random;

/**
 * Randomly zeroes elements during training, PyTorch's {@code nn.Dropout}: y = x·m/(1 − p) with
 * each mᵢ ~ Bernoulli(1 − p) drawn afresh on every forward pass; any shape → the same shape.
 *
 * <p>This is "inverted" dropout: scaling the kept elements by 1/(1 − p) keeps E[y] = x, so in
 * evaluation mode the layer is the identity. The mask comes from the {@link Random} given to the
 * constructor, so a fixed seed gives the same masks run after run.
 *
 * <pre>{@code
 * jshell> var drop = new Dropout(0.5, new Random(0));
 * jshell> drop.forward(Tensor.ones(6))         // about half zero, the rest 2.0
 * jshell> drop.eval().forward(Tensor.ones(6))  // ones
 * }</pre>
 */
public final class Dropout extends Module {
    private final double p;
    private final Random rng;

    /** Drops each element with probability {@code p} in [0, 1], drawing masks from {@code rng}. */
    public Dropout(double p, Random rng) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("Dropout: probability must be in [0, 1], got " + p);
        }
        this.p = p;
        this.rng = rng;
    }

    @Override
    public Tensor forward(Tensor input) {
        if (!isTraining() || p == 0) {
            return input;
        }
        if (p == 1) {
            return input.mul(0.0);
        }
        // A comparison is a constant for autograd: the gradient is the same mask, scaled.
        Tensor keep = Tensor.rand(rng, input.shape().dims()).ge(p);
        return input.mul(keep.div(1 - p));
    }

    /** The probability of zeroing an element. */
    public double p() {
        return p;
    }

    @Override
    protected String extraRepr() {
        return "p=" + p;
    }
}
