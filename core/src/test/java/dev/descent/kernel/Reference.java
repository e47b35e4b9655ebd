package dev.descent.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

/** A triple-loop matrix product and the comparisons the kernel tests share. */
final class Reference {
    private Reference() {
    }

    /** Random values in [-1, 1), with a few exact zeros and integers so that cancellation happens too. */
    static double[] random(Random rng, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            int kind = rng.nextInt(10);
            x[i] = kind == 0 ? 0.0 : kind == 1 ? rng.nextInt(5) - 2 : rng.nextDouble() * 2 - 1;
        }
        return x;
    }

    /** op(A)(i, p) for A stored at {@code off} as {@code m×k}, or as {@code k×m} when transposed. */
    static double opA(double[] a, int off, boolean trans, int m, int k, int i, int p) {
        return trans ? a[off + p * m + i] : a[off + i * k + p];
    }

    /** op(B)(p, j) for B stored at {@code off} as {@code k×n}, or as {@code n×k} when transposed. */
    static double opB(double[] b, int off, boolean trans, int k, int n, int p, int j) {
        return trans ? b[off + j * k + p] : b[off + p * n + j];
    }

    /**
     * Asserts that {@code c[cOff..]} holds op(A)·op(B) to within the forward error bound of a dot
     * product, {@code 2·k·ε·Σ|a||b|}, which any summation order meets.
     */
    static void assertProduct(double[] a, int aOff, boolean transA, double[] b, int bOff, boolean transB,
                              double[] c, int cOff, int m, int k, int n) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                double abs = 0;
                for (int p = 0; p < k; p++) {
                    double x = opA(a, aOff, transA, m, k, i, p) * opB(b, bOff, transB, k, n, p, j);
                    sum += x;
                    abs += Math.abs(x);
                }
                double tolerance = 2 * (k + 1) * Math.ulp(1.0) * abs;
                double actual = c[cOff + i * n + j];
                if (Math.abs(actual - sum) > tolerance) {
                    throw new AssertionError("C(" + i + ", " + j + ") of " + describe(m, k, n, transA, transB) + " is "
                            + actual + ", expected " + sum + " ± " + tolerance);
                }
            }
        }
    }

    /** Asserts that nothing outside {@code [from, to)} changed from the fill value. */
    static void assertUntouchedOutside(double[] c, int from, int to, double fill) {
        for (int i = 0; i < c.length; i++) {
            if (i < from || i >= to) {
                assertThat(c[i]).as("element %d outside the product", i).isEqualTo(fill);
            }
        }
    }

    static String describe(int m, int k, int n, boolean transA, boolean transB) {
        return m + "×" + k + (transA ? "ᵀ" : "") + " · " + k + "×" + n + (transB ? "ᵀ" : "");
    }
}
