package dev.descent.train;

import dev.descent.Tensor;
import dev.descent.nn.Module;
import java.util.ArrayList;
import java.util.List;

/**
 * A model's outputs for many rows, a chunk of rows at a time: a convolutional network's activations
 * for all 60,000 images of a data set at once would need gigabytes. In evaluation mode a row's output
 * does not depend on the other rows, and the kernels compute each element in one fixed order, so the
 * result is the bits of one forward pass over all rows.
 */
final class Outputs {
    /** Rows per forward pass. */
    static final int CHUNK = 1024;

    private Outputs() {
    }

    /** {@code model.forward(features)}, chunk by chunk along the first dimension; call it under no-grad. */
    static Tensor of(Module model, Tensor features) {
        int n = features.shape().size(0);
        if (n <= CHUNK) {
            return model.forward(features);
        }
        List<Tensor> parts = new ArrayList<>();
        for (int from = 0; from < n; from += CHUNK) {
            parts.add(model.forward(features.slice(0, from, Math.min(n, from + CHUNK))));
        }
        return Tensor.cat(parts, 0);
    }
}
