package dev.descent.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MatMulTest {
    private static final int[] SIZES = {1, 2, 3, 4, 5, 7, 8, 13, 16, 17, 33, 70};
    private static final boolean[] FLAGS = {false, true};

    @Test
    void multiplyMatchesATripleLoopForEveryCombinationOfSmallSizesAndTranspositions() {
        Random rng = new Random(1);
        for (int m : SIZES) {
            for (int k : SIZES) {
                for (int n : SIZES) {
                    for (boolean ta : FLAGS) {
                        for (boolean tb : FLAGS) {
                            check(rng, m, k, n, ta, tb);
                        }
                    }
                }
            }
        }
    }

    @Test
    void multiplyMatchesATripleLoopAcrossSeveralDepthRowAndColumnBlocks() {
        Random rng = new Random(2);
        int[][] shapes = {
            {37, 600, 45}, {130, 513, 70}, {129, 257, 131}, {8, 40, 2100}, {2100, 20, 9}, {64, 64, 64},
            {506, 13, 1}, {13, 506, 1}, {506, 1, 13}, {1, 700, 900}, {300, 300, 5}, {260, 1, 260}};
        for (int[] s : shapes) {
            for (boolean ta : FLAGS) {
                for (boolean tb : FLAGS) {
                    check(rng, s[0], s[1], s[2], ta, tb);
                }
            }
        }
    }

    @Test
    void multiplyWithDepthZeroGivesZeros() {
        double[] c = new double[12];
        Arrays.fill(c, 7.0);
        MatMul.multiply(new double[0], 0, new double[0], 0, c, 1, 2, 0, 5);
        assertThat(Arrays.copyOfRange(c, 1, 11)).containsOnly(0.0);
        assertThat(c[0]).isEqualTo(7.0);
        assertThat(c[11]).isEqualTo(7.0);
    }

    @Test
    void multiplyWithoutTranspositionFlagsIsTheRowMajorProduct() {
        double[] a = {1, 2, 3, 4, 5, 6};
        double[] b = {7, 8, 9, 10, 11, 12};
        double[] c = new double[4];
        MatMul.multiply(a, 0, b, 0, c, 0, 2, 3, 2);
        assertThat(c).containsExactly(58, 64, 139, 154);
    }

    @Test
    void blockedProductMatchesATripleLoopForTinyShapesWithEveryMicroKernel() {
        Random rng = new Random(3);
        for (MicroKernelF64 kernel : everyKernel()) {
            for (int m : new int[] {1, 3, 4, 5, 6, 7, 13}) {
                for (int k : new int[] {1, 2, 7}) {
                    for (int n : new int[] {1, 5, 16, 17, 40}) {
                        for (boolean ta : FLAGS) {
                            for (boolean tb : FLAGS) {
                                double[] a = Reference.random(rng, m * k);
                                double[] b = Reference.random(rng, k * n);
                                double[] c = new double[m * n];
                                BlockedMatMulF64.multiply(kernel, a, 0, ta ? 1 : k, ta ? m : 1, b, 0, tb ? 1 : n, tb ? k : 1,
                                        c, 0, n, m, k, n);
                                Reference.assertProduct(a, 0, ta, b, 0, tb, c, 0, m, k, n);
                            }
                        }
                    }
                }
            }
        }
    }

    /** The scalar kernel and, where the Vector API is present, the vector kernel of every tile. */
    static List<MicroKernelF64> everyKernel() {
        List<MicroKernelF64> kernels = new ArrayList<>(List.of(ScalarMicroKernelF64.INSTANCE));
        if (Kernels.vectorApiAvailable()) {
            for (Tile tile : Tile.values()) {
                kernels.add(VectorMicroKernelF64.create(tile));
            }
        }
        return kernels;
    }

    private static void check(Random rng, int m, int k, int n, boolean ta, boolean tb) {
        int aOff = rng.nextInt(3);
        int bOff = rng.nextInt(3);
        int cOff = rng.nextInt(3);
        double[] a = Reference.random(rng, aOff + m * k + 2);
        double[] b = Reference.random(rng, bOff + k * n + 2);
        double[] c = new double[cOff + m * n + 2];
        Arrays.fill(c, -3.5);
        MatMul.multiply(a, aOff, ta, b, bOff, tb, c, cOff, m, k, n);
        Reference.assertProduct(a, aOff, ta, b, bOff, tb, c, cOff, m, k, n);
        Reference.assertUntouchedOutside(c, cOff, cOff + m * n, -3.5);
    }

    @Test
    void setThreadsRejectsFewerThanOneThread() {
        assertThatThrownBy(() -> Kernels.setThreads(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("setThreads: thread count must be at least 1, got 0");
    }
}
