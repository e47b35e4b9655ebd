package dev.descent.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PackingTest {
    @Test
    void packedASliversHoldEachStepAtTheStrideWithZerosBelowTheLastRowAndThePaddingUntouched() {
        Random rng = new Random(8);
        int rows = 12;
        int depth = 7;
        // the tiles' slivers: 5 rows padded to 8 (two whole and one of 2 rows), 4 unpadded, 6 padded to 8
        for (int[] sliver : new int[][] {{5, 8}, {4, 4}, {6, 8}}) {
            int mr = sliver[0];
            int stride = sliver[1];
            int slivers = (rows + mr - 1) / mr;
            // row-major, transposed, and neither stride one (a column of every other element, rows apart)
            for (String layout : new String[] {"row-major", "transposed", "strided"}) {
                int rs = switch (layout) {
                    case "row-major" -> depth;
                    case "transposed" -> 1;
                    default -> 2 * depth + 1;
                };
                int cs = switch (layout) {
                    case "row-major" -> 1;
                    case "transposed" -> rows;
                    default -> 2;
                };
                double[] a = Reference.random(rng, rows * rs + depth * cs);
                double[] dst = new double[slivers * stride * depth];
                Arrays.fill(dst, 9.5);
                PackingF64.packA(a, 0, rs, cs, rows, depth, mr, stride, dst);
                for (int s = 0; s < slivers; s++) {
                    for (int p = 0; p < depth; p++) {
                        for (int r = 0; r < stride; r++) {
                            int i = s * mr + r;
                            double expected = r >= mr ? 9.5 : i < rows ? a[i * rs + p * cs] : 0;
                            assertThat(dst[s * stride * depth + p * stride + r])
                                    .as("%d-row slivers, sliver %d, step %d, row %d, A %s", mr, s, p, r, layout)
                                    .isEqualTo(expected);
                        }
                    }
                }
            }
        }
    }

    @Test
    void packedBSliversHoldEachRowWithZerosRightOfTheLastColumn() {
        Random rng = new Random(9);
        int depth = 6;
        // 4, as the scalar kernel; 8, two groups of four columns when B is stored transposed; NR, the
        // vector tiles' width, which takes the Vector API's row copy
        int[] widths = Kernels.vectorApiAvailable() ? IntStream.of(4, 8, VectorMicroKernelF64.NR).distinct().toArray()
                : new int[] {4, 8};
        for (int nr : widths) {
            // a tail sliver, whole slivers only, and fewer columns than one sliver
            for (int cols : new int[] {2 * nr + nr / 2 + 1, 2 * nr, nr - 1}) {
                int slivers = (cols + nr - 1) / nr;
                for (boolean transposed : new boolean[] {false, true}) {
                    // a block inside a larger matrix: an offset, and a row (or column) stride beyond the block
                    int ld = transposed ? depth + 3 : cols + 5;
                    int off = 7;
                    double[] b = Reference.random(rng, off + ld * (transposed ? cols : depth));
                    int rs = transposed ? 1 : ld;
                    int cs = transposed ? ld : 1;
                    double[] dst = new double[slivers * nr * depth];
                    Arrays.fill(dst, 9.5);
                    PackingF64.packB(b, off, rs, cs, depth, cols, nr, dst);
                    for (int s = 0; s < slivers; s++) {
                        for (int p = 0; p < depth; p++) {
                            for (int j = 0; j < nr; j++) {
                                int col = s * nr + j;
                                assertThat(dst[s * nr * depth + p * nr + j])
                                        .as("nr %d, %d columns, sliver %d, row %d, column %d", nr, cols, s, p, j)
                                        .isEqualTo(col < cols ? b[off + p * rs + col * cs] : 0);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void aIsPaddedToAPowerOfTwoOnlyWhereTheJitNeedsIt() {
        assertThat(VectorMicroKernelF64.aStride(4)).isEqualTo(4);
        assertThat(VectorMicroKernelF64.aStride(5)).isEqualTo(VectorMicroKernelF64.PAD_A ? 8 : 5);
        assertThat(VectorMicroKernelF64.aStride(6)).isEqualTo(VectorMicroKernelF64.PAD_A ? 8 : 6);
    }
}
