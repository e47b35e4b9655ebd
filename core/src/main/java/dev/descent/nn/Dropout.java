package dev.descent.nn;

import dev.descent.Shape;
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
public final class Dropout extends AbstractDropout {
    /**
     * Drops each element with probability {@code p} in [0, 1], seeding its masks from {@code rng}.
     *
     * @throws IllegalArgumentException if p is outside [0, 1]
     */
    public Dropout(double p, Random rng) {
        super(p, rng);
    }

    @Override
    Shape maskShape(Tensor input) {
        return input.shape();
    }
}
