package dev.descent.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fused linear-regression kernel's sums are the same bits on 4-lane vectors and on four scalars. */
class LinearMseF64Test {
    @Test
    void theVectorSumsEqualTheScalarSumsBitForBitForEveryRowCountAndColumnCount() {
        assumeTrue(Kernels.vectorApiAvailable(), "needs --add-modules jdk.incubator.vector");
        Random random = new Random(11);
        int[] rows = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 506};
        int[] cols = {0, 1, 2, 3, 4, 5, 13};
        for (int n : rows) {
            for (int f : cols) {
                double[][] columns = new double[f][n];
                double[] r = new double[n];
                for (double[] c : columns) {
                    fill(random, c);
                }
                fill(random, r);
                double[] scalar = new double[f + 1];
                double[] vector = new double[f + 1];
                for (int j = 0; j < f; j++) {
                    scalar[j] = 0.5 * LinearMseF64.dot(columns[j], r);
                }
                double scalarSquares = LinearMseF64.sums(r, scalar, f);
                double[] fourAPass = new double[f + 1];
                LinearMseF64.dots(columns, r, 0.5, fourAPass);
                assertThat(Arrays.copyOf(fourAPass, f)).as("n=%d f=%d", n, f)
                        .containsExactly(Arrays.copyOf(scalar, f));
                LinearMseF64.Vectorised.dots(columns, r, 0.5, vector);
                double vectorSquares = LinearMseF64.Vectorised.sums(r, vector, f);
                assertThat(vectorSquares).as("n=%d", n).isEqualTo(scalarSquares);
                assertThat(vector).as("n=%d f=%d", n, f).containsExactly(scalar);
            }
        }
    }

    @Test
    void thePartialSumsAreAddedInTheirFixedOrder() {
        // In row order ((1e16 + 1) − 1e16) + 1 is 1 (the first 1 is lost in rounding); as the four
        // partial sums added (s0 + s1) + (s2 + s3) it is 0. Either is a rounding of 2; the order is fixed.
        double[] r = {1e16, 1, -1e16, 1};
        double[] ones = {1, 1, 1, 1};
        assertThat(LinearMseF64.dot(ones, r)).isEqualTo(0.0);
        double[] out = new double[1];
        LinearMseF64.sums(r, out, 0);
        assertThat(out[0]).isEqualTo(0.0);
        assertThat(((1e16 + 1) - 1e16) + 1).isEqualTo(1.0);
    }

    private static void fill(Random random, double[] a) {
        for (int i = 0; i < a.length; i++) {
            a[i] = random.nextGaussian() * Math.exp(4 * random.nextGaussian());
        }
    }
}
