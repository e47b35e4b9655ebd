package dev.descent;

import dev.descent.kernel.Storage;
import java.util.ArrayList;
import java.util.List;

/** Operations built from primitives; they need no gradient code of their own. */
final class Composites {
    private Composites() {
    }

    static Tensor mean(Tensor x, int[] axes, boolean keepDim) {
        return Reductions.sum(x, axes, keepDim).div(count(x, axes));
    }

    /**
     * Σ(x − mean)² / max(0, N − correction) over {@code axes}, as {@code torch.var(..., correction=c)}:
     * correction 1 is the unbiased (sample) variance, 0 the population variance.
     */
    static Tensor var(Tensor x, int[] axes, int correction, boolean keepDim) {
        Tensor centred = x.sub(mean(x, axes, true));
        return Reductions.sum(centred.mul(centred), axes, keepDim).div(Math.max(0, count(x, axes) - correction));
    }

    /**
     * √var. Where the variance is exactly 0 (a constant row) the result is 0 with gradient 0, as in
     * PyTorch; plain sqrt would give the rule ∞·0 = NaN there, so the square root only ever sees a
     * positive argument and the zeros come from a separate branch.
     */
    static Tensor std(Tensor x, int[] axes, int correction, boolean keepDim) {
        Tensor v = var(x, axes, correction, keepDim);
        Tensor zero = v.detach().eq(0.0);
        return Tensor.where(zero, Tensor.scalar(0), Tensor.where(zero, Tensor.scalar(1), v).sqrt());
    }

    private static int count(Tensor x, int[] axes) {
        int count = 1;
        for (int a : axes) {
            count *= x.shape().size(a);
        }
        return count;
    }

    /** The index of the first largest element along {@code axis} (NaN counts as largest, as in PyTorch). */
    static Tensor argmax(String op, Tensor x, int axis, boolean keepDim) {
        if (x.dim() == 0) {
            return Tensor.of(0.0);
        }
        if (x.shape().size(axis) == 0) {
            throw new ShapeException(op + ": cannot pick from an empty dimension " + axis + " in shape " + x.shape());
        }
        Storage idx = x.data.argmax(x.dims(), axis);
        boolean[] reduce = Reductions.flags(x.shape(), new int[] {axis});
        Shape out = keepDim ? Reductions.keptShape(x.shape(), reduce) : Reductions.droppedShape(x.shape(), reduce);
        return Tensor.constant(idx, out);
    }

    /** The index of the first smallest element along {@code axis}: the largest of −x (NaN still counts as the pick). */
    static Tensor argmin(Tensor x, int axis, boolean keepDim) {
        return argmax("argmin", x.neg(), axis, keepDim);
    }

    /** The smallest element over {@code axes}, as −max(−x): exact, and ties share the gradient as in amax. */
    static Tensor amin(Tensor x, int[] axes, boolean keepDim) {
        return Reductions.amax("min", x.neg(), axes, keepDim).neg();
    }

    /** max(x, 0): not x·[x &gt; 0], which gives −0 for negative x and NaN for −∞; NaN still passes through; relu'(0) = 0. */
    static Tensor relu(Tensor x) {
        return Arithmetic.threshold(x, x);
    }

    static Tensor leakyRelu(Tensor x, double slope) {
        return Tensor.where(x.gt(0.0), x, x.mul(slope));
    }

    /** x·sign(x), so that the derivative at 0 is sign(0) = 0, as in PyTorch. */
    static Tensor abs(Tensor x) {
        return x.mul(Functions.sign(x));
    }

    static Tensor tan(Tensor x) {
        return Functions.sin(x).div(Functions.cos(x));
    }

