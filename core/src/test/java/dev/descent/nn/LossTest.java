package dev.descent.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.Shape;
import dev.descent.ShapeException;
import dev.descent.Tensor;
import org.junit.jupiter.api.Test;

/** Loss values computed by hand from PyTorch's formulas, reductions, extreme inputs and error messages. */
class LossTest {
    private static final double E = Math.E;

    @Test
    void mseIsTheMeanSquaredDifference() {
        Tensor p = Tensor.of(1, 2, 3);
        Tensor y = Tensor.of(1, 2, 5);
        assertThat(Loss.mse(p, y).item()).isCloseTo(4.0 / 3, within(1e-15));
        assertThat(Loss.mse(p, y, Loss.Reduction.SUM).item()).isEqualTo(4.0);
        assertThat(Loss.mse(p, y, Loss.Reduction.NONE).toArray()).containsExactly(0, 0, 4);
    }

    @Test
    void l1IsTheMeanAbsoluteDifference() {
        assertThat(Loss.l1(Tensor.of(1, -2, 3), Tensor.of(0, 0, 0)).item()).isEqualTo(2.0);
        assertThat(Loss.l1(Tensor.of(1, -2, 3), Tensor.of(0, 0, 0), Loss.Reduction.NONE).toArray()).containsExactly(1, 2, 3);
    }

    @Test
    void huberIsQuadraticInsideDeltaAndLinearOutside() {
        Tensor p = Tensor.of(0.5, -2, 3);
        Tensor y = Tensor.zeros(3);
        // δ = 1: ½·0.25, 1·(2 − ½), 1·(3 − ½)
        assertThat(Loss.huber(p, y, 1.0).item()).isCloseTo(4.125 / 3, within(1e-15));
        assertThat(Loss.huber(p, y).item()).isCloseTo(4.125 / 3, within(1e-15));
        // δ = 2: |−2| is not below δ, so the linear branch: 2·(2 − 1) = 2; 3 gives 2·(3 − 1) = 4.
        assertThat(Loss.huber(p, y, 2.0, Loss.Reduction.NONE).toArray()).containsExactly(0.125, 2, 4);
    }

    @Test
    void crossEntropyOfOneRowIsLogSumExpMinusTheTargetLogit() {
        Tensor logits = Tensor.of(new double[][] {{1, 2, 3}});
        double lse = Math.log(E + E * E + E * E * E);
        assertThat(Loss.crossEntropy(logits, Tensor.of(new double[] {2})).item()).isCloseTo(lse - 3, within(1e-15));
        assertThat(Loss.crossEntropy(Tensor.of(1, 2, 3), Tensor.of(0.0)).item()).isCloseTo(lse - 1, within(1e-15));
    }

    @Test
    void crossEntropyAveragesOverTheBatch() {
        Tensor logits = Tensor.of(new double[][] {{1, 2, 3}, {1, 1, 1}});
        Tensor target = Tensor.of(0, 1);
        double first = Math.log(E + E * E + E * E * E) - 1;
        double second = Math.log(3);
        assertThat(Loss.crossEntropy(logits, target).item()).isCloseTo((first + second) / 2, within(1e-15));
        assertThat(Loss.crossEntropy(logits, target, 0, Loss.Reduction.SUM).item()).isCloseTo(first + second, within(1e-15));
        Tensor each = Loss.crossEntropy(logits, target, 0, Loss.Reduction.NONE);
        assertThat(each.shape()).isEqualTo(Shape.of(2));
        assertThat(each.get(1)).isCloseTo(second, within(1e-15));
    }

    @Test
    void labelSmoothingMixesTheTargetWithTheUniformDistribution() {
        // PyTorch: (1 − ε)·(lse − x_y) + ε·Σ_c(lse − x_c)/C
        Tensor logits = Tensor.of(new double[][] {{1, 2, 3}});
        double lse = Math.log(E + E * E + E * E * E);
        double expected = 0.9 * (lse - 3) + 0.1 * (lse - 2);
        assertThat(Loss.crossEntropy(logits, Tensor.of(new double[] {2}), 0.1).item()).isCloseTo(expected, within(1e-14));
        // ε = 1 leaves only the uniform part.
        assertThat(Loss.crossEntropy(logits, Tensor.of(new double[] {0}), 1.0).item()).isCloseTo(lse - 2, within(1e-14));
    }

