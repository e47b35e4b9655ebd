package dev.descent.nn;

import dev.descent.Shape;
import dev.descent.ShapeException;
import dev.descent.Tensor;
import java.util.Random;

/**
 * Randomly zeroes whole channels during training, PyTorch's {@code nn.Dropout2d}: for
 * {@code [batch, C, H, W]} each (sample, channel) plane is kept with probability 1 − p and scaled by
 * 1/(1 − p), or zeroed; {@code [C, H, W]} drops channels alike. Neighbouring pixels of a feature map
 * are strongly correlated, so dropping single pixels would hardly regularise. Seeding, evaluation mode
 * and the random state are as {@link Dropout}'s.
 */
public final class Dropout2d extends AbstractDropout {
    /**
     * Drops each channel with probability {@code p} in [0, 1], seeding its masks from {@code rng}.
     *
     * @throws IllegalArgumentException if p is outside [0, 1]
     */
    public Dropout2d(double p, Random rng) {
        super(p, rng);
    }

    @Override
    Shape maskShape(Tensor input) {
        int[] d = input.shape().dims();
        if (d.length != 3 && d.length != 4) {
            throw new ShapeException("Dropout2d: input has shape " + input.shape()
                    + "; expected [batch, channels, height, width] or [channels, height, width]");
        }
        return d.length == 4 ? Shape.of(d[0], d[1], 1, 1) : Shape.of(d[0], 1, 1);
    }
}