    /**
     * log Σ exp(x) over {@code axes}: the maximum is taken out first (it cancels in the gradient, so
     * it is detached); an infinite maximum is replaced by 0, and an empty sum is log 0 = −∞.
     */
    static Tensor logSumExp(Tensor x, int[] axes, boolean keepDim) {
        boolean empty = false;
        for (int a : axes) {
            empty |= x.shape().size(a) == 0;
        }
        Tensor m;
        if (empty) {
            m = Tensor.scalar(0);
        } else {
            m = Reductions.amax("logSumExp", x.detach(), axes, true);
            m = Tensor.where(m.abs().lt(Double.POSITIVE_INFINITY), m, Tensor.scalar(0));
        }
        Tensor lse = Reductions.sum(x.sub(m).exp(), axes, true).log().add(m);
        return keepDim ? lse : lse.reshape(Reductions.droppedShape(x.shape(), Reductions.flags(x.shape(), axes)).dimsUnsafe());
    }

    static Tensor logSoftmax(Tensor x, int dim) {
        return logSoftmax("logSoftmax", x, dim);
    }

    private static Tensor logSoftmax(String op, Tensor x, int dim) {
        return x.sub(logSumExp(x, Reductions.axes(op, x.shape(), dim), true));
    }

    static Tensor softmax(Tensor x, int dim) {
        return logSoftmax("softmax", x, dim).exp();
    }

    static Tensor softplus(Tensor x) {
        Tensor positive = x.gt(0.0);
        // Each branch only sees inputs where e^(±x) ≤ 1, so the unused branch's gradient is 0, never 0·∞.
        Tensor upper = Tensor.where(positive, x, Tensor.scalar(0));
        Tensor lower = Tensor.where(positive, Tensor.scalar(0), x);
        Tensor whenPositive = upper.add(upper.neg().exp().log1p());
        Tensor otherwise = lower.exp().log1p();
        return Tensor.where(positive, whenPositive, otherwise);
    }

    /**
     * min(max(x, min), max), as {@code torch.clamp}: with min &gt; max every element is max; NaN stays
     * NaN; the gradient is 1 where min ≤ x ≤ max and 0 elsewhere.
     */
    static Tensor clamp(Tensor x, double min, double max) {
        Tensor lo = Tensor.scalar(min);
        Tensor hi = Tensor.scalar(max);
        if (min > max) {
            return Tensor.where(x.ne(x), x, hi);
        }
        return Tensor.where(x.lt(lo), lo, Tensor.where(x.gt(hi), hi, x));
    }

    static Tensor transpose(Tensor x, int dim0, int dim1) {
        int a = Reductions.axis("transpose", x.shape(), dim0);
        int b = Reductions.axis("transpose", x.shape(), dim1);
        if (x.dim() == 0) {
            return x;
        }
        int[] perm = new int[x.dim()];
        for (int i = 0; i < perm.length; i++) {
            perm[i] = i;
        }
        perm[a] = b;
        perm[b] = a;
        return a == b ? x : x.permute(perm);
    }

    static Tensor select(Tensor x, int dim, int index) {
        int a = Movement.axis("select", x.shape(), dim);
        int n = x.shape().size(a);
        if (index < -n || index >= n) {
            throw new ShapeException("select: index " + index + " is out of range for dimension " + dim + " of size " + n
                    + " in shape " + x.shape());
        }
        int i = index < 0 ? index + n : index;
        return squeeze(Movement.slice(x, a, i, i + 1), a);
    }

    static Tensor squeeze(Tensor x) {
        int[] d = x.shape().dims();
        return x.reshape(java.util.Arrays.stream(d).filter(v -> v != 1).toArray());
    }

    static Tensor squeeze(Tensor x, int dim) {
        int a = Reductions.axis("squeeze", x.shape(), dim);
        if (x.dim() == 0 || x.shape().size(a) != 1) {
            return x;
        }
        int[] d = x.shape().dims();
        int[] out = new int[d.length - 1];
        for (int i = 0, j = 0; i < d.length; i++) {
            if (i != a) {
                out[j++] = d[i];
            }
        }
        return x.reshape(out);
    }

