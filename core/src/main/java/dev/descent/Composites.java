package dev.descent;

import dev.descent.kernel.Reduce;
import java.util.ArrayList;
import java.util.List;

/** Operations built from primitives; they need no gradient code of their own. */
final class Composites {
    private Composites() {
    }

    static Tensor mean(Tensor x, int[] axes, boolean keepDim) {
        int count = 1;
        for (int a : axes) {
            count *= x.shape().size(a);
        }
        return Reductions.sum(x, axes, keepDim).div(count);
    }

    /** Unbiased (n-1) variance, as {@code torch.var}. */
    static Tensor var(Tensor x, int[] axes, boolean keepDim) {
        int count = 1;
        for (int a : axes) {
            count *= x.shape().size(a);
        }
        Tensor centred = x.sub(mean(x, axes, true));
        return Reductions.sum(centred.mul(centred), axes, keepDim).div(count - 1);
    }

    static Tensor argmax(Tensor x, int dim, boolean keepDim) {
        if (x.dim() == 0) {
            return Tensor.of(0.0);
        }
        int a = Movement.axis("argmax", x.shape(), dim);
        double[] idx = Reduce.argmax(x.data, x.dims(), a);
        boolean[] reduce = Reductions.flags(x.shape(), new int[] {a});
        Shape out = keepDim ? Reductions.keptShape(x.shape(), reduce) : Reductions.droppedShape(x.shape(), reduce);
        return Tensor.constant(idx, out);
    }

    /** log Σ exp(x): the maximum is taken out first (it cancels in the gradient, so it is detached). */
    static Tensor logSumExp(Tensor x, int dim, boolean keepDim) {
        int[] axes = {Movement.axis("logSumExp", x.shape(), dim)};
        Tensor m = Reductions.amax(x.detach(), axes, true);
        m = Tensor.where(m.abs().lt(Double.POSITIVE_INFINITY), m, Tensor.zeros());
        Tensor lse = Reductions.sum(x.sub(m).exp(), axes, true).log().add(m);
        return keepDim ? lse : lse.squeeze(axes[0]);
    }

    static Tensor logSoftmax(Tensor x, int dim) {
        return x.sub(logSumExp(x, dim, true));
    }

    static Tensor softmax(Tensor x, int dim) {
        return logSoftmax(x, dim).exp();
    }

    static Tensor softplus(Tensor x) {
        Tensor positive = x.gt(0.0);
        // Each branch only sees inputs where e^(±x) ≤ 1, so the unused branch's gradient is 0, never 0·∞.
        Tensor upper = Tensor.where(positive, x, Tensor.zeros());
        Tensor lower = Tensor.where(positive, Tensor.zeros(), x);
        Tensor whenPositive = upper.add(upper.neg().exp().log1p());
        Tensor otherwise = lower.exp().log1p();
        return Tensor.where(positive, whenPositive, otherwise);
    }

    static Tensor clamp(Tensor x, double min, double max) {
        if (min > max) {
            throw new IllegalArgumentException("clamp: min " + min + " is greater than max " + max);
        }
        Tensor lo = Tensor.of(min);
        Tensor hi = Tensor.of(max);
        return Tensor.where(x.lt(lo), lo, Tensor.where(x.gt(hi), hi, x));
    }

    static Tensor transpose(Tensor x, int dim0, int dim1) {
        int a = Movement.axis("transpose", x.shape(), dim0);
        int b = Movement.axis("transpose", x.shape(), dim1);
        int[] perm = new int[x.dim()];
        for (int i = 0; i < perm.length; i++) {
            perm[i] = i;
        }
        perm[a] = b;
        perm[b] = a;
        return a == b ? x : x.permute(perm);
    }

    static Tensor squeeze(Tensor x) {
        int[] d = x.shape().dims();
        return x.reshape(java.util.Arrays.stream(d).filter(v -> v != 1).toArray());
    }

    static Tensor squeeze(Tensor x, int dim) {
        int a = Movement.axis("squeeze", x.shape(), dim);
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
                    + " (valid: " + (-r) + " to " + (r - 1) + ")");
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
