package dev.descent.nn;

import dev.descent.Tensor;

/** The logistic function, PyTorch's {@code nn.Sigmoid}: y = 1/(1 + e⁻ˣ); any shape → the same shape. */
public final class Sigmoid extends Module {
    /** A logistic function layer; it has no parameters. */
    public Sigmoid() {
        // nothing to set up
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.sigmoid();
    }
}
