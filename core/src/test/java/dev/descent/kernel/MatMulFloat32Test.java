package dev.descent.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The float32 products, generated from the float64 source at build time (core/pom.xml). */
class MatMulFloat32Test {
    private static final boolean[] FLAGS = {false, true};

    private final int savedThreads = Kernels.threads();

    @AfterEach
    void restoreSettings() {
        Kernels.setThreads(savedThreads);
    }

    @Test
    void float32ProductsAgreeWithFloat64OnesToFloat32Rounding() {
        Random rng = new Random(12);
        // direct (tiny, matrix-vector), blocked, several depth blocks, and split across threads
        int[][] shapes = {{3, 4, 5}, {506, 13, 1}, {1, 300, 40}, {37, 300, 29}, {64, 64, 64}, {203, 110, 197}};
        for (int[] s : shapes) {
            for (boolean ta : FLAGS) {
                for (boolean tb : FLAGS) {
                    float[] a = floats(Reference.random(rng, s[0] * s[1]));
                    float[] b = floats(Reference.random(rng, s[1] * s[2]));
                    float[] c = new float[s[0] * s[2]];
                    MatMul.multiply(a, 0, ta, b, 0, tb, c, 0, s[0], s[1], s[2]);
                    assertCloseToFloat64(a, ta, b, tb, c, s[0], s[1], s[2]);
                }
            }
        }
    }

    @Test
    void everyTileAndThreadCountGivesTheBitsOfTheFloat32ScalarKernel() {
        Random rng = new Random(13);
        int[][] shapes = {{5, 7, 9}, {37, 300, 29}, {29, 40, 70}};
        for (int[] s : shapes) {
            for (boolean ta : FLAGS) {
                for (boolean tb : FLAGS) {
                    float[] a = floats(Reference.random(rng, s[0] * s[1]));
                    float[] b = floats(Reference.random(rng, s[1] * s[2]));
                    float[] scalar = bands(ScalarMicroKernelF32.INSTANCE, 1, a, ta, b, tb, s);
                    if (!Kernels.vectorApiAvailable()) {
                        continue;
                    }
                    for (Tile tile : Tile.values()) {
                        for (int threads = 1; threads <= 3; threads++) {
                            assertThat(bands(VectorMicroKernelF32.create(tile), threads, a, ta, b, tb, s))
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
    void largeFloat32ProductsAreBitIdenticalOnOneTwoAndThreeThreads() {
        Random rng = new Random(14);
        int[] s = {203, 110, 197};
        float[] a = floats(Reference.random(rng, s[0] * s[1]));
        float[] b = floats(Reference.random(rng, s[1] * s[2]));
        float[] one = multiply(1, a, b, s);
        assertThat(multiply(2, a, b, s)).containsExactly(one);
        assertThat(multiply(3, a, b, s)).containsExactly(one);
    }

    private static float[] multiply(int threads, float[] a, float[] b, int[] s) {
        Kernels.setThreads(threads);
        float[] c = new float[s[0] * s[2]];
        MatMul.multiply(a, 0, b, 0, c, 0, s[0], s[1], s[2]);
        return c;
    }

    private static float[] bands(MicroKernelF32 kernel, int threads, float[] a, boolean ta, float[] b, boolean tb,
                                 int[] s) {
        Kernels.setThreads(threads);
        int m = s[0];
        int k = s[1];
        int n = s[2];
        float[] c = new float[m * n];
        BlockedMatMulF32.multiplyParallel(kernel, threads, a, 0, ta ? 1 : k, ta ? m : 1, b, 0, tb ? 1 : n, tb ? k : 1,
                c, 0, n, m, k, n);
        return c;
    }

    static float[] floats(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = (float) x[i];
        }
        return f;
    }

    /**
     * Each element within the forward error bound of a float32 dot product, {@code 2·(k+1)·ε·Σ|a||b|}
     * with ε of float32, of the product computed in float64 from the same (float32) values.
     */
    static void assertCloseToFloat64(float[] a, boolean ta, float[] b, boolean tb, float[] c, int m, int k, int n) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                double abs = 0;
                for (int p = 0; p < k; p++) {
                    double x = (double) (ta ? a[p * m + i] : a[i * k + p]) * (tb ? b[j * k + p] : b[p * n + j]);
                    sum += x;
                    abs += Math.abs(x);
                }
                double tolerance = 2 * (k + 1) * Math.ulp(1.0f) * abs;
                assertThat((double) c[i * n + j])
                        .as("C(%d, %d) of %s", i, j, Reference.describe(m, k, n, ta, tb))
                        .isCloseTo(sum, Offset.offset(tolerance));
            }
        }
    }
}
