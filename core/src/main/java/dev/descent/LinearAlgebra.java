package dev.descent;

import dev.descent.kernel.Broadcast;
import dev.descent.kernel.Storage;

/** The matrix product, batched over broadcast leading dimensions. */
final class LinearAlgebra {
    private LinearAlgebra() {
    }

    /** {@code [..., m, k] · [..., k, n] → [..., m, n]}; both operands have at least two dimensions. */
    static Tensor matmul(Tensor a, Tensor b) {
        return matmul(a, false, b, false);
    }

    /**
     * {@code op(a)·op(b)}, where op swaps the last two dimensions when its flag is set, read in place
     * rather than copied. The gradient rule uses the flags too, so neither the forward nor the
     * backward pass materialises a transpose:
     * {@code C = op(A)·op(B)} gives {@code dL/dop(A) = G·op(B)ᵀ} and {@code dL/dop(B) = op(A)ᵀ·G}.
     */
    static Tensor matmul(Tensor a, boolean transA, Tensor b, boolean transB) {
        Shape as = a.shape();
        Shape bs = b.shape();
        int m = transA ? as.size(-1) : as.size(-2);
        int k = transA ? as.size(-2) : as.size(-1);
        int kb = transB ? bs.size(-1) : bs.size(-2);
        int n = transB ? bs.size(-2) : bs.size(-1);
        if (a.data.elementBytes() != b.data.elementBytes()) {
            // as PyTorch: a product does not promote, so that a stray float64 operand is not slow unnoticed
            throw new IllegalArgumentException("matmul: operands of types " + a.dtype() + " and " + b.dtype()
                    + " (shapes " + as + " and " + bs + "); cast one with to(DType." + a.dtype().name() + ") or to(DType."
                    + b.dtype().name() + ")");
        }
        if (kb != k) {
            throw new ShapeException("matmul: shapes " + describe(as, transA) + " and " + describe(bs, transB)
                    + " cannot be multiplied (" + k + " != " + kb + ")");
        }
        int[] ad = as.dims();
        int[] bd = bs.dims();
        Shape aBatch = Shape.wrap(java.util.Arrays.copyOf(ad, ad.length - 2));
        Shape bBatch = Shape.wrap(java.util.Arrays.copyOf(bd, bd.length - 2));
        Shape batch;
        try {
            batch = Shape.broadcast("matmul", aBatch, bBatch);
        } catch (ShapeException e) {
            throw new ShapeException("matmul: shapes " + describe(as, transA) + " and " + describe(bs, transB)
                    + " have batch dimensions that cannot be broadcast");
        }
        int batches = batch.numel();
        int[] aOff = Broadcast.offsets(aBatch.dimsUnsafe(), batch.dimsUnsafe());
        int[] bOff = Broadcast.offsets(bBatch.dimsUnsafe(), batch.dimsUnsafe());
        Storage out = Storage.zeros(a.data.elementBytes(), batches * m * n);
        for (int t = 0; t < batches; t++) {
            a.data.multiply(aOff[t] * m * k, transA, b.data, bOff[t] * k * n, transB, out, t * m * n, m, k, n);
        }
        int[] od = java.util.Arrays.copyOf(batch.dimsUnsafe(), batch.rank() + 2);
        od[od.length - 2] = m;
        od[od.length - 1] = n;
        return Tensor.record("matmul", out, Shape.wrap(od), g -> new Tensor[] {
            a.requiresGrad() ? (transA ? matmul(b, transB, g, true) : matmul(g, false, b, !transB)) : null,
            b.requiresGrad() ? (transB ? matmul(g, true, a, transA) : matmul(a, !transA, g, false)) : null}, a, b);
    }

    /** A shape as the product sees it: {@code [3, 2]ᵀ} for a transposed operand. */
    private static String describe(Shape s, boolean transposed) {
        return transposed ? s + "ᵀ" : s.toString();
    }
}
