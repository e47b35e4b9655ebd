package dev.descent.nn;

import dev.descent.Tensor;

/** The rectifier, PyTorch's {@code nn.ReLU}: y = max(x, 0), with relu'(0) = 0; any shape → the same shape. */
public final class ReLU extends Module {
    /** A rectifier layer; it has no parameters. */
    public ReLU() {
        // nothing to set up
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.relu();
    }
}