    @Test
    void crossEntropyAcceptsProbabilitiesAsTargets() {
        Tensor logits = Tensor.of(new double[][] {{1, 2, 3}});
        double lse = Math.log(E + E * E + E * E * E);
        Tensor soft = Tensor.of(new double[][] {{0.2, 0.3, 0.5}});
        assertThat(Loss.crossEntropy(logits, soft).item()).isCloseTo(lse - (0.2 + 0.6 + 1.5), within(1e-14));
        // Smoothed target 0.7·t + 0.1 = [0.24, 0.31, 0.45].
        assertThat(Loss.crossEntropy(logits, soft, 0.3).item()).isCloseTo(lse - (0.24 + 0.62 + 1.35), within(1e-14));
        Tensor oneHot = Tensor.of(new double[][] {{0, 0, 1}});
        assertThat(Loss.crossEntropy(logits, oneHot).item())
                .isCloseTo(Loss.crossEntropy(logits, Tensor.of(new double[] {2})).item(), within(1e-15));
    }

    @Test
    void crossEntropyOfLogitsOfPlusMinusAThousandIsExactAndFinite() {
        Tensor logits = Tensor.of(new double[][] {{1000, -1000, 0}, {1000, -1000, 0}, {1000, -1000, 0}}).requiresGrad(true);
        Tensor each = Loss.crossEntropy(logits, Tensor.of(0, 1, 2), 0, Loss.Reduction.NONE);
        assertThat(each.toArray()).containsExactly(0, 2000, 1000);
        Tensor loss = Loss.crossEntropy(logits, Tensor.of(0, 1, 2));
        loss.backward();
        // softmax − one-hot, divided by the batch of 3: softmax is [1, 0, 0] in every row.
        assertThat(logits.grad().toArray()).containsExactly(0, 0, 0, 1.0 / 3, -1.0 / 3, 0, 1.0 / 3, 0, -1.0 / 3);
        Tensor tied = Tensor.of(new double[][] {{1000, 1000}});
        assertThat(Loss.crossEntropy(tied, Tensor.of(new double[] {0})).item()).isCloseTo(Math.log(2), within(1e-12));
    }

    @Test
    void nllLossPicksTheNegativeLogProbabilityOfEachTarget() {
        Tensor logP = Tensor.of(new double[][] {{-0.5, -1, -2}, {-3, -0.1, -4}});
        assertThat(Loss.nllLoss(logP, Tensor.of(2, 1)).item()).isCloseTo(1.05, within(1e-15));
        assertThat(Loss.nllLoss(logP, Tensor.of(2, 1), Loss.Reduction.NONE).toArray()).containsExactly(2, 0.1);
        Tensor x = Tensor.of(new double[][] {{0.3, -1.2, 2.0}, {1.0, 0.0, -1.0}});
        assertThat(Loss.nllLoss(x.logSoftmax(1), Tensor.of(1, 0)).item())
                .isEqualTo(Loss.crossEntropy(x, Tensor.of(1, 0)).item());
    }

    @Test
    void binaryCrossEntropyWithLogitsMatchesTheLogSigmoidFormula() {
        double[] x = {-2.0, 0.0, 0.5, 3.0};
        double[] y = {0.0, 1.0, 0.25, 1.0};
        Tensor each = Loss.binaryCrossEntropyWithLogits(Tensor.of(x), Tensor.of(y), Loss.Reduction.NONE);
        for (int i = 0; i < x.length; i++) {
            double s = 1 / (1 + Math.exp(-x[i]));
            assertThat(each.get(i)).isCloseTo(-y[i] * Math.log(s) - (1 - y[i]) * Math.log(1 - s), within(1e-15));
        }
    }

    @Test
    void binaryCrossEntropyWithLogitsOfPlusMinusAThousandIsExact() {
        Tensor logits = Tensor.of(1000, -1000, 1000, -1000);
        Tensor each = Loss.binaryCrossEntropyWithLogits(logits, Tensor.of(1, 0, 0, 1), Loss.Reduction.NONE);
        assertThat(each.toArray()).containsExactly(0, 0, 1000, 1000);
    }

