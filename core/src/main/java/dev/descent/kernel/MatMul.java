package dev.descent.kernel;

/** Dense matrix products over row-major arrays: {@code C = A·B}. */
public final class MatMul {
    private MatMul() {
    }

    /**
     * {@code c[cOff..] = a[aOff..] · b[bOff..]} for an {@code m×k} matrix A and a {@code k×n} matrix B,
     * all row-major and contiguous. {@code c} is overwritten.
     */
    public static void multiply(double[] a, int aOff, double[] b, int bOff, double[] c, int cOff,
                                int m, int k, int n) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * n;
            java.util.Arrays.fill(c, ci, ci + n, 0.0);
            for (int p = 0; p < k; p++) {
                double aip = a[aOff + i * k + p];
                int bp = bOff + p * n;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += aip * b[bp + j];
                }
            }
        }
    }
}
