package dev.descent.nn;

import dev.descent.Tensor;

/** The rectifier, PyTorch's {@code nn.ReLU}: y = max(x, 0), with relu'(0) = 0; any shape → the same shape. */
public final class ReLU extends Module {
    @Override
    public Tensor forward(Tensor input) {
        return input.relu();
    }
}
