package dev.descent.nn;

import dev.descent.Tensor;
import java.util.Random;

/**
 * Randomly zeroes elements during training, PyTorch's {@code nn.Dropout}: y = x·m/(1 − p) with
 * each mᵢ ~ Bernoulli(1 − p) drawn afresh on every forward pass; any shape → the same shape.
 *
 * <p>This is "inverted" dropout: scaling the kept elements by 1/(1 − p) keeps E[y] = x, so in
 * evaluation mode the layer is the identity. The layer takes one seed from the {@link Random}
 * given to the constructor; the mask of its k-th training forward pass comes from (seed, k)
 * alone. A fixed seed therefore gives the same masks run after run, and the whole random state
 * is two numbers ({@link Stochastic}), which a checkpoint saves to resume bit for bit.
 *
 * <pre>{@code
 * jshell> var drop = new Dropout(0.5, new Random(0));
 * jshell> drop.forward(Tensor.ones(6))         // about half zero, the rest 2.0
 * jshell> drop.eval().forward(Tensor.ones(6))  // ones
 * }</pre>
 */
public final class Dropout extends Module implements Stochastic {
    private final double p;
    private long seed;
    private long draws;

    /** Drops each element with probability {@code p} in [0, 1], seeding its masks from {@code rng}. */
    public Dropout(double p, Random rng) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("Dropout: probability must be in [0, 1], got " + p);
        }
        this.p = p;
        this.seed = rng.nextLong();
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
        // The mask takes the input's type, so that a float32 input stays float32.
        Tensor keep = Tensor.rand(input.shape(), mix(seed, draws++)).ge(p).to(input.dtype());
        return input.mul(keep.div(1 - p));
    }

    /** The probability of zeroing an element. */
    public double p() {
        return p;
    }

    @Override
    public long seed() {
        return seed;
    }

    @Override
    public long draws() {
        return draws;
    }

    @Override
    public void setRandomState(long seed, long draws) {
        if (draws < 0) {
            throw new IllegalArgumentException("Dropout.setRandomState: draws must not be negative, got " + draws);
        }
        this.seed = seed;
        this.draws = draws;
    }

    // SplitMix64's finaliser of seed + (k + 1)·φ: neighbouring draws get unrelated generators.
    private static long mix(long seed, long k) {
        long z = seed + (k + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    protected String extraRepr() {
        return "p=" + p;
    }
}
