package dev.descent.nn;

/**
 * A module whose forward pass draws random numbers, with a random state small enough to save:
 * a seed and the number of draws made so far (the part of {@code torch.get_rng_state()} that a
 * layer such as {@link Dropout} needs).
 *
 * <p>Each draw is generated from (seed, draw number) alone, so restoring the two numbers continues
 * exactly the stream an uninterrupted run would have seen. A checkpoint saves them with
 * {@link #seed()} and {@link #draws()} and restores them with {@link #setRandomState(long, long)}.
 */
public interface Stochastic {
    /** The seed of this module's random stream. */
    long seed();

    /** The number of draws made so far (training forward passes, for Dropout). */
    long draws();

    /**
     * Continues the stream of {@code seed} after {@code draws} draws, as a restored checkpoint does.
     *
     * @throws IllegalArgumentException when {@code draws} is negative
     */
    void setRandomState(long seed, long draws);
}
