package dev.descent;

import dev.descent.kernel.Storage;
import java.util.Arrays;
import java.util.List;

/** Primitives that move data without arithmetic: a cast, reshape, permute, expand, slice, cat and indexing. */
final class Movement {
    private Movement() {
    }

    /** The values in type {@code dtype}; the gradient is cast back to the input's type. */
    static Tensor to(Tensor x, DType dtype) {
        if (x.data.elementBytes() == dtype.elementSize()) {
            return x;
        }
        DType from = x.dtype();
        return Tensor.record("to", x.data.cast(dtype.elementSize()), x.shape(), g -> new Tensor[] {g.to(from)}, x);
    }

    static Tensor reshape(Tensor x, int... dims) {
        Shape to = Shape.wrap(resolveReshape(x.shape(), dims));
        Shape from = x.shape();
        return Tensor.record("reshape", x.data.copy(), to, g -> new Tensor[] {g.reshape(from.dimsUnsafe())}, x);
    }

    private static int[] resolveReshape(Shape from, int[] dims) {
        int[] d = dims.clone();
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < d.length; i++) {
            if (d[i] == -1) {
                if (inferred >= 0) {
                    throw new ShapeException("reshape: only one dimension can be -1, got " + Arrays.toString(dims));
                }
                inferred = i;
            } else if (d[i] < 0) {
                throw new ShapeException("reshape: dimension " + d[i] + " is negative in " + Arrays.toString(dims));
            } else {
                known *= d[i];
            }
        }
        if (inferred >= 0) {
            if (known == 0 || from.numel() % known != 0) {
                throw new ShapeException("reshape: cannot reshape " + from + " (" + from.numel() + " elements) into "
                        + Arrays.toString(dims));
            }
            d[inferred] = (int) (from.numel() / known);
        } else if (known != from.numel()) {
            throw new ShapeException("reshape: cannot reshape " + from + " (" + from.numel() + " elements) into "
                    + Arrays.toString(dims) + " (" + known + " elements)");
        }
        return d;
    }

    static Tensor permute(Tensor x, int... perm) {
        Shape s = x.shape();
        if (perm.length != s.rank()) {
            throw new ShapeException("permute: " + Arrays.toString(perm) + " has " + perm.length
                    + " dimensions but the tensor has shape " + s);
        }
        int[] p = new int[perm.length];
        int[] inverse = new int[perm.length];
        boolean[] seen = new boolean[perm.length];
        int[] to = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            p[i] = axis("permute", s, perm[i]);
            if (seen[p[i]]) {
                throw new ShapeException("permute: " + Arrays.toString(perm) + " is not a permutation of the dimensions of " + s);
            }
            seen[p[i]] = true;
            inverse[p[i]] = i;
            to[i] = s.size(p[i]);
        }
        return Tensor.record("permute", x.data.permute(x.dims(), p), Shape.wrap(to),
                g -> new Tensor[] {g.permute(inverse)}, x);
    }

    /** Broadcasts to {@code dims} (-1 keeps a size); the engine sums the gradient back to the input's shape. */
    static Tensor expand(Tensor x, int... dims) {
        int[] to = dims.clone();
        int[] from = x.dims();
        if (to.length < from.length) {
            throw new ShapeException("expand: cannot expand shape " + x.shape() + " to " + Arrays.toString(dims)
                    + " with fewer dimensions");
        }
        int lead = to.length - from.length;
        for (int i = 0; i < to.length; i++) {
            int f = i < lead ? 1 : from[i - lead];
            if (to[i] == -1 && i < lead) {
                throw new ShapeException("expand: -1 at dimension " + i + " of " + Arrays.toString(dims)
                        + " keeps a size, but shape " + x.shape() + " has no dimension there to keep");
            }
            if (to[i] < -1) {
                throw new ShapeException("expand: size " + to[i] + " at dimension " + i + " of " + Arrays.toString(dims)
                        + " is negative");
            }
            if (to[i] == -1) {
                to[i] = f;
            }
            if (f != to[i] && f != 1) {
                throw new ShapeException("expand: shape " + x.shape() + " cannot be expanded to " + Arrays.toString(dims)
                        + " (dimension " + i + ": " + f + " vs " + to[i] + ")");
            }
        }
        if (Arrays.equals(from, to)) {
            return x;
        }
        return Tensor.record("expand", x.data.expand(from, to), Shape.wrap(to), g -> new Tensor[] {g}, x);
    }

    /** Elements {@code start} (inclusive) to {@code end} (exclusive) along {@code dim}, like {@code x[:, start:end]}. */
    static Tensor slice(Tensor x, int dim, int start, int end) {
        Shape s = x.shape();
        int a = axis("slice", s, dim);
        int n = s.size(a);
        int from = clip(start, n);
        int to = Math.max(from, clip(end, n));
        int[] d = s.dims();
        int outer = prod(d, 0, a);
        int inner = prod(d, a + 1, d.length);
        int len = to - from;
        d[a] = len;
        int before = from;
        int after = n - to;
        return Tensor.record("slice", x.data.slice(outer, n, inner, from, len), Shape.wrap(d), g -> {
            int[] zb = s.dims();
            zb[a] = before;
            int[] za = s.dims();
            za[a] = after;
            return new Tensor[] {cat(List.of(Tensor.zeros(zb), g, Tensor.zeros(za)), a)};
        }, x);
    }

    /** A Python slice bound: negative counts from the end, and the result is clipped to [0, n]. */
    private static int clip(int bound, int n) {
        return bound < 0 ? Math.max(bound + n, 0) : Math.min(bound, n);
    }

    static Tensor cat(List<Tensor> parts, int dim) {
        if (parts.isEmpty()) {
            throw new ShapeException("cat: needs at least one tensor");
        }
        Shape first = parts.get(0).shape();
        if (first.rank() == 0) {
            throw new ShapeException("cat: cannot concatenate scalars (shape []); use stack");
        }
        int a = axis("cat", first, dim);
        DType type = parts.get(0).dtype();
        for (Tensor t : parts) {
            type = t.dtype() == DType.FLOAT64 ? DType.FLOAT64 : type;
        }
        int[] sizes = new int[parts.size()];
        Storage[] data = new Storage[parts.size()];
        Tensor[] inputs = new Tensor[parts.size()];
        int total = 0;
        for (int p = 0; p < parts.size(); p++) {
            Shape s = parts.get(p).shape();
            boolean fits = s.rank() == first.rank();
            for (int i = 0; fits && i < s.rank(); i++) {
                fits = i == a || s.size(i) == first.size(i);
            }
            if (!fits) {
                throw new ShapeException("cat: shapes " + first + " and " + s + " do not match outside dimension " + dim);
            }
            sizes[p] = s.size(a);
            // as PyTorch: the parts are promoted to a common type (float64 if any is)
            inputs[p] = parts.get(p).to(type);
            data[p] = inputs[p].data;
            total += sizes[p];
        }
        int[] d = first.dims();
        int outer = prod(d, 0, a);
        int inner = prod(d, a + 1, d.length);
        d[a] = total;
        return Tensor.record("cat", data[0].cat(data, outer, sizes, inner), Shape.wrap(d), g -> {
            Tensor[] grads = new Tensor[inputs.length];
            int at = 0;
            for (int p = 0; p < inputs.length; p++) {
                grads[p] = inputs[p].requiresGrad() ? g.slice(a, at, at + sizes[p]) : null;
                at += sizes[p];
            }
            return grads;
        }, inputs);
    }

    /** Whole slices along {@code dim} picked by index (rows of a matrix for dim 0), like {@code x[index]}. */
    static Tensor indexSelect(Tensor x, int dim, int[] index) {
        Shape s = x.shape();
        int a = axis("indexSelect", s, dim);
        int n = s.size(a);
        int[] idx = checkIndices("indexSelect", index, n, s, dim);
        int[] d = s.dims();
        int outer = prod(d, 0, a);
        int inner = prod(d, a + 1, d.length);
        d[a] = idx.length;
        return Tensor.record("indexSelect", x.data.select(outer, n, inner, idx), Shape.wrap(d),
                g -> new Tensor[] {indexAdd(g, a, idx, n)}, x);
    }

    /** The adjoint of indexSelect: a tensor with {@code n} slices along {@code dim}, each the sum of the slices of {@code src} that index it. */
    static Tensor indexAdd(Tensor src, int a, int[] idx, int n) {
        int[] d = src.shape().dims();
        int outer = prod(d, 0, a);
        int inner = prod(d, a + 1, d.length);
        d[a] = n;
        return Tensor.record("indexAdd", src.data.selectAdd(outer, n, inner, idx), Shape.wrap(d),
                g -> new Tensor[] {indexSelect(g, a, idx)}, src);
    }

    /**
     * PyTorch's {@code gather}: {@code out[..., j, ...] = x[..., index[..., j, ...], ...]} along {@code dim}.
     * The index has the input's rank, may be smaller than the input in every other dimension, and
     * gives the output's shape; an index outside {@code [0, size)} is refused (no wrap-around).
     */
    static Tensor gather(Tensor x, int dim, Tensor index) {
        if (x.dim() == 0 && index.dim() == 0) {
            // As PyTorch: a scalar gathers along its one implicit dimension of size 1.
            Reductions.axis("gather", x.shape(), dim);
            return gather(x.reshape(1), 0, index.reshape(1)).reshape();
        }
        Shape s = x.shape();
        int a = axis("gather", s, dim);
        Shape is = index.shape();
        boolean fits = is.rank() == s.rank();
        for (int i = 0; fits && i < s.rank(); i++) {
            fits = i == a || is.size(i) <= s.size(i);
        }
        if (!fits) {
            throw new ShapeException("gather: index shape " + is + " does not fit input shape " + s
                    + "; it needs the same number of dimensions and no larger sizes outside dimension " + dim);
        }
        int[] idx = gatherIndices(index.data, s.size(a), s, dim);
        return Tensor.record("gather", x.data.gather(x.dims(), idx, is.dimsUnsafe(), a), is,
                g -> new Tensor[] {scatterAdd(g, a, idx, s)}, x);
    }

    /** The adjoint of gather: zeros of the input's shape with each gradient added at the place it was gathered from. */
    static Tensor scatterAdd(Tensor src, int a, int[] idx, Shape target) {
        Shape srcShape = src.shape();
        return Tensor.record("scatterAdd", src.data.scatterAdd(srcShape.dimsUnsafe(), idx, target.dimsUnsafe(), a),
                target, g -> new Tensor[] {gatherRaw(g, a, idx, srcShape)}, src);
    }

    /** gather with indices already checked: {@code idx} holds, for each position of {@code indexShape}, a coordinate along {@code a}. */
    static Tensor gatherRaw(Tensor x, int a, int[] idx, Shape indexShape) {
        return Tensor.record("gather", x.data.gather(x.dims(), idx, indexShape.dimsUnsafe(), a), indexShape,
                g -> new Tensor[] {scatterAdd(g, a, idx, x.shape())}, x);
    }

    /** Whole-number indices in [0, n): gather, unlike Python indexing, does not count from the end. */
    private static int[] gatherIndices(Storage index, int n, Shape s, int dim) {
        int[] idx = new int[index.length()];
        for (int i = 0; i < idx.length; i++) {
            double v = index.get(i);
            if (v != Math.rint(v) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("gather: index " + v + " is not a whole number");
            }
            if (v < 0 || v >= n) {
                throw new ShapeException("gather: index " + (long) v + " is out of bounds for dimension " + dim
                        + " of size " + n + " in shape " + s);
            }
            idx[i] = (int) v;
        }
        return idx;
    }

    private static int[] checkIndices(String op, int[] index, int n, Shape s, int dim) {
        int[] idx = new int[index.length];
        for (int i = 0; i < index.length; i++) {
            int v = index[i] < 0 ? index[i] + n : index[i];
            if (v < 0 || v >= n) {
                throw new ShapeException(op + ": index " + index[i] + " is out of bounds for dimension " + dim
                        + " of size " + n + " in shape " + s);
            }
            idx[i] = v;
        }
        return idx;
    }

    /** Resolves {@code dim} for an op that needs a real dimension: a scalar has none to slice or index. */
    static int axis(String op, Shape s, int dim) {
        if (s.rank() == 0) {
            throw new ShapeException(op + ": a scalar (shape []) has no dimension " + dim + "; reshape it to [1] first");
        }
        try {
            return s.axis(dim);
        } catch (IllegalArgumentException e) {
            throw new ShapeException(op + ": " + e.getMessage());
        }
    }

    static int prod(int[] d, int from, int to) {
        int p = 1;
        for (int i = from; i < to; i++) {
            p *= d[i];
        }
        return p;
    }
}
