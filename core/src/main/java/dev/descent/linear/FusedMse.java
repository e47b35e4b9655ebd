package dev.descent.linear;

import dev.descent.DType;
import dev.descent.Shape;
import dev.descent.Tensor;
import dev.descent.kernel.LinearMseF64;
import dev.descent.nn.Linear;
import dev.descent.nn.Module;
import dev.descent.train.GradientSource;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.BinaryOperator;

/**
 * Full-batch gradient descent's gradient for a {@code Linear(f, 1)} layer on the mean squared
 * error, computed in one fused kernel ({@link LinearMseF64}) instead of through the autograd
 * graph: the same mathematics, one step an epoch, the loss measured before the step. For float64
 * data; the trainer's loss function is not called.
 */
final class FusedMse extends GradientSource.Counted {
    private final double[][] columns;
    private final double[] y;
    private final double[] residual;
    private final double[] gradient;

    /** {@code x [n, f]} and {@code y [n]}, both float64; X is copied column by column once. */
    FusedMse(Tensor x, Tensor y) {
        if (x.dtype() != DType.FLOAT64) {
            throw new IllegalArgumentException("FusedMse: float64 features only, got " + x.dtype());
        }
        int f = x.shape().size(1);
        columns = new double[f][];
        for (int j = 0; j < f; j++) {
            columns[j] = x.select(1, j).toArray();
        }
        this.y = y.toArray();
        residual = new double[this.y.length];
        gradient = new double[f + 1];
    }

    @Override
    public int steps() {
        return 1;
    }

    @Override
    public Iterator<Step> epoch(Module model, BinaryOperator<Tensor> loss) {
        if (!(model instanceof Linear layer) || layer.outFeatures() != 1 || layer.inFeatures() != columns.length
                || layer.bias() == null) {
            throw new IllegalArgumentException("FusedMse: trains a Linear(" + columns.length + ", 1) layer, not " + model);
        }
        Tensor weight = layer.weight();
        Tensor bias = layer.bias();
        begin();
        return new Iterator<>() {
            private boolean done;

            @Override
            public boolean hasNext() {
                return !done;
            }

            @Override
            public Step next() {
                if (done) {
                    throw new NoSuchElementException();
                }
                done = true;
                int f = columns.length;
                double value = LinearMseF64.lossAndGradient(columns, y, weight.toArray(), bias.item(), residual, gradient);
                // A leaf's backward with a given gradient makes it the leaf's grad.
                weight.backward(Tensor.wrap(java.util.Arrays.copyOf(gradient, f), Shape.of(1, f)));
                bias.backward(Tensor.wrap(new double[] {gradient[f]}, Shape.of(1)));
                return new Step(value, y.length, null, null);
            }
        };
    }
}
