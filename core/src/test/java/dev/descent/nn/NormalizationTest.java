package dev.descent.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.Shape;
import dev.descent.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** LayerNorm and BatchNorm1d against hand-computed values, in training and evaluation mode. */
class NormalizationTest {
    private static final double EPS = 1e-5;

    @Test
    void layerNormNormalisesEachRowWithItsBiasedVariance() {
        Tensor y = new LayerNorm(3).forward(Tensor.of(new double[][] {{1, 2, 3}, {10, 10, 40}}));
        double s1 = Math.sqrt(2.0 / 3 + EPS);
        double s2 = Math.sqrt(200 + EPS);
        double[] expected = {-1 / s1, 0, 1 / s1, -10 / s2, -10 / s2, 20 / s2};
        double[] actual = y.toArray();
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).isCloseTo(expected[i], within(1e-12));
        }
    }

    @Test
    void layerNormAppliesItsWeightAndBiasAndCanDoWithout() {
        LayerNorm norm = new LayerNorm(2);
        norm.loadStateDict(Map.of("weight", Tensor.of(2, 3), "bias", Tensor.of(10, 20)));
        Tensor y = norm.forward(Tensor.of(new double[][] {{0, 2}}));
        double s = 1 / Math.sqrt(1 + EPS);
        assertThat(y.get(0, 0)).isCloseTo(10 - 2 * s, within(1e-12));
        assertThat(y.get(0, 1)).isCloseTo(20 + 3 * s, within(1e-12));
        LayerNorm plain = new LayerNorm(2, new LayerNorm.Options(1e-3, false));
        assertThat(plain.parameters()).isEmpty();
        assertThat(plain.forward(Tensor.of(0, 2)).get(1)).isCloseTo(1 / Math.sqrt(1 + 1e-3), within(1e-12));
        assertThatThrownBy(() -> norm.forward(Tensor.zeros(2, 3)))
                .hasMessage("LayerNorm(2): input has shape [2, 3]; expected [..., 2]");
    }

    @Test
    void batchNormTrainsOnTheBatchMeanAndBiasedVariance() {
        BatchNorm1d bn = new BatchNorm1d(2);
        Tensor y = bn.forward(Tensor.of(new double[][] {{1, 10}, {3, 30}}));
        double s1 = Math.sqrt(1 + EPS);
        double s2 = Math.sqrt(100 + EPS);
        assertThat(y.toArray()).containsExactly(new double[] {-1 / s1, -10 / s2, 1 / s1, 10 / s2}, within(1e-12));
    }

    @Test
    void batchNormRunningStatisticsAfterTwoBatchesMatchTheHandComputedValues() {
        BatchNorm1d bn = new BatchNorm1d(2);
        // Batch 1: means [2, 20], unbiased variances [2, 200].
        bn.forward(Tensor.of(new double[][] {{1, 10}, {3, 30}}));
        // Batch 2: means [5, 1], unbiased variances [(9 + 1 + 16)/2, (1 + 1 + 4)/2] = [13, 3].
        bn.forward(Tensor.of(new double[][] {{2, 0}, {4, 0}, {9, 3}}));
        Map<String, Tensor> state = bn.stateDict();
        // r = 0.9·(0.9·r₀ + 0.1·b₁) + 0.1·b₂ with r₀ = 0 for the mean and 1 for the variance.
        assertThat(state.get("running_mean").toArray())
                .containsExactly(new double[] {0.9 * 0.2 + 0.5, 0.9 * 2.0 + 0.1}, within(1e-12));
        assertThat(state.get("running_var").toArray())
                .containsExactly(new double[] {0.9 * 1.1 + 1.3, 0.9 * 20.9 + 0.3}, within(1e-12));
        assertThat(state.get("num_batches_tracked").item()).isEqualTo(2.0);
    }

    @Test
    void batchNormWithoutMomentumKeepsTheCumulativeAverageOfTheBatches() {
        BatchNorm1d bn = new BatchNorm1d(2, BatchNorm.Options.DEFAULT.withMomentum(null));
        bn.forward(Tensor.of(new double[][] {{1, 10}, {3, 30}}));
        bn.forward(Tensor.of(new double[][] {{2, 0}, {4, 0}, {9, 3}}));
        Map<String, Tensor> state = bn.stateDict();
        // factor 1 for the first batch, 1/2 for the second: the plain average of the two batches' values
        assertThat(state.get("running_mean").toArray()).containsExactly(new double[] {(2 + 5) / 2.0, (20 + 1) / 2.0},
                within(1e-12));
        assertThat(state.get("running_var").toArray()).containsExactly(new double[] {(2 + 13) / 2.0, (200 + 3) / 2.0},
                within(1e-12));
    }

    @Test
    void batchNormInEvaluationModeUsesAndKeepsTheRunningStatistics() {
        BatchNorm1d bn = new BatchNorm1d(2);
        bn.loadStateDict(Map.of("weight", Tensor.of(2, 1), "bias", Tensor.of(0, 5), "running_mean", Tensor.of(1, -1),
                "running_var", Tensor.of(4, 9), "num_batches_tracked", Tensor.of(7.0)));
        bn.eval();
        Tensor y = bn.forward(Tensor.of(new double[][] {{3, 2}}));
        assertThat(y.get(0, 0)).isCloseTo(2 * 2 / Math.sqrt(4 + EPS), within(1e-12));
        assertThat(y.get(0, 1)).isCloseTo(5 + 3 / Math.sqrt(9 + EPS), within(1e-12));
        assertThat(bn.stateDict().get("running_mean").toArray()).containsExactly(1, -1);
        assertThat(bn.stateDict().get("num_batches_tracked").item()).isEqualTo(7.0);
    }

    @Test
    void batchNormAcceptsALengthDimensionAndAveragesOverIt() {
        BatchNorm1d bn = new BatchNorm1d(2);
        // Feature 0 holds 1, 3, 5, 7 (mean 4, unbiased variance 20/3); feature 1 is constant.
        Tensor x = Tensor.of(new double[][][] {{{1, 3}, {2, 2}}, {{5, 7}, {2, 2}}});
        Tensor y = bn.forward(x);
        assertThat(y.shape()).isEqualTo(Shape.of(2, 2, 2));
        assertThat(y.get(0, 0, 0)).isCloseTo(-3 / Math.sqrt(5 + EPS), within(1e-12));
        assertThat(y.get(1, 1, 1)).isEqualTo(0.0);
        assertThat(bn.stateDict().get("running_mean").toArray()).containsExactly(new double[] {0.4, 0.2}, within(1e-12));
        assertThat(bn.stateDict().get("running_var").toArray())
                .containsExactly(new double[] {0.9 + 2.0 / 3, 0.9}, within(1e-12));
    }

    @Test
    void batchNormRefusesOneSampleInTrainingAndAWrongFeatureCount() {
        BatchNorm1d bn = new BatchNorm1d(3);
        assertThatThrownBy(() -> bn.forward(Tensor.zeros(1, 3)))
                .hasMessage("BatchNorm1d(3): input has shape [1, 3]; training needs more than one value per feature"
                        + " (use eval() for single samples)");
        assertThatThrownBy(() -> bn.forward(Tensor.zeros(4, 2)))
                .hasMessage("BatchNorm1d(3): input has shape [4, 2]; expected [batch, 3] or [batch, 3, length]");
        bn.eval();
        assertThat(bn.forward(Tensor.zeros(1, 3)).shape()).isEqualTo(Shape.of(1, 3));
    }
}
