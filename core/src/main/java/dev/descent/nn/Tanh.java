package dev.descent.nn;

import dev.descent.Tensor;

/** The hyperbolic tangent, PyTorch's {@code nn.Tanh}: y = (eˣ − e⁻ˣ)/(eˣ + e⁻ˣ); any shape → the same shape. */
public final class Tanh extends Module {
    /** A hyperbolic tangent layer; it has no parameters. */
    public Tanh() {
        // nothing to set up
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.tanh();
    }
}
