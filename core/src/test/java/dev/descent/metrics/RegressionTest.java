package dev.descent.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.Tensor;
import org.junit.jupiter.api.Test;

class RegressionTest {
    private static final double[] Y = {3, -0.5, 2, 7};
    private static final double[] P = {2.5, 0.0, 2, 8};

    private static double meanOf(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    @Test
    void mseRmseAndMaeMatchTheirDefinitions() {
        double sq = 0;
        double abs = 0;
        for (int i = 0; i < Y.length; i++) {
            sq += (Y[i] - P[i]) * (Y[i] - P[i]);
            abs += Math.abs(Y[i] - P[i]);
        }
        Tensor y = Tensor.of(Y);
        Tensor p = Tensor.of(P);
        assertThat(Regression.meanSquaredError(y, p)).isCloseTo(sq / Y.length, within(1e-15)).isCloseTo(0.375, within(1e-15));
        assertThat(Regression.rootMeanSquaredError(y, p)).isCloseTo(Math.sqrt(sq / Y.length), within(1e-15));
        assertThat(Regression.meanAbsoluteError(y, p)).isCloseTo(abs / Y.length, within(1e-15)).isCloseTo(0.5, within(1e-15));
    }

    @Test
    void r2IsOneMinusTheResidualOverTheTotalSumOfSquares() {
        double mean = meanOf(Y);
        double res = 0;
        double tot = 0;
        for (int i = 0; i < Y.length; i++) {
            res += (Y[i] - P[i]) * (Y[i] - P[i]);
            tot += (Y[i] - mean) * (Y[i] - mean);
        }
        assertThat(Regression.r2Score(Tensor.of(Y), Tensor.of(P))).isCloseTo(1 - res / tot, within(1e-15));
        assertThat(Regression.r2Score(Tensor.of(Y), Tensor.of(Y))).isEqualTo(1.0);
        assertThat(Regression.r2Score(Tensor.of(Y), Tensor.full(mean, 4))).isCloseTo(0.0, within(1e-15));
    }

    @Test
    void aConstantTargetGivesROneForExactPredictionsAndZeroOtherwise() {
        assertThat(Regression.r2Score(Tensor.of(2.0, 2.0, 2.0), Tensor.of(2.0, 2.0, 2.0))).isEqualTo(1.0);
        assertThat(Regression.r2Score(Tensor.of(2.0, 2.0, 2.0), Tensor.of(2.0, 2.0, 2.5))).isEqualTo(0.0);
    }

    @Test
    void aVectorAndAColumnArePairedRowByRowNotBroadcast() {
        Tensor column = Tensor.of(P).reshape(4, 1);
        assertThat(Regression.meanSquaredError(Tensor.of(Y), column)).isEqualTo(Regression.meanSquaredError(Tensor.of(Y), Tensor.of(P)));
        assertThat(Regression.r2Score(Tensor.of(Y).reshape(4, 1), Tensor.of(P))).isEqualTo(Regression.r2Score(Tensor.of(Y), Tensor.of(P)));
    }

    @Test
    void severalOutputsAreScoredSeparatelyAndAveraged() {
        Tensor y = Tensor.of(new double[][] {{0.5, 1}, {-1, 1}, {7, -6}});
        Tensor p = Tensor.of(new double[][] {{0, 2}, {-1, 2}, {8, -5}});
        double r2First = Regression.r2Score(Tensor.of(0.5, -1, 7), Tensor.of(0.0, -1, 8));
        double r2Second = Regression.r2Score(Tensor.of(1.0, 1, -6), Tensor.of(2.0, 2, -5));
        assertThat(Regression.r2Score(y, p)).isCloseTo((r2First + r2Second) / 2, within(1e-15));
        double rmseFirst = Regression.rootMeanSquaredError(Tensor.of(0.5, -1, 7), Tensor.of(0.0, -1, 8));
        double rmseSecond = Regression.rootMeanSquaredError(Tensor.of(1.0, 1, -6), Tensor.of(2.0, 2, -5));
        assertThat(Regression.rootMeanSquaredError(y, p)).isCloseTo((rmseFirst + rmseSecond) / 2, within(1e-15));
    }

    @Test
    void mismatchedShapesAreRejectedNamingBoth() {
        assertThatThrownBy(() -> Regression.meanSquaredError(Tensor.of(Y), Tensor.of(1.0, 2.0))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("meanSquaredError: yTrue has shape [4] and yPred has shape [2]; they need the same number of samples and outputs");
    }

    @Test
    void metricsOfFewerSamplesThanTheyNeedAreUndefined() {
        assertThat(Regression.r2Score(Tensor.zeros(0), Tensor.zeros(0))).as("no samples: undefined").isNaN();
        assertThat(Regression.meanSquaredError(Tensor.zeros(0), Tensor.zeros(0))).as("no samples: undefined").isNaN();
        assertThat(Regression.r2Score(Tensor.of(new double[] {3}), Tensor.of(new double[] {2}))).as("one sample").isNaN();
        assertThat(dev.descent.metrics.Classification.accuracyScore(Tensor.zeros(0), Tensor.zeros(0))).isNaN();
    }
}
