package dev.descent.nn;

import dev.descent.Tensor;

/**
 * The leaky rectifier, PyTorch's {@code nn.LeakyReLU}: y = x for x > 0, y = slope·x otherwise
 * (slope 0.01 by default); any shape → the same shape.
 */
public final class LeakyReLU extends Module {
    private final double negativeSlope;

    /** Slope 0.01, as PyTorch. */
    public LeakyReLU() {
        this(0.01);
    }

    /** The given slope for negative inputs. */
    public LeakyReLU(double negativeSlope) {
        this.negativeSlope = negativeSlope;
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.leakyRelu(negativeSlope);
    }

    /** The slope for negative inputs. */
    public double negativeSlope() {
        return negativeSlope;
    }

    @Override
    protected String extraRepr() {
        return "negativeSlope=" + negativeSlope;
    }
}
