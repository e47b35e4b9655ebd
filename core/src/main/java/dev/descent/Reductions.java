package dev.descent;

import dev.descent.kernel.Storage;

/** Sums and maxima over dimensions, with their gradient rules. */
final class Reductions {
    private Reductions() {
    }

    /** Sum over {@code axes} (already resolved, no duplicates); the gradient is broadcast back. */
    static Tensor sum(Tensor x, int[] axes, boolean keepDim) {
        boolean[] reduce = flags(x.shape(), axes);
        Storage data = x.data.sum(x.dims(), reduce);
        Shape kept = keptShape(x.shape(), reduce);
        Shape out = keepDim ? kept : droppedShape(x.shape(), reduce);
        Shape in = x.shape();
        return Tensor.record("sum", data, out, g -> new Tensor[] {g.reshape(kept.dimsUnsafe()).expand(in.dimsUnsafe())}, x);
    }

    /**
     * Maximum over {@code axes}. The gradient goes to the elements equal to the maximum, shared
     * equally among ties (as PyTorch's {@code amax}).
     */
    static Tensor amax(String op, Tensor x, int[] axes, boolean keepDim) {
        boolean[] reduce = flags(x.shape(), axes);
        for (int a : axes) {
            if (x.shape().size(a) == 0) {
                throw new ShapeException(op + ": cannot reduce dimension " + a + " of size 0 in shape " + x.shape());
            }
        }
        Storage data = x.data.max(x.dims(), reduce);
        Shape kept = keptShape(x.shape(), reduce);
        Shape out = keepDim ? kept : droppedShape(x.shape(), reduce);
        return Tensor.recordSavingOutput("max", data, out, (g, result) -> {
            Tensor hits = x.detach().eq(result.detach().reshape(kept.dimsUnsafe()));
            // (g / count)·hits, in PyTorch's order, so ties get bit-identical shares
            return new Tensor[] {g.reshape(kept.dimsUnsafe()).div(hits.sum(axes, true)).mul(hits)};
        }, x);
    }

    static boolean[] flags(Shape s, int[] axes) {
        boolean[] reduce = new boolean[s.rank()];
        for (int a : axes) {
            reduce[a] = true;
        }
        return reduce;
    }

    static Shape keptShape(Shape s, boolean[] reduce) {
        int[] d = s.dims();
        for (int i = 0; i < d.length; i++) {
            if (reduce[i]) {
                d[i] = 1;
            }
        }
        return Shape.wrap(d);
    }

    static Shape droppedShape(Shape s, boolean[] reduce) {
        int n = 0;
        for (boolean r : reduce) {
            if (!r) {
                n++;
            }
        }
        int[] d = new int[n];
        for (int i = 0, j = 0; i < reduce.length; i++) {
            if (!reduce[i]) {
                d[j++] = s.size(i);
            }
        }
        return Shape.wrap(d);
    }

    /** Resolves one dimension as reductions do: a scalar takes 0 and −1, as in PyTorch. */
    static int axis(String op, Shape s, int dim) {
        try {
            return s.axis(dim);
        } catch (IllegalArgumentException e) {
            throw new ShapeException(op + ": " + e.getMessage());
        }
    }

    /** Resolves dims (negative allowed) to sorted distinct axes; no dims means all of them (none for a scalar). */
    static int[] axes(String op, Shape s, int... dims) {
        if (dims.length == 0) {
            int[] all = new int[s.rank()];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            return all;
        }
        boolean[] seen = new boolean[s.rank()];
        for (int d : dims) {
            int a = axis(op, s, d);
            if (s.rank() == 0) {
                // a scalar's dimensions 0 and -1 are one dimension, named at most once
                if (dims.length > 1) {
                    throw new ShapeException(op + ": dimension " + d + " appears twice in " + java.util.Arrays.toString(dims));
                }
                continue;
            }
            if (seen[a]) {
                throw new ShapeException(op + ": dimension " + d + " appears twice in " + java.util.Arrays.toString(dims));
            }
            seen[a] = true;
        }
        return java.util.stream.IntStream.range(0, s.rank()).filter(i -> seen[i]).toArray();
    }
}
