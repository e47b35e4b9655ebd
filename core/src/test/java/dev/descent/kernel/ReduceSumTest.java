package dev.descent.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Sums over leading dimensions (a bias's gradient) go row by row, but each column with exactly the
 * pairwise tree of a contiguous run: the same bits as summing the transposed columns.
 */
class ReduceSumTest {
    private static final int[] ROWS = {0, 1, 3, 4, 5, 63, 64, 65, 128, 200, 1000};
    private static final int[] COLS = {8, 9, 256};

    @Test
    void float64ColumnSumsAreThePairwiseSumsOfTheColumns() {
        Random random = new Random(5);
        for (int rows : ROWS) {
            for (int cols : COLS) {
                double[] a = new double[rows * cols];
                for (int i = 0; i < a.length; i++) {
                    a[i] = random.nextGaussian() * Math.exp(6 * random.nextGaussian());
                }
                double[] sums = ReduceF64.sum(a, new int[] {rows, cols}, new boolean[] {true, false});
                for (int j = 0; j < cols; j++) {
                    double[] column = new double[rows];
                    for (int i = 0; i < rows; i++) {
                        column[i] = a[i * cols + j];
                    }
                    assertThat(sums[j]).as("rows %d cols %d column %d", rows, cols, j)
                            .isEqualTo(ReduceF64.pairwiseSum(column, 0, rows));
                }
            }
        }
    }

    @Test
    void float32ColumnSumsAreThePairwiseSumsOfTheColumnsRoundedOnce() {
        Random random = new Random(6);
        for (int rows : ROWS) {
            for (int cols : COLS) {
                float[] a = new float[rows * cols];
                for (int i = 0; i < a.length; i++) {
                    a[i] = (float) (random.nextGaussian() * Math.exp(6 * random.nextGaussian()));
                }
                float[] sums = ReduceF32.sum(a, new int[] {rows, cols}, new boolean[] {true, false});
                for (int j = 0; j < cols; j++) {
                    float[] column = new float[rows];
                    for (int i = 0; i < rows; i++) {
                        column[i] = a[i * cols + j];
                    }
                    assertThat(sums[j]).as("rows %d cols %d column %d", rows, cols, j)
                            .isEqualTo((float) ReduceF32.pairwiseSum(column, 0, rows));
                }
            }
        }
    }

    @Test
    void aBatchOfThreeDimensionsSummedOverItsFirstTwoIsThePairwiseSumOfEachColumn() {
        Random random = new Random(7);
        int[] dims = {3, 50, 16};
        double[] a = new double[3 * 50 * 16];
        for (int i = 0; i < a.length; i++) {
            a[i] = random.nextGaussian();
        }
        double[] sums = ReduceF64.sum(a, dims, new boolean[] {true, true, false});
        for (int j = 0; j < 16; j++) {
            double[] column = new double[150];
            for (int i = 0; i < 150; i++) {
                column[i] = a[i * 16 + j];
            }
            assertThat(sums[j]).isEqualTo(ReduceF64.pairwiseSum(column, 0, 150));
        }
    }
}
