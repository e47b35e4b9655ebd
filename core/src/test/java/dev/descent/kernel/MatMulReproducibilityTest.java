package dev.descent.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
        Kernels.setMatMulTile("auto");
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
    void thePanelWidthChangesNoBit() {
        // the width of B's panels follows the machine's caches (Machine.panelColumns); the depth blocks do not
        Random rng = new Random(6);
        int m = 37;
        int k = 600;
        int n = 300;
        double[] a = Reference.random(rng, m * k);
        double[] b = Reference.random(rng, k * n);
        MicroKernelF64 kernel = BlockedMatMulF64.currentKernel();
        double[] wide = new double[m * n];
        BlockedMatMulF64.multiply(kernel, a, 0, k, 1, BlockedMatMulF64.matrix(b, 0, n, 1), 0, wide, 0, n, m, k, n,
                Machine.WIDE_PANEL);
        Reference.assertProduct(a, 0, false, b, 0, false, wide, 0, m, k, n);
        for (int panel : new int[] {1, 64, 100, 512}) {
            double[] c = new double[m * n];
            BlockedMatMulF64.multiply(kernel, a, 0, k, 1, BlockedMatMulF64.matrix(b, 0, n, 1), 0, c, 0, n, m, k, n, panel);
            assertThat(c).as("panels of %d columns", panel).containsExactly(wide);
        }
    }

    @Test
    void panelsAreHalfTheL2OnIntelAndWideElsewhere() {
        assertThat(Machine.panelColumns(256, Double.BYTES, "GenuineIntel", 2L << 20)).isEqualTo(512);
        assertThat(Machine.panelColumns(256, Float.BYTES, "GenuineIntel", 2L << 20)).isEqualTo(1024);
        assertThat(Machine.panelColumns(256, Double.BYTES, "GenuineIntel", 1L << 20)).isEqualTo(256);
        assertThat(Machine.panelColumns(256, Double.BYTES, "AuthenticAMD", 1L << 20)).isEqualTo(Machine.WIDE_PANEL);
        assertThat(Machine.panelColumns(256, Double.BYTES, "GenuineIntel", 0)).isEqualTo(Machine.WIDE_PANEL);
        assertThat(Machine.panelColumns(256, Double.BYTES, "", 2L << 20)).isEqualTo(Machine.WIDE_PANEL);
        assertThat(Machine.parseSize("2048K")).isEqualTo(2L << 20);
        assertThat(Machine.parseSize("1M")).isEqualTo(1L << 20);
        assertThat(Machine.parseSize("big")).isZero();
        assertThat(Machine.parseSize(null)).isZero();
    }

    @Test
    void everyTileGivesTheBitsOfTheScalarKernelInOneTwoAndThreeBands() {
        assumeTrue(Kernels.vectorApiAvailable(), "needs --add-modules jdk.incubator.vector");
        Random rng = new Random(5);
        // edges in rows for every tile height (4, 5, 6) and in columns, two depth blocks; small enough
        // to stay quick while the JIT has not compiled the kernels, so bands are asked for directly
        int[][] shapes = {{5, 7, 9}, {37, 300, 29}, {64, 64, 64}, {29, 40, 70}};
        for (int[] s : shapes) {
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    double[] a = Reference.random(rng, s[0] * s[1]);
                    double[] b = Reference.random(rng, s[1] * s[2]);
                    double[] scalar = bands(ScalarMicroKernelF64.INSTANCE, 1, a, ta, b, tb, s);
                    for (Tile tile : Tile.values()) {
                        for (int threads = 1; threads <= 3; threads++) {
                            assertThat(bands(VectorMicroKernelF64.create(tile), threads, a, ta, b, tb, s))
                                    .as("tile %s in %d bands, %s", tile.label(), threads,
                                            Reference.describe(s[0], s[1], s[2], ta, tb))
                                    .containsExactly(scalar);
                        }
                    }
                }
            }
        }
    }

    @Test
    void aForcedTileIsWhatMatMulUsesAndGivesTheSameBits() {
        assumeTrue(Kernels.vectorApiAvailable(), "needs --add-modules jdk.incubator.vector");
        Random rng = new Random(6);
        int[] s = SHAPES[0];
        double[] a = Reference.random(rng, s[0] * s[1]);
        double[] b = Reference.random(rng, s[1] * s[2]);
        Kernels.setVectorApiEnabled(false);
        double[] scalar = multiply(2, a, false, b, true, s);
        Kernels.setVectorApiEnabled(true);
        for (Tile tile : Tile.values()) {
            Kernels.setMatMulTile(tile.label());
            assertThat(BlockedMatMulF64.currentKernel().rows()).isEqualTo(tile.rows);
            assertThat(BlockedMatMulF32.currentKernel().rows()).isEqualTo(tile.rows);
            assertThat(multiply(2, a, false, b, true, s)).as("tile %s", tile.label()).containsExactly(scalar);
        }
    }

    @Test
    void theTileCanBeForcedByNameAndAutoGoesBackToTheMachinesChoice() {
        Kernels.setMatMulTile("4X2 ");
        assertThat(Kernels.matMulTile()).isEqualTo("4x2");
        Kernels.setMatMulTile("auto");
        assertThat(Kernels.matMulTile()).isEqualTo(Tile.choose(Machine.vectorRegisters(Machine.vectorBits()), 8).label());
        assertThatThrownBy(() -> Kernels.setMatMulTile("7x7"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("matmul tile: unknown tile '7x7'; use one of 4x2, 5x2, 6x2");
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
        assertThatThrownBy(() -> Parallel.run(4, i -> {
            if (i == 2) {
                throw new IllegalStateException("task 2 failed");
            }
        })).isInstanceOf(IllegalStateException.class).hasMessage("task 2 failed");
    }

    /** The blocked product split into bands for {@code threads} threads, as MatMul splits large products. */
    private static double[] bands(MicroKernelF64 kernel, int threads, double[] a, boolean ta, double[] b, boolean tb,
                                  int[] s) {
        Kernels.setThreads(threads);
        int m = s[0];
        int k = s[1];
        int n = s[2];
        double[] c = new double[m * n];
        BlockedMatMulF64.multiplyParallel(kernel, threads, a, 0, ta ? 1 : k, ta ? m : 1, b, 0, tb ? 1 : n, tb ? k : 1,
                c, 0, n, m, k, n);
        return c;
    }

    private static double[] multiply(int threads, double[] a, boolean ta, double[] b, boolean tb, int[] s) {
        Kernels.setThreads(threads);
        double[] c = new double[s[0] * s[2]];
        MatMul.multiply(a, 0, ta, b, 0, tb, c, 0, s[0], s[1], s[2]);
        return c;
    }
}
