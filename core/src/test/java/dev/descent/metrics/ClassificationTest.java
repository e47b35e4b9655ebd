package dev.descent.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.Tensor;
import org.junit.jupiter.api.Test;

class ClassificationTest {
    private static final double[] TRUE = {0, 1, 2, 2, 1, 0, 2, 1};
    private static final double[] PRED = {0, 2, 2, 2, 1, 0, 0, 0};

    /** Counts by hand: rows true class, columns predicted class. */
    private static int[][] handConfusion(int k) {
        int[][] c = new int[k][k];
        for (int i = 0; i < TRUE.length; i++) {
            c[(int) TRUE[i]][(int) PRED[i]]++;
        }
        return c;
    }

    @Test
    void accuracyIsTheShareOfCorrectPredictions() {
        int correct = 0;
        for (int i = 0; i < TRUE.length; i++) {
            correct += TRUE[i] == PRED[i] ? 1 : 0;
        }
        assertThat(Classification.accuracyScore(Tensor.of(TRUE), Tensor.of(PRED))).isEqualTo((double) correct / TRUE.length);
    }

    @Test
    void logitsArePredictionsThroughTheirArgmax() {
        Tensor logits = Tensor.of(new double[][] {{2.0, -1.0, 0.5}, {0.1, 0.2, 3.0}, {-5, 9, 1}});
        Tensor labels = Tensor.of(0.0, 1.0, 1.0);
        assertThat(Classification.accuracyScore(labels, logits)).isCloseTo(2.0 / 3, within(1e-16));
        assertThat(Classification.confusionMatrix(labels, logits)).isEqualTo(new int[][] {{1, 0, 0}, {0, 1, 1}, {0, 0, 0}});
    }

    @Test
    void theConfusionMatrixHasTrueClassesAsRowsAndPredictionsAsColumns() {
        int[][] c = Classification.confusionMatrix(Tensor.of(TRUE), Tensor.of(PRED));
        assertThat(c).isEqualTo(handConfusion(3)).isEqualTo(new int[][] {{2, 0, 0}, {1, 1, 1}, {1, 0, 2}});
        assertThat(Classification.confusionMatrix(Tensor.of(TRUE), Tensor.of(PRED), 4)[3]).containsExactly(0, 0, 0, 0);
    }

    @Test
    void precisionRecallAndF1MatchTheirDefinitionsPerClass() {
        int[][] c = handConfusion(3);
        double[] precision = Classification.precisionScore(Tensor.of(TRUE), Tensor.of(PRED));
        double[] recall = Classification.recallScore(Tensor.of(TRUE), Tensor.of(PRED));
        double[] f1 = Classification.f1Score(Tensor.of(TRUE), Tensor.of(PRED));
        for (int k = 0; k < 3; k++) {
            int tp = c[k][k];
            int predicted = c[0][k] + c[1][k] + c[2][k];
            int actual = c[k][0] + c[k][1] + c[k][2];
            double p = (double) tp / predicted;
            double r = (double) tp / actual;
            assertThat(precision[k]).isCloseTo(p, within(1e-15));
            assertThat(recall[k]).isCloseTo(r, within(1e-15));
            assertThat(f1[k]).isCloseTo(2 * p * r / (p + r), within(1e-15));
        }
        assertThat(precision[0]).isEqualTo(0.5);
        assertThat(recall[1]).isCloseTo(1.0 / 3, within(1e-16));
    }

    @Test
    void aClassNeverPredictedOrNeverPresentScoresZeroInsteadOfNaN() {
        Tensor truth = Tensor.of(0.0, 0.0, 1.0);
        Tensor pred = Tensor.of(0.0, 0.0, 0.0);
        assertThat(Classification.precisionScore(truth, pred)).containsExactly(2.0 / 3, 0.0);
        assertThat(Classification.recallScore(truth, pred)).containsExactly(1.0, 0.0);
        assertThat(Classification.f1Score(truth, pred)[1]).isZero();
        int[][] withAbsentClass = Classification.confusionMatrix(truth, pred, 3);
        assertThat(Classification.recallScore(withAbsentClass)[2]).isZero();
        assertThat(Classification.f1Score(withAbsentClass)[2]).isZero();
    }

    @Test
    void labelsThatAreNotClassIndicesAreRejected() {
        assertThatThrownBy(() -> Classification.accuracyScore(Tensor.of(0.0, 1.5), Tensor.of(0.0, 1.0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("accuracyScore: yTrue[1] = 1.5 is not a class index (0, 1, 2, ...); pass class indices or per-class"
                        + " scores [n, classes]");
        assertThatThrownBy(() -> Classification.accuracyScore(Tensor.of(0.0, 1.0), Tensor.of(new double[] {0.0})))
                .hasMessage("accuracyScore: yTrue [2] and yPred [1] hold different numbers of samples (2 != 1)");
        assertThatThrownBy(() -> Classification.confusionMatrix(Tensor.of(0.0, 5.0), Tensor.of(0.0, 1.0), 3))
                .hasMessage("confusionMatrix: the labels imply 6 classes but numClasses is 3; pass the true number of classes");
    }
}
