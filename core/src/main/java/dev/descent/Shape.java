package dev.descent;

import dev.descent.kernel.Broadcast;
import java.util.Arrays;

/**
 * The dimensions of a tensor, like PyTorch's {@code torch.Size}: {@code [506, 13]} is 506 rows of
 * 13 features. Immutable; a scalar has the empty shape {@code []}.
 */
public final class Shape {
    private static final Shape SCALAR = new Shape(new int[0]);

    private final int[] dims;
    private final int numel;

    private Shape(int[] dims) {
        this.dims = dims;
        long n = 1;
        for (int d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("shape: dimension " + d + " is negative in " + Arrays.toString(dims));
            }
            n *= d;
            if (n > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("shape: " + Arrays.toString(dims) + " has more than 2^31 elements");
            }
        }
        this.numel = (int) n;
    }

    /** A shape with the given dimensions, e.g. {@code Shape.of(506, 13)}. */
    public static Shape of(int... dims) {
        return dims.length == 0 ? SCALAR : new Shape(dims.clone());
    }

    /** The shape of a scalar, {@code []}. */
    public static Shape scalar() {
        return SCALAR;
    }

    /** Number of dimensions (PyTorch's {@code dim()}). */
    public int rank() {
        return dims.length;
    }

    /** Size of dimension {@code d}; negative {@code d} counts from the end. */
    public int size(int d) {
        return dims[axis(d)];
    }

    /** A copy of the dimensions. */
    public int[] dims() {
        return dims.clone();
    }

    /** Number of elements: the product of the dimensions (1 for a scalar). */
    public int numel() {
        return numel;
    }

    /**
     * Resolves a possibly negative dimension index against this shape's rank: {@code -1} is the
     * last dimension. A scalar takes {@code 0} and {@code -1} as PyTorch does (both give 0), so that
     * {@code x.sum(-1)} works whatever the rank.
     *
     * @throws IllegalArgumentException if {@code d} is outside {@code [-rank, rank)} (outside
     *     {@code [-1, 0]} for a scalar)
     */
    public int axis(int d) {
        int n = Math.max(dims.length, 1);
        if (d < -n || d >= n) {
            throw new IllegalArgumentException("dimension " + d + " is out of range for shape " + this
                    + " (valid: " + -n + " to " + (n - 1) + ")");
        }
        return d < 0 ? d + n : d;
    }

    /** Row-major strides: the distance in elements between neighbours along each dimension. */
    public int[] strides() {
        return Broadcast.strides(dims);
    }

    /**
     * The shape two operands broadcast to under NumPy's rules: dimensions are aligned from the right
     * and each pair must be equal or contain a 1.
     */
    public static Shape broadcast(String op, Shape a, Shape b) {
        if (a.equals(b)) {
            return a;
        }
        int r = Math.max(a.rank(), b.rank());
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            int da = i < r - a.rank() ? 1 : a.dims[i - (r - a.rank())];
            int db = i < r - b.rank() ? 1 : b.dims[i - (r - b.rank())];
            if (da != db && da != 1 && db != 1) {
                throw new ShapeException(op + ": shapes " + a + " and " + b + " cannot be broadcast together"
                        + " (dimension " + i + ": " + da + " vs " + db + ")");
            }
            out[i] = da == 1 ? db : da;
        }
        return new Shape(out);
    }

    /** The same dimensions as an int array without copying; for this package only. */
    int[] dimsUnsafe() {
        return dims;
    }

    static Shape wrap(int[] dims) {
        return dims.length == 0 ? SCALAR : new Shape(dims);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** {@code [506, 13]}, the form every error message uses. */
    @Override
    public String toString() {
        return Arrays.toString(dims);
    }
}
