package dev.descent.spark;

import dev.descent.DType;
import dev.descent.Shape;
import dev.descent.Tensor;
import dev.descent.train.LossFunction;
import java.io.Serializable;

/**
 * One partition's rows, as a cluster node holds them between steps: the features row-major and the
 * targets, as doubles.
 *
 * @param index the partition's index, which fixes its place in every step's sum
 * @param features {@code rows × columns} values, row-major
 * @param targets one value per row (a number, or a class index for a classifier)
 * @param columns the number of feature columns
 */
public record Shard(int index, double[] features, double[] targets, int columns) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The number of rows. */
    public int rows() {
        return targets.length;
    }

    /**
     * The given rows, in that order, as the model and {@code loss} take them, in {@code dtype}: the
     * features {@code [picked, columns]} and the targets (as {@link #targetTensor}); only those rows
     * are copied.
     */
    public Tensor[] batch(int[] picked, LossFunction loss, DType dtype) {
        double[] x = new double[picked.length * columns];
        double[] y = new double[picked.length];
        for (int i = 0; i < picked.length; i++) {
            System.arraycopy(features, picked[i] * columns, x, i * columns, columns);
            y[i] = targets[picked[i]];
        }
        return new Tensor[] {Tensor.wrap(x, Shape.of(picked.length, columns)).to(dtype),
            targets(y, loss, dtype)};
    }

    /** The features as the model takes them: {@code [rows, columns]} in {@code dtype}. */
    public Tensor featureTensor(DType dtype) {
        return Tensor.of(features, Shape.of(rows(), columns)).to(dtype);
    }

    /**
     * The targets as {@code loss} takes them: {@code [rows]} class indices for cross-entropy,
     * {@code [rows, 1]} otherwise; in {@code dtype}, as {@code fit} gives them.
     */
    public Tensor targetTensor(LossFunction loss, DType dtype) {
        return targets(targets, loss, dtype);
    }

    private static Tensor targets(double[] values, LossFunction loss, DType dtype) {
        Tensor t = Tensor.of(values);
        return (loss == LossFunction.CROSS_ENTROPY ? t : t.reshape(-1, 1)).to(dtype);
    }
}
