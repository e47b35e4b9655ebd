package dev.descent.nn;

import dev.descent.ShapeException;
import dev.descent.Tensor;
import java.util.Arrays;

/**
 * Splits one dimension into several, PyTorch's {@code nn.Unflatten(dim, sizes)}: e.g. rows of 784
 * pixels {@code [batch, 784]} → images {@code [batch, 1, 28, 28]} with {@code new Unflatten(1, 1, 28, 28)},
 * which lets a convolutional network read a table whose features are pixels.
 */
public final class Unflatten extends Module {
    private final int dim;
    private final int[] sizes;

    /**
     * Splits dimension {@code dim} (negative counts from the end) into {@code sizes}.
     *
     * @throws IllegalArgumentException if a size is below 1 or none is given
     */
    public Unflatten(int dim, int... sizes) {
        if (sizes.length == 0 || Arrays.stream(sizes).anyMatch(s -> s < 1)) {
            throw new IllegalArgumentException("Unflatten: sizes must be at least 1, got " + Arrays.toString(sizes));
        }
        this.dim = dim;
        this.sizes = sizes.clone();
    }

    @Override
    public Tensor forward(Tensor input) {
        int[] d = input.shape().dims();
        int a = dim < 0 ? dim + d.length : dim;
        long product = Arrays.stream(sizes).asLongStream().reduce(1, (x, y) -> x * y);
        if (a < 0 || a >= d.length || d[a] != product) {
            throw new ShapeException("Unflatten: input has shape " + input.shape() + "; dimension " + dim + " must hold "
                    + product + " = " + Arrays.toString(sizes) + " elements");
        }
        int[] out = new int[d.length - 1 + sizes.length];
        System.arraycopy(d, 0, out, 0, a);
        System.arraycopy(sizes, 0, out, a, sizes.length);
        System.arraycopy(d, a + 1, out, a + sizes.length, d.length - a - 1);
        return input.reshape(out);
    }

    /** The sizes the dimension is split into. */
    public int[] sizes() {
        return sizes.clone();
    }

    @Override
    protected String extraRepr() {
        return "dim=" + dim + ", sizes=" + Arrays.toString(sizes);
    }
}
