package dev.descent.kernel;

/**
 * The matrix product for small or thin operands, straight from the operands' memory: no packing,
 * no threads, nothing allocated. The loop order is picked so that the innermost loop runs with
 * unit stride wherever the layout allows. Used for matrix-vector products, where each matrix
 * element is used once and packing cannot pay, and for products too small to fill a tile.
 */
final class DirectMatMulF64 {
    private DirectMatMulF64() {
    }

    /**
     * {@code c[cOff + i·n + j] = Σ_p A(i, p)·B(p, j)} where {@code A(i, p) = a[aOff + i·aRs + p·aCs]}
     * and {@code B(p, j) = b[bOff + p·bRs + j·bCs]}.
     */
    static void multiply(double[] a, int aOff, int aRs, int aCs, double[] b, int bOff, int bRs, int bCs,
                         double[] c, int cOff, int m, int k, int n) {
        if (bCs == 1 && n > 1) {
            rowsTimesMatrix(a, aOff, aRs, aCs, b, bOff, bRs, c, cOff, m, k, n);
        } else if (n == 1 && aRs == 1 && m > 1) {
            columnsTimesVector(a, aOff, aCs, b, bOff, bRs, c, cOff, m, k);
        } else {
            dots(a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, m, k, n);
        }
    }

    /** Row i of C accumulates A(i, p)·(row p of B): rows of B and C are contiguous. */
    private static void rowsTimesMatrix(double[] a, int aOff, int aRs, int aCs, double[] b, int bOff, int bRs,
                                        double[] c, int cOff, int m, int k, int n) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * n;
            java.util.Arrays.fill(c, ci, ci + n, 0);
            int ai = aOff + i * aRs;
            for (int p = 0; p < k; p++) {
                double aip = a[ai + p * aCs];
                int bp = bOff + p * bRs;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += aip * b[bp + j];
                }
            }
        }
    }

    /**
     * C (one column) accumulates (column p of A)·B(p, 0): columns of a transposed A are contiguous.
     * Four columns are folded in per pass, so C is loaded and stored a quarter as often (this is
     * the gradient Xᵀ·r of every linear model, where C is short and k is the number of samples).
     */
    private static void columnsTimesVector(double[] a, int aOff, int aCs, double[] b, int bOff, int bRs,
                                           double[] c, int cOff, int m, int k) {
        java.util.Arrays.fill(c, cOff, cOff + m, 0);
        int p = 0;
        for (; p + 3 < k; p += 4) {
            double b0 = b[bOff + p * bRs];
            double b1 = b[bOff + (p + 1) * bRs];
            double b2 = b[bOff + (p + 2) * bRs];
            double b3 = b[bOff + (p + 3) * bRs];
            int a0 = aOff + p * aCs;
            int a1 = a0 + aCs;
            int a2 = a1 + aCs;
            int a3 = a2 + aCs;
            for (int i = 0; i < m; i++) {
                c[cOff + i] += (a[a0 + i] * b0 + a[a1 + i] * b1) + (a[a2 + i] * b2 + a[a3 + i] * b3);
            }
        }
        for (; p < k; p++) {
            double bp = b[bOff + p * bRs];
            int ap = aOff + p * aCs;
            for (int i = 0; i < m; i++) {
                c[cOff + i] += a[ap + i] * bp;
            }
        }
    }

    /**
     * One dot product per element of C, four rows of A at a time so that each load of B feeds four
     * independent sums (a single sum would wait on the adder's latency at every step).
     */
    private static void dots(double[] a, int aOff, int aRs, int aCs, double[] b, int bOff, int bRs, int bCs,
                             double[] c, int cOff, int m, int k, int n) {
        int i = 0;
        for (; i + 3 < m; i += 4) {
            int a0 = aOff + i * aRs;
            int a1 = a0 + aRs;
            int a2 = a1 + aRs;
            int a3 = a2 + aRs;
            for (int j = 0; j < n; j++) {
                int bj = bOff + j * bCs;
                double s0 = 0;
                double s1 = 0;
                double s2 = 0;
                double s3 = 0;
                for (int p = 0; p < k; p++) {
                    double bp = b[bj + p * bRs];
                    s0 += a[a0 + p * aCs] * bp;
                    s1 += a[a1 + p * aCs] * bp;
                    s2 += a[a2 + p * aCs] * bp;
                    s3 += a[a3 + p * aCs] * bp;
                }
                int ci = cOff + i * n + j;
                c[ci] = s0;
                c[ci + n] = s1;
                c[ci + 2 * n] = s2;
                c[ci + 3 * n] = s3;
            }
        }
        for (; i < m; i++) {
            int ai = aOff + i * aRs;
            for (int j = 0; j < n; j++) {
                int bj = bOff + j * bCs;
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += a[ai + p * aCs] * b[bj + p * bRs];
                }
                c[cOff + i * n + j] = s;
            }
        }
    }
}