    @Test
    void binaryCrossEntropyWithLogitsHasTheGradientSigmoidMinusTargetAtZero() {
        Tensor logit = Tensor.of(0.0, 0.0).requiresGrad(true);
        Loss.binaryCrossEntropyWithLogits(logit, Tensor.of(1, 0), Loss.Reduction.SUM).backward();
        assertThat(logit.grad().toArray()).containsExactly(-0.5, 0.5);
    }

    @Test
    void aPredictionAndTargetOfDifferentShapesAreRefusedRatherThanBroadcast() {
        assertThatThrownBy(() -> Loss.mse(Tensor.zeros(506, 1), Tensor.zeros(506)))
                .isInstanceOf(ShapeException.class)
                .hasMessage("mse: prediction has shape [506, 1] but target has shape [506];"
                        + " if they hold the same values in order, use target.reshape(506, 1)");
        assertThatThrownBy(() -> Loss.l1(Tensor.zeros(3), Tensor.zeros(4)))
                .hasMessage("l1: prediction has shape [3] but target has shape [4]");
        assertThatThrownBy(() -> Loss.huber(Tensor.zeros(2, 2), Tensor.zeros(2)))
                .hasMessage("huber: prediction has shape [2, 2] but target has shape [2]");
        assertThatThrownBy(() -> Loss.binaryCrossEntropyWithLogits(Tensor.zeros(4, 1), Tensor.zeros(4)))
                .isInstanceOf(ShapeException.class)
                .hasMessage("binaryCrossEntropyWithLogits: logits have shape [4, 1] but targets have shape [4];"
                        + " they must be equal");
    }

