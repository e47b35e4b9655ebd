package dev.descent.data;

import dev.descent.Tensor;

/**
 * Features and targets whose first dimension indexes the samples
 * ({@code torch.utils.data.TensorDataset(x, y)}): row i of {@code features} goes with row i of
 * {@code targets}.
 *
 * <pre>{@code
 * jshell> var data = new TensorDataset(x, y);     // x: [506, 13], y: [506, 1]
 * jshell> data.size()
 * $2 ==> 506
 * }</pre>
 *
 * @param features the inputs, {@code [n, ...]}
 * @param targets the outputs, {@code [n, ...]}
 */
public record TensorDataset(Tensor features, Tensor targets) {
    /**
     * Checks that both have a first dimension of the same size.
     *
     * @throws IllegalArgumentException naming both shapes when they do not
     */
    public TensorDataset {
        if (features == null || targets == null) {
            throw new IllegalArgumentException("TensorDataset: features and targets must not be null");
        }
        if (features.dim() == 0 || targets.dim() == 0) {
            throw new IllegalArgumentException("TensorDataset: features " + features.shape() + " and targets "
                    + targets.shape() + " need a first dimension that counts the samples; use reshape(-1, 1) on a"
                    + " single value per sample");
        }
        if (features.shape().size(0) != targets.shape().size(0)) {
            throw new IllegalArgumentException("TensorDataset: features " + features.shape() + " and targets "
                    + targets.shape() + " differ in their first dimension (" + features.shape().size(0) + " != "
                    + targets.shape().size(0) + "); each sample needs one row in both");
        }
    }

    /** The number of samples ({@code len(dataset)}). */
    public int size() {
        return features.shape().size(0);
    }

    /** The samples at {@code indices}, in that order, as a batch. */
    public Batch batch(int... indices) {
        return new Batch(features.indexSelect(0, indices), targets.indexSelect(0, indices));
    }

    /** The samples at {@code indices}, in that order, as a new data set ({@code torch.utils.data.Subset}, copied). */
    public TensorDataset subset(int... indices) {
        return new TensorDataset(features.indexSelect(0, indices), targets.indexSelect(0, indices));
    }
}