    static Tensor unsqueeze(Tensor x, int dim) {
        int r = x.dim() + 1;
        if (dim < -r || dim >= r) {
            throw new ShapeException("unsqueeze: dimension " + dim + " is out of range for shape " + x.shape()
                    + " (valid: " + -r + " to " + (r - 1) + ")");
        }
        int a = dim < 0 ? dim + r : dim;
        int[] d = x.shape().dims();
        int[] out = new int[r];
        for (int i = 0, j = 0; i < r; i++) {
            out[i] = i == a ? 1 : d[j++];
        }
        return x.reshape(out);
    }

    static Tensor stack(List<Tensor> tensors, int dim) {
        if (tensors.isEmpty()) {
            throw new ShapeException("stack: needs at least one tensor");
        }
        Shape first = tensors.get(0).shape();
        int r = first.rank() + 1;
        if (dim < -r || dim >= r) {
            throw new ShapeException("stack: dimension " + dim + " is out of range for stacking tensors of shape " + first
                    + " (valid: " + -r + " to " + (r - 1) + ")");
        }
        List<Tensor> parts = new ArrayList<>(tensors.size());
        for (Tensor t : tensors) {
            if (!t.shape().equals(first)) {
                throw new ShapeException("stack: shapes " + first + " and " + t.shape() + " differ; stack needs equal shapes");
            }
            parts.add(unsqueeze(t, dim));
        }
        return Movement.cat(parts, dim);
    }

    /** matmul for every rank PyTorch accepts: vectors are promoted to matrices and the extra dimension removed. */
    static Tensor matmul(Tensor a, Tensor b) {
        if (a.dim() == 0 || b.dim() == 0) {
            throw new ShapeException("matmul: shapes " + a.shape() + " and " + b.shape()
                    + " cannot be multiplied (both need at least one dimension; use mul for scalars)");
        }
        if (a.dim() == 1 && b.dim() == 1) {
            if (a.numel() != b.numel()) {
                throw new ShapeException("matmul: shapes " + a.shape() + " and " + b.shape() + " cannot be multiplied ("
                        + a.numel() + " != " + b.numel() + ")");
            }
            return LinearAlgebra.matmul(a.unsqueeze(0), b.unsqueeze(1)).reshape();
        }
        if (b.dim() == 1) {
            checkInner(a, b, a.shape().size(-1), b.numel());
            return LinearAlgebra.matmul(a, b.unsqueeze(1)).squeeze(-1);
        }
        if (a.dim() == 1) {
            checkInner(a, b, a.numel(), b.shape().size(-2));
            return LinearAlgebra.matmul(a.unsqueeze(0), b).squeeze(-2);
        }
        return LinearAlgebra.matmul(a, b);
    }

    /**
     * x·Wᵀ + b with W read transposed where it lies: materialising Wᵀ (and the transpose of its
     * gradient) was 13% of the MLP benchmark's time in a profile.
     */
    static Tensor linear(Tensor x, Tensor w, Tensor b) {
        if (w.dim() != 2 || x.dim() == 0 || x.shape().size(-1) != w.shape().size(1)) {
            throw new ShapeException("linear: input of shape " + x.shape() + " and weight of shape " + w.shape()
                    + " do not fit; expected [..., in] and [out, in]");
        }
        if (b != null && (b.dim() != 1 || b.shape().size(0) != w.shape().size(0))) {
            throw new ShapeException("linear: bias has shape " + b.shape() + "; expected [" + w.shape().size(0) + "]");
        }
        Tensor y = x.dim() == 1 ? LinearAlgebra.matmul(x.unsqueeze(0), false, w, true).squeeze(0)
                : LinearAlgebra.matmul(x, false, w, true);
        return b == null ? y : y.add(b);
    }

    private static void checkInner(Tensor a, Tensor b, int ka, int kb) {
        if (ka != kb) {
            throw new ShapeException("matmul: shapes " + a.shape() + " and " + b.shape() + " cannot be multiplied ("
                    + ka + " != " + kb + ")");
        }
    }
}