    @Test
    void anInvalidClassIndexIsNamedWithItsPosition() {
        Tensor logits = Tensor.zeros(3, 3);
        assertThatThrownBy(() -> Loss.crossEntropy(logits, Tensor.of(0, 3, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("crossEntropy: target 3 at position 1 is not a class index;"
                        + " expected a whole number from 0 to 2 for 3 classes");
        assertThatThrownBy(() -> Loss.crossEntropy(logits, Tensor.of(0, 1, -1)))
                .hasMessageStartingWith("crossEntropy: target -1 at position 2 is not a class index");
        assertThatThrownBy(() -> Loss.nllLoss(logits, Tensor.of(1.5, 0, 0)))
                .hasMessageStartingWith("nllLoss: target 1.5 at position 0 is not a class index");
        assertThatThrownBy(() -> Loss.crossEntropy(logits, Tensor.of(0, Double.NaN, 0)))
                .hasMessageStartingWith("crossEntropy: target NaN at position 1 is not a class index");
    }

    @Test
    void aTargetOfTheWrongShapeNamesBothAcceptedForms() {
        assertThatThrownBy(() -> Loss.crossEntropy(Tensor.zeros(4, 3), Tensor.zeros(4, 1)))
                .isInstanceOf(ShapeException.class)
                .hasMessage("crossEntropy: logits have shape [4, 3] but target has shape [4, 1];"
                        + " expected class indices of shape [4] or probabilities of shape [4, 3]");
        assertThatThrownBy(() -> Loss.nllLoss(Tensor.zeros(4, 3), Tensor.zeros(5)))
                .hasMessage("nllLoss: log-probabilities have shape [4, 3] but target has shape [5];"
                        + " expected class indices of shape [4]");
        assertThatThrownBy(() -> Loss.crossEntropy(Tensor.zeros(2, 3, 4), Tensor.zeros(2)))
                .hasMessage("crossEntropy: logits have shape [2, 3, 4] but target has shape [2];"
                        + " expected class indices of shape [2, 4] or probabilities of shape [2, 3, 4]");
        assertThatThrownBy(() -> Loss.crossEntropy(Tensor.zeros(2, 3), Tensor.zeros(2),
                Loss.CrossEntropyOptions.DEFAULT.withWeight(Tensor.ones(2))))
                .hasMessage("crossEntropy: class weights have shape [2]; expected [3], one per class");
    }

    private static double logSoftmaxAt(double[] x, int k) {
        double m = java.util.Arrays.stream(x).max().orElseThrow();
        double s = 0;
        for (double v : x) {
            s += Math.exp(v - m);
        }
        return x[k] - m - Math.log(s);
    }

    @Test
    void classWeightsAndAnIgnoredTargetFollowPyTorchsWeightedMean() {
        double[][] x = {{1, 2, 3}, {0.5, -1, 2}, {3, 0, 0}};
        double[] w = {0.2, 1.0, 3.0};
        // targets 2, 0, ignored (-100): mean = Σ w_y·(−log p_y) / Σ w_y over the two kept samples
        double expected = (w[2] * -logSoftmaxAt(x[0], 2) + w[0] * -logSoftmaxAt(x[1], 0)) / (w[2] + w[0]);
        Tensor loss = Loss.crossEntropy(Tensor.of(x), Tensor.of(2, 0, -100),
                Loss.CrossEntropyOptions.DEFAULT.withWeight(Tensor.of(w)));
        assertThat(loss.item()).isCloseTo(expected, within(1e-15));
        Tensor ignoredOnly = Loss.crossEntropy(Tensor.of(x), Tensor.of(7, 7, 7),
                Loss.CrossEntropyOptions.DEFAULT.withIgnoreIndex(7));
        assertThat(ignoredOnly.item()).as("every target ignored: 0/0, as in PyTorch").isNaN();
    }

    @Test
    void imagesOfScoresGetALossPerPosition() {
        // [N=1, C=2, d=3]: three positions, each a two-class problem
        Tensor logits = Tensor.of(new double[][][] {{{1, 0, 2}, {0, 3, 2}}});
        Tensor perPosition = Loss.crossEntropy(logits, Tensor.of(new double[][] {{0, 1, 1}}),
                Loss.CrossEntropyOptions.DEFAULT.withReduction(Loss.Reduction.NONE));
        assertThat(perPosition.shape()).isEqualTo(dev.descent.Shape.of(1, 3));
        double[] expected = {-logSoftmaxAt(new double[] {1, 0}, 0), -logSoftmaxAt(new double[] {0, 3}, 1),
            -logSoftmaxAt(new double[] {2, 2}, 1)};
        assertThat(perPosition.toArray()).containsExactly(expected, within(1e-15));
    }

    @Test
    void binaryCrossEntropyOfProbabilitiesClampsItsLogsAtMinusOneHundred() {
        Tensor p = Tensor.of(0.25, 1.0, 0.0);
        Tensor y = Tensor.of(1.0, 0.0, 0.0);
        Tensor losses = Loss.binaryCrossEntropy(p, y, Loss.Reduction.NONE);
        assertThat(losses.toArray()).containsExactly(new double[] {-Math.log(0.25), 100, 0}, within(1e-15));
        assertThatThrownBy(() -> Loss.binaryCrossEntropy(Tensor.of(1.5), Tensor.of(1.0)))
                .hasMessageStartingWith("binaryCrossEntropy: probability 1.5 at position 0 is outside [0, 1]");
    }

    @Test
    void aPositiveWeightScalesOnlyThePositiveTermOfBinaryCrossEntropy() {
        double x = 0.7;
        double sigma = 1 / (1 + Math.exp(-x));
        Tensor logits = Tensor.of(x, x);
        Tensor targets = Tensor.of(1.0, 0.0);
        Tensor losses = Loss.binaryCrossEntropyWithLogits(logits, targets, Tensor.of(3.0), Loss.Reduction.NONE);
        assertThat(losses.toArray()).containsExactly(new double[] {-3 * Math.log(sigma), -Math.log(1 - sigma)},
                within(1e-15));
    }

    @Test
    void settingsOutsideTheirRangeAreRefused() {
        assertThatThrownBy(() -> Loss.crossEntropy(Tensor.zeros(1, 2), Tensor.of(new double[] {0}), 1.5))
                .hasMessage("crossEntropy: label smoothing must be in [0, 1], got 1.5");
        assertThatThrownBy(() -> Loss.huber(Tensor.zeros(1), Tensor.zeros(1), 0))
                .hasMessage("huber: delta must be > 0, got 0.0");
    }
}
