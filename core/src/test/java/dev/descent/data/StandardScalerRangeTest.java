package dev.descent.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.Tensor;
import org.junit.jupiter.api.Test;

/** Standardising columns whose squares overflow or underflow: σ is found, not taken for a constant column's 1. */
class StandardScalerRangeTest {
    private static final double[] COLUMN = {1, 2, -1, 3, 4};

    private static Tensor column(double scale) {
        double[][] rows = new double[COLUMN.length][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new double[] {COLUMN[i] * scale};
        }
        return Tensor.of(rows);
    }

    @Test
    void aColumnNear1e300OrNear1eMinus300GetsItsStandardDeviationToTheBit() {
        StandardScaler plain = new StandardScaler().fit(column(1));
        double sigma = plain.scale().item();
        for (int power : new int[] {996, 500, -500, -990}) {
            double scale = Math.scalb(1.0, power);
            StandardScaler scaler = new StandardScaler().fit(column(scale));
            assertThat(scaler.scale().item()).as("2^%d", power).isEqualTo(sigma * scale);
            assertThat(scaler.transform(column(scale)).toArray()).as("2^%d", power)
                    .containsExactly(plain.transform(column(1)).toArray());
        }
        assertThat(new StandardScaler().fit(column(1e300)).scale().item()).isCloseTo(sigma * 1e300,
                org.assertj.core.data.Percentage.withPercentage(1e-12));
    }

    @Test
    void aConstantColumnOfHugeValuesIsStillConstant() {
        Tensor x = Tensor.of(new double[][] {{1e300}, {1e300}, {1e300}});
        StandardScaler scaler = new StandardScaler().fit(x);
        assertThat(scaler.scale().item()).isEqualTo(1.0);
        assertThat(scaler.transform(x).toArray()).containsOnly(0.0);
    }
}
