package dev.descent.nn;

import dev.descent.Tensor;
import java.util.Arrays;

/**
 * Merges dimensions {@code start} to {@code end} into one, PyTorch's {@code nn.Flatten}: by default
 * every dimension after the batch, {@code [batch, d₁, d₂, …]} → {@code [batch, d₁·d₂·…]}.
 */
public final class Flatten extends Module {
    private final int startDim;
    private final int endDim;

    /** Flattens dimensions 1 to -1 (everything but the batch dimension). */
    public Flatten() {
        this(1, -1);
    }

    /** Flattens dimensions {@code startDim} to the last ({@code nn.Flatten(start_dim)}). */
    public Flatten(int startDim) {
        this(startDim, -1);
    }

    /** Flattens dimensions {@code startDim} to {@code endDim} inclusive; negative values count from the end. */
    public Flatten(int startDim, int endDim) {
        this.startDim = startDim;
        this.endDim = endDim;
    }

    @Override
    public Tensor forward(Tensor input) {
        int[] d = input.shape().dims();
        if (d.length == 0) {
            // As torch.flatten: a scalar takes dimensions 0 and -1 only, and becomes [1].
            resolve(startDim, input);
            resolve(endDim, input);
            return input.reshape(1);
        }
        int start = resolve(startDim, input);
        int end = resolve(endDim, input);
        if (start > end) {
            throw new IllegalArgumentException("Flatten: start dimension " + startDim + " comes after end dimension "
                    + endDim + " for input shape " + input.shape());
        }
        int[] out = new int[d.length - (end - start)];
        System.arraycopy(d, 0, out, 0, start);
        out[start] = Arrays.stream(d, start, end + 1).reduce(1, (a, b) -> a * b);
        System.arraycopy(d, end + 1, out, start + 1, d.length - end - 1);
        return input.reshape(out);
    }

    private static int resolve(int dim, Tensor input) {
        int r = Math.max(input.dim(), 1);
        if (dim < -r || dim >= r) {
            throw new IllegalArgumentException("Flatten: dimension " + dim + " is out of range for input shape "
                    + input.shape() + " (valid: " + -r + " to " + (r - 1) + ")");
        }
        return dim < 0 ? dim + r : dim;
    }

    @Override
    protected String extraRepr() {
        return "startDim=" + startDim + ", endDim=" + endDim;
    }
}
