package dev.descent.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MatMulReproducibilityTest {
    private final int savedThreads = Kernels.threads();
    private final boolean savedVector = Kernels.vectorApiEnabled();

    @AfterEach
    void restoreSettings() {
        Kernels.setThreads(savedThreads);
        Kernels.setVectorApiEnabled(savedVector);
    }

    /** Shapes above the parallel threshold, split by rows and by columns, with ragged edges and several depth blocks. */
    private static final int[][] SHAPES = {{203, 110, 197}, {70, 1000, 61}, {61, 1000, 70}};

    @Test
    void productsAreBitIdenticalOnOneTwoAndThreeThreads() {
        Random rng = new Random(4);
        for (int[] s : SHAPES) {
            assertThat((long) s[0] * s[1] * s[2]).as("large enough to be split")
                    .isGreaterThanOrEqualTo(MatMul.PARALLEL_MIN_VOLUME);
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    double[] a = Reference.random(rng, s[0] * s[1]);
                    double[] b = Reference.random(rng, s[1] * s[2]);
                    double[] one = multiply(1, a, ta, b, tb, s);
                    assertThat(multiply(2, a, ta, b, tb, s)).containsExactly(one);
                    assertThat(multiply(3, a, ta, b, tb, s)).containsExactly(one);
                    Reference.assertProduct(a, 0, ta, b, 0, tb, one, 0, s[0], s[1], s[2]);
                }
            }
        }
    }

    @Test
    void vectorAndScalarPathsGiveIdenticalBits() {
        assumeTrue(Kernels.vectorApiAvailable(), "needs --add-modules jdk.incubator.vector");
        Random rng = new Random(5);
        int[][] shapes = {{5, 7, 9}, {64, 64, 64}, {33, 513, 47}, {203, 110, 197}};
        for (int[] s : shapes) {
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    double[] a = Reference.random(rng, s[0] * s[1]);
                    double[] b = Reference.random(rng, s[1] * s[2]);
                    Kernels.setVectorApiEnabled(true);
                    double[] vector = multiply(2, a, ta, b, tb, s);
                    Kernels.setVectorApiEnabled(false);
                    double[] scalar = multiply(2, a, ta, b, tb, s);
                    assertThat(scalar).containsExactly(vector);
                }
            }
        }
    }

    @Test
    void parallelRunRunsEveryTaskExactlyOnceAndRethrowsAFailure() {
        Kernels.setThreads(3);
        int[] counts = new int[50];
        Parallel.run(counts.length, i -> {
            synchronized (counts) {
                counts[i]++;
            }
        });
        assertThat(counts).containsOnly(1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Parallel.run(4, i -> {
            if (i == 2) {
                throw new IllegalStateException("task 2 failed");
            }
        })).isInstanceOf(IllegalStateException.class).hasMessage("task 2 failed");
    }

    private static double[] multiply(int threads, double[] a, boolean ta, double[] b, boolean tb, int[] s) {
        Kernels.setThreads(threads);
        double[] c = new double[s[0] * s[2]];
        MatMul.multiply(a, 0, ta, b, 0, tb, c, 0, s[0], s[1], s[2]);
        return c;
    }
}
