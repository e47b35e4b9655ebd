package dev.descent.kernel;

/**
 * Chooses how to run {@link MatMul#multiply}: directly, blocked on one thread, or blocked in bands on
 * several threads, by the size and shape of the product.
 */
final class MatMulF64 {
    private MatMulF64() {
    }

    /** As {@link MatMul#multiply(double[], int, boolean, double[], int, boolean, double[], int, int, int, int)}. */
    static void multiply(double[] a, int aOff, boolean transA, double[] b, int bOff, boolean transB,
                         double[] c, int cOff, int m, int k, int n) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            java.util.Arrays.fill(c, cOff, cOff + m * n, 0);
            return;
        }
        int aRs = transA ? 1 : k;
        int aCs = transA ? m : 1;
        int bRs = transB ? 1 : n;
        int bCs = transB ? k : 1;
        long volume = (long) m * k * n;
        if (volume < MatMul.BLOCKED_MIN_VOLUME || m == 1 || n == 1) {
            // a matrix-vector product uses each element of the matrix once: packing cannot pay
            DirectMatMulF64.multiply(a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, m, k, n);
        } else if (volume < MatMul.PARALLEL_MIN_VOLUME || Kernels.threads() == 1) {
            BlockedMatMulF64.multiply(BlockedMatMulF64.currentKernel(), a, aOff, aRs, aCs, b, bOff, bRs, bCs,
                    c, cOff, n, m, k, n);
        } else {
            BlockedMatMulF64.multiplyParallel(BlockedMatMulF64.currentKernel(), Kernels.threads(), a, aOff, aRs, aCs,
                    b, bOff, bRs, bCs, c, cOff, n, m, k, n);
        }
    }

    /**
     * {@code c[cOff..] = op(a)·B} for {@code m×k} times {@code k×n} with B's panels made by {@code b}
     * (never materialised), blocked, on {@link Kernels#threads()} threads when large; c is overwritten.
     * Needs {@code m, k, n >= 1}.
     */
    static void multiply(double[] a, int aOff, boolean transA, BlockedMatMulF64.PanelSource b, double[] c, int cOff,
                         int m, int k, int n) {
        int aRs = transA ? 1 : k;
        int aCs = transA ? m : 1;
        if ((long) m * k * n < MatMul.PARALLEL_MIN_VOLUME || Kernels.threads() == 1) {
            BlockedMatMulF64.multiply(BlockedMatMulF64.currentKernel(), a, aOff, aRs, aCs, b, 0, c, cOff, n, m, k, n);
        } else {
            BlockedMatMulF64.multiplyParallel(BlockedMatMulF64.currentKernel(), Kernels.threads(), a, aOff, aRs, aCs, b,
                    c, cOff, n, m, k, n);
        }
    }
}
