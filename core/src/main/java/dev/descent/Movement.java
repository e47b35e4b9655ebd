package dev.descent;

import dev.descent.kernel.Broadcast;
import dev.descent.kernel.Indexing;
import java.util.Arrays;
import java.util.List;

/** Primitives that move data without arithmetic: reshape, permute, expand, slice, cat and indexing. */
final class Movement {
    private Movement() {
    }

    static Tensor reshape(Tensor x, int... dims) {
        Shape to = Shape.wrap(resolveReshape(x.shape(), dims));
        Shape from = x.shape();
        return Tensor.record("reshape", x.data.clone(), to, g -> new Tensor[] {g.reshape(from.dimsUnsafe())}, x);
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
        return Tensor.record("permute", Broadcast.permute(x.data, x.dims(), p), Shape.wrap(to),
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
            if (to[i] == -1 && i >= lead) {
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
        return Tensor.record("expand", Broadcast.expand(x.data, from, to), Shape.wrap(to), g -> new Tensor[] {g}, x);
    }

    /** Elements {@code start} (inclusive) to {@code end} (exclusive) along {@code dim}, like {@code x[:, start:end]}. */
    static Tensor slice(Tensor x, int dim, int start, int end) {
        Shape s = x.shape();
        int a = axis("slice", s, dim);
        int n = s.size(a);
        int from = start < 0 ? start + n : start;
        int to = end < 0 ? end + n : Math.min(end, n);
        if (from < 0 || from > to) {
            throw new ShapeException("slice: range [" + start + ", " + end + ") is out of bounds for dimension " + dim
                    + " of size " + n + " in shape " + s);
        }
        int[] d = s.dims();
        int outer = prod(d, 0, a);
        int inner = prod(d, a + 1, d.length);
        int len = to - from;
        d[a] = len;
        int before = from;
        int after = n - to;
        return Tensor.record("slice", Indexing.slice(x.data, outer, n, inner, from, len), Shape.wrap(d), g -> {
            int[] zb = s.dims();
            zb[a] = before;
            int[] za = s.dims();
            za[a] = after;
            return new Tensor[] {cat(List.of(Tensor.zeros(zb), g, Tensor.zeros(za)), a)};
        }, x);
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
        int[] sizes = new int[parts.size()];
        double[][] data = new double[parts.size()][];
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
            data[p] = parts.get(p).data;
            total += sizes[p];
        }
        int[] d = first.dims();
        int outer = prod(d, 0, a);
        int inner = prod(d, a + 1, d.length);
        d[a] = total;
        Tensor[] inputs = parts.toArray(new Tensor[0]);
        return Tensor.record("cat", Indexing.cat(data, outer, sizes, inner), Shape.wrap(d), g -> {
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
        return Tensor.record("indexSelect", Indexing.select(x.data, outer, n, inner, idx), Shape.wrap(d),
                g -> new Tensor[] {indexAdd(g, a, idx, n)}, x);
    }

    /** The adjoint of indexSelect: a tensor with {@code n} slices along {@code dim}, each the sum of the slices of {@code src} that index it. */
    static Tensor indexAdd(Tensor src, int a, int[] idx, int n) {
        int[] d = src.shape().dims();
        int outer = prod(d, 0, a);
        int inner = prod(d, a + 1, d.length);
        d[a] = n;
        return Tensor.record("indexAdd", Indexing.selectAdd(src.data, outer, n, inner, idx), Shape.wrap(d),
                g -> new Tensor[] {indexSelect(g, a, idx)}, src);
    }

    /** PyTorch's {@code gather}: {@code out[..., j, ...] = x[..., index[..., j, ...], ...]} along {@code dim}. */
    static Tensor gather(Tensor x, int dim, Tensor index) {
        Shape s = x.shape();
        int a = axis("gather", s, dim);
        Shape is = index.shape();
        boolean fits = is.rank() == s.rank();
        for (int i = 0; fits && i < s.rank(); i++) {
            fits = i == a || is.size(i) == s.size(i);
        }
        if (!fits) {
            throw new ShapeException("gather: index shape " + is + " must match input shape " + s
                    + " in every dimension except " + dim);
        }
        int n = s.size(a);
        int[] idx = checkIndices("gather", index.data, n, s, dim);
        int[] d = s.dims();
        int outer = prod(d, 0, a);
        int inner = prod(d, a + 1, d.length);
        int k = is.size(a);
        return Tensor.record("gather", Indexing.gather(x.data, outer, n, inner, idx, k), is,
                g -> new Tensor[] {scatterAdd(g, a, idx, n)}, x);
    }

    /** The adjoint of gather. */
    static Tensor scatterAdd(Tensor src, int a, int[] idx, int n) {
        int[] d = src.shape().dims();
        int outer = prod(d, 0, a);
        int inner = prod(d, a + 1, d.length);
        int k = d[a];
        d[a] = n;
        Shape srcShape = src.shape();
        return Tensor.record("scatterAdd", Indexing.scatterAdd(src.data, outer, n, inner, idx, k), Shape.wrap(d),
                g -> new Tensor[] {gatherRaw(g, a, idx, srcShape)}, src);
    }

    private static Tensor gatherRaw(Tensor x, int a, int[] idx, Shape indexShape) {
        return gather(x, a, Tensor.constant(toDoubles(idx), indexShape));
    }

    private static double[] toDoubles(int[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
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

    private static int[] checkIndices(String op, double[] index, int n, Shape s, int dim) {
        int[] idx = new int[index.length];
        for (int i = 0; i < index.length; i++) {
            double v = index[i];
            if (v != Math.rint(v) || Double.isInfinite(v)) {
                throw new IllegalArgumentException(op + ": index " + v + " is not an integer");
            }
            idx[i] = (int) v;
        }
        return checkIndices(op, idx, n, s, dim);
    }

    static int axis(String op, Shape s, int dim) {
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
