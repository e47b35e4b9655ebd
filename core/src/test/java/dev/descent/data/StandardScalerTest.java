package dev.descent.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.Tensor;
import org.junit.jupiter.api.Test;

class StandardScalerTest {
    private static final double[][] ROWS = {{1, 10, 7}, {2, 20, 7}, {4, 30, 7}, {9, 60, 7}};

    @Test
    void fitLearnsEachColumnsMeanAndPopulationStandardDeviation() {
        StandardScaler scaler = new StandardScaler().fit(Tensor.of(ROWS));
        for (int j = 0; j < 2; j++) {
            double mean = 0;
            for (double[] r : ROWS) {
                mean += r[j] / ROWS.length;
            }
            double variance = 0;
            for (double[] r : ROWS) {
                variance += (r[j] - mean) * (r[j] - mean) / ROWS.length;   // ddof 0, as sklearn
            }
            assertThat(scaler.mean().toArray()[j]).isCloseTo(mean, within(1e-12));
            assertThat(scaler.scale().toArray()[j]).isCloseTo(Math.sqrt(variance), within(1e-12));
        }
    }

    @Test
    void aConstantColumnGetsScaleOneAndBecomesZeros() {
        StandardScaler scaler = new StandardScaler();
        Tensor z = scaler.fitTransform(Tensor.of(ROWS));
        assertThat(scaler.scale().toArray()[2]).isEqualTo(1.0);
        assertThat(scaler.mean().toArray()[2]).isEqualTo(7.0);
        double[][] rows = z.toArray2d();
        for (double[] r : rows) {
            assertThat(r[2]).isZero();
        }
        Tensor decimal = Tensor.of(new double[][] {{0.1}, {0.1}, {0.1}});
        assertThat(new StandardScaler().fit(decimal).scale().item()).isEqualTo(1.0);
    }

    @Test
    void transformedColumnsHaveMeanZeroAndStandardDeviationOne() {
        Tensor z = new StandardScaler().fitTransform(Tensor.of(ROWS));
        Tensor firstTwo = z.slice(1, 0, 2);
        assertThat(firstTwo.mean(0).toArray()).containsExactly(new double[] {0, 0}, within(1e-12));
        assertThat(firstTwo.square().mean(0).toArray()).containsExactly(new double[] {1, 1}, within(1e-12));
    }

    @Test
    void inverseTransformUndoesTransform() {
        Tensor x = Tensor.randn(new java.util.Random(3), 50, 4).mul(100).add(-20);
        StandardScaler scaler = new StandardScaler().fit(x);
        assertThat(scaler.inverseTransform(scaler.transform(x)).allClose(x, 1e-13, 1e-12)).isTrue();
    }

    @Test
    void aScalerRebuiltFromItsStatisticsTransformsTheSame() {
        StandardScaler fitted = new StandardScaler().fit(Tensor.of(ROWS));
        StandardScaler rebuilt = StandardScaler.of(fitted.mean(), fitted.scale());
        assertThat(rebuilt.transform(Tensor.of(ROWS)).toArray()).containsExactly(fitted.transform(Tensor.of(ROWS)).toArray());
    }

    @Test
    void nanOrInfinityIsRejectedNamingTheRowAndColumn() {
        double[][] rows = {{1, 2}, {3, Double.NaN}};
        assertThatThrownBy(() -> new StandardScaler().fit(Tensor.of(rows))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("StandardScaler.fit: row 1, column 1 is NaN (rows and columns count from 0); remove or fill"
                        + " missing and infinite values before scaling");
        StandardScaler scaler = new StandardScaler().fit(Tensor.of(ROWS));
        assertThatThrownBy(() -> scaler.transform(Tensor.of(new double[][] {{1, 2, Double.POSITIVE_INFINITY}})))
                .hasMessageStartingWith("StandardScaler.transform: row 0, column 2 is Infinity");
    }

    @Test
    void transformBeforeFitIsAnOrderError() {
        assertThatThrownBy(() -> new StandardScaler().transform(Tensor.of(ROWS))).isInstanceOf(IllegalStateException.class)
                .hasMessage("StandardScaler.transform: the scaler is not fitted yet; call fit(x) or fitTransform(x) on the"
                        + " training features first");
        assertThatThrownBy(() -> new StandardScaler().mean()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shapesThatDoNotFitAreRejected() {
        StandardScaler scaler = new StandardScaler().fit(Tensor.of(ROWS));
        assertThatThrownBy(() -> scaler.transform(Tensor.zeros(2, 2))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("StandardScaler.transform: x has shape [2, 2] but the scaler was fitted on 3 columns");
        assertThatThrownBy(() -> new StandardScaler().fit(Tensor.of(1.0, 2.0)))
                .hasMessage("StandardScaler.fit: x has shape [2]; it must be [samples, features] (use x.reshape(-1, 1) for one feature)");
        assertThatThrownBy(() -> StandardScaler.of(Tensor.of(0.0), Tensor.of(0.0)))
                .hasMessageContaining("must both have shape [features]");
        assertThatThrownBy(() -> StandardScaler.of(Tensor.of(0.0, 1.0), Tensor.of(1.0, 0.0)))
                .hasMessageContaining("column 1 has mean 1.0 and scale 0.0");
    }

    @Test
    void transformInPlaceGivesTransformsBitsInTheDataItself() {
        Tensor x = Tensor.randn(new java.util.Random(5), 50, 3).mul(Tensor.of(1e3, 1, 1e-3)).add(7.0);
        StandardScaler scaler = new StandardScaler().fit(x);
        Tensor expected = scaler.transform(x);
        Tensor same = scaler.transformInPlace(x);
        assertThat(same).isSameAs(x);
        assertThat(x.toArray()).containsExactly(expected.toArray());
    }

    @Test
    void fitMatchesTheMeanAndDeviationOfWholeColumnReductions() {
        Tensor x = Tensor.randn(new java.util.Random(8), 1000, 4).mul(3.0).add(-2.0);
        StandardScaler scaler = new StandardScaler().fit(x);
        assertThat(scaler.mean().toArray()).containsExactly(x.mean(0).toArray());
        double[] sigma = x.sub(x.mean(0)).square().mean(0).sqrt().toArray();
        assertThat(scaler.scale().toArray()).containsExactly(sigma);
    }
}
