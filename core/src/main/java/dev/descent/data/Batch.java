package dev.descent.data;

import dev.descent.Tensor;

/**
 * One mini-batch from a {@link DataLoader}: the rows of the features and the matching targets,
 * as the {@code (x, y)} pair a PyTorch {@code DataLoader} yields. A batch of all rows in order is
 * the data set's own tensors (no copy): change a batch in place and the data set changes.
 *
 * @param features the batch's rows of the features, {@code [batch, ...]}
 * @param targets the batch's targets, {@code [batch, ...]}
 */
public record Batch(Tensor features, Tensor targets) {
    /** The number of rows in this batch. */
    public int size() {
        return features.shape().size(0);
    }
}
