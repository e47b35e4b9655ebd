package dev.descent;

import dev.descent.kernel.MatMul;

/** The matrix product, batched over broadcast leading dimensions. */
final class LinearAlgebra {
    private LinearAlgebra() {
    }

    /** {@code [..., m, k] · [..., k, n] → [..., m, n]}; both operands have at least two dimensions. */
    static Tensor matmul(Tensor a, Tensor b) {
        Shape as = a.shape();
        Shape bs = b.shape();
        int m = as.size(-2);
        int k = as.size(-1);
        int n = bs.size(-1);
        if (bs.size(-2) != k) {
            throw new ShapeException("matmul: shapes " + as + " and " + bs + " cannot be multiplied (" + k + " != "
                    + bs.size(-2) + ")");
        }
        int[] ad = as.dims();
        int[] bd = bs.dims();
        Shape aBatch = Shape.wrap(java.util.Arrays.copyOf(ad, ad.length - 2));
        Shape bBatch = Shape.wrap(java.util.Arrays.copyOf(bd, bd.length - 2));
        Shape batch;
        try {
            batch = Shape.broadcast("matmul", aBatch, bBatch);
        } catch (ShapeException e) {
            throw new ShapeException("matmul: shapes " + as + " and " + bs + " have batch dimensions that cannot be broadcast");
        }
        int batches = batch.numel();
        int[] aOff = dev.descent.kernel.Broadcast.offsets(aBatch.dimsUnsafe(), batch.dimsUnsafe());
        int[] bOff = dev.descent.kernel.Broadcast.offsets(bBatch.dimsUnsafe(), batch.dimsUnsafe());
        double[] out = new double[batches * m * n];
        for (int t = 0; t < batches; t++) {
            MatMul.multiply(a.data, aOff[t] * m * k, b.data, bOff[t] * k * n, out, t * m * n, m, k, n);
        }
        int[] od = java.util.Arrays.copyOf(batch.dimsUnsafe(), batch.rank() + 2);
        od[od.length - 2] = m;
        od[od.length - 1] = n;
        return Tensor.record("matmul", out, Shape.wrap(od), g -> new Tensor[] {
            a.requiresGrad() ? matmul(g, b.transpose(-2, -1)) : null,
            b.requiresGrad() ? matmul(a.transpose(-2, -1), g) : null}, a, b);
    }
}
