package dev.descent.nn;

import dev.descent.Shape;
import dev.descent.Tensor;
import java.util.Random;

/**
 * Randomly zeroes parts of the input during training, PyTorch's {@code _DropoutNd}: y = x·m/(1 − p)
 * with each mask element ~ Bernoulli(1 − p) drawn afresh on every forward pass; {@link Dropout}
 * draws one per element, {@link Dropout2d} one per channel.
 *
 * <p>This is "inverted" dropout: scaling the kept elements by 1/(1 − p) keeps E[y] = x, so in
 * evaluation mode the layer is the identity. The layer takes one seed from the {@link Random}
 * given to the constructor; the mask of its k-th training forward pass comes from (seed, k)
 * alone. A fixed seed therefore gives the same masks run after run, and the whole random state
 * is two numbers ({@link Stochastic}), which a checkpoint saves to resume bit for bit.
 */
public abstract sealed class AbstractDropout extends Module implements Stochastic permits Dropout, Dropout2d {
    private final double p;
    private long seed;
    private long draws;

    /** Drops with probability {@code p} in [0, 1], seeding the masks from {@code rng}. */
    AbstractDropout(double p, Random rng) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": probability must be in [0, 1], got " + p);
        }
        this.p = p;
        this.seed = rng.nextLong();
    }

    @Override
    public final Tensor forward(Tensor input) {
        if (!isTraining() || p == 0) {
            return input;
        }
        if (p == 1) {
            return input.mul(0.0);
        }
        // A comparison is a constant for autograd: the gradient is the same mask, scaled.
        // The mask takes the input's type, so that a float32 input stays float32.
        Tensor keep = Tensor.rand(maskShape(input), mix(seed, draws++)).ge(p).to(input.dtype());
        return input.mul(keep.div(1 - p));
    }

    /** The shape of one mask, which broadcasts against the input. */
    abstract Shape maskShape(Tensor input);

    /** The probability of zeroing an element (a channel for Dropout2d). */
    public final double p() {
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
