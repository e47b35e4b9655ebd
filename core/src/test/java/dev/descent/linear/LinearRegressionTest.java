package dev.descent.linear;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.DType;
import dev.descent.Tensor;
import dev.descent.optim.DivergenceException;
import dev.descent.train.EpochReport;
import dev.descent.train.Metric;
import dev.descent.train.TrainingListener;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LinearRegressionTest {
    private final Random rng = new Random(42);
    private final Tensor x = Tensor.randn(rng, 200, 3);
    private final Tensor trueW = Tensor.of(1.5, -2.0, 0.5);
    private final Tensor y = x.matmul(trueW).add(4.0).add(Tensor.randn(rng, 200).mul(0.1));

    private static double mse(LinearRegression m, Tensor x, Tensor y) {
        return m.predict(x).sub(y).square().mean().item();
    }

    @Test
    void closedFormRecoversNoiselessCoefficientsExactly() {
        Tensor clean = x.matmul(trueW).add(4.0);
        LinearRegression m = LinearRegression.closedForm(x, clean);
        assertThat(m.weights().toArray()).containsExactly(new double[] {1.5, -2.0, 0.5}, within(1e-13));
        assertThat(m.bias()).isCloseTo(4.0, within(1e-13));
    }

    @Test
    void closedFormSatisfiesTheNormalEquations() {
        LinearRegression m = LinearRegression.closedForm(x, y);
        Tensor residual = m.predict(x).sub(y);
        // at the least-squares optimum the residual is orthogonal to every feature and to the constant
        assertThat(x.transpose().matmul(residual).toArray()).containsOnly(new double[] {0, 0, 0}, within(1e-10));
        assertThat(residual.sum().item()).isCloseTo(0, within(1e-10));
    }

    @Test
    void gradientDescentReachesTheLeastSquaresSolution() {
        LinearRegression exact = LinearRegression.closedForm(x, y);
        LinearRegression gd = LinearRegression.gradientDescent(x, y, 0.1, 2000);
        assertThat(gd.weights().allClose(exact.weights(), 0, 1e-9)).isTrue();
        assertThat(gd.bias()).isCloseTo(exact.bias(), within(1e-9));
        assertThat(mse(gd, x, y)).isCloseTo(mse(exact, x, y), within(1e-15));
    }

    @Test
    void gradientDescentOnFloat32FeaturesReachesTheLeastSquaresSolutionToFloat32Accuracy() {
        LinearRegression exact = LinearRegression.closedForm(x, y);
        Tensor x32 = x.to(DType.FLOAT32);
        LinearRegression gd = LinearRegression.gradientDescent(x32, y, 0.1, 2000);
        // the weights' own rounding (ε₃₂/2) plus the float32 rounding of the gradient near the optimum,
        // which the steps no longer shrink: within 32·ε₃₂ here (4·ε₃₂ fails), far below the 1e-2 the
        // data's noise puts on the weights
        double tol = 64 * DType.FLOAT32.eps();
        assertThat(gd.weights().allClose(exact.weights(), 0, tol)).as(gd.weights() + " vs " + exact.weights()).isTrue();
        assertThat(gd.bias()).isCloseTo(exact.bias(), within(tol * Math.abs(exact.bias())));
        assertThat(gd.predict(x32).dtype()).isEqualTo(DType.FLOAT32);
        assertThat(gd.predict(x32).allClose(exact.predict(x), 0, tol * 16)).isTrue();
    }

    @Test
    void eachEpochIsOneStepDownTheHandDerivedGradient() {
        // loss = mean((Xw + b - y)²): dL/dw = 2/n·Xᵀr, dL/db = 2/n·Σr with r = Xw + b - y; start at 0
        double lr = 0.05;
        double[][] rows = x.toArray2d();
        double[] target = y.toArray();
        int n = rows.length;
        double[] w = new double[3];
        double b = 0;
        for (int epoch = 0; epoch < 2; epoch++) {
            double[] gw = new double[3];
            double gb = 0;
            for (int i = 0; i < n; i++) {
                double r = rows[i][0] * w[0] + rows[i][1] * w[1] + rows[i][2] * w[2] + b - target[i];
                for (int j = 0; j < 3; j++) {
                    gw[j] += 2.0 / n * r * rows[i][j];
                }
                gb += 2.0 / n * r;
            }
            for (int j = 0; j < 3; j++) {
                w[j] -= lr * gw[j];
            }
            b -= lr * gb;
        }
        LinearRegression twoSteps = LinearRegression.gradientDescent(x, y, lr, 2);
        assertThat(twoSteps.weights().toArray()).containsExactly(w, within(1e-12));
        assertThat(twoSteps.bias()).isCloseTo(b, within(1e-12));
    }

    @Test
    void miniBatchSgdEndsNearTheLeastSquaresSolution() {
        LinearRegression exact = LinearRegression.closedForm(x, y);
        LinearRegression sgd = LinearRegression.sgd(x, y, 0.01, 200, 16, 7, null);
        assertThat(sgd.weights().allClose(exact.weights(), 0, 0.02)).isTrue();
        assertThat(mse(sgd, x, y)).isLessThan(mse(exact, x, y) * 1.01);
    }

    @Test
    void sgdIsDeterministicForASeed() {
        double[] a = LinearRegression.sgd(x, y, 0.01, 20, 16, 3, null).weights().toArray();
        double[] b = LinearRegression.sgd(x, y, 0.01, 20, 16, 3, null).weights().toArray();
        double[] c = LinearRegression.sgd(x, y, 0.01, 20, 16, 4, null).weights().toArray();
        assertThat(a).containsExactly(b);
        assertThat(a).isNotEqualTo(c);
    }

    @Test
    void theLossHistoryFallsEveryEpochAndTheListenerSeesIt() {
        double[] seen = new double[50];
        LinearRegression gd = LinearRegression.gradientDescent(x, y, 0.05, 50, new TrainingListener() {
            @Override
            public void epochEnd(EpochReport report) {
                seen[report.epoch() - 1] = report.train(Metric.LOSS);
            }
        });
        double[] history = gd.lossHistory();
        assertThat(history).containsExactly(seen);
        for (int i = 1; i < history.length; i++) {
            assertThat(history[i]).isLessThan(history[i - 1]);
        }
    }

    @Test
    void aTooLargeLearningRateDivergesWithAClearMessage() {
        Tensor big = x.mul(100);
        assertThatThrownBy(() -> LinearRegression.gradientDescent(big, y, 10.0, 1000))
                .isInstanceOf(DivergenceException.class)
                .hasMessageContaining("(learning rate 10); try a smaller learning rate, gradient clipping or standardized features");
    }

    @Test
    void aDuplicatedFeatureGetsTheMinimumNormSolutionAsNumPyGivesIt() {
        Tensor a = Tensor.randn(rng, 50, 1);
        Tensor twice = Tensor.cat(java.util.List.of(a, a), 1);
        LinearRegression m = LinearRegression.closedForm(twice, a.reshape(50).mul(2).add(1));
        assertThat(m.weights().toArray()).containsExactly(new double[] {1, 1}, within(1e-12));
        assertThat(m.bias()).isCloseTo(1, within(1e-12));
        assertThat(m.dependentFeatures()).hasSize(1);
    }

    @Test
    void aFeatureThatIsAMultipleOfAnotherSharesItsWeightByMinimumNorm() {
        Tensor dup = Tensor.cat(java.util.List.of(x, x.slice(1, 0, 1).mul(2)), 1);
        LinearRegression full = LinearRegression.closedForm(x, y);
        LinearRegression m = LinearRegression.closedForm(dup, y);
        double c = full.weights().get(0);
        // w₀ + 2·w₃ = c with w₀² + w₃² smallest: w₀ = c/5, w₃ = 2c/5
        assertThat(m.weights().toArray()).containsExactly(new double[] {c / 5, full.weights().get(1),
            full.weights().get(2), 2 * c / 5}, within(1e-12));
        assertThat(m.bias()).isCloseTo(full.bias(), within(1e-12));
        assertThat(m.dependentFeatures()).containsAnyOf(0, 3).hasSize(1);
    }

    @Test
    void aConstantFeatureIsDependentOnTheInterceptAndGetsWeightZero() {
        Tensor withConstant = Tensor.cat(java.util.List.of(x, Tensor.full(7, 200, 1)), 1);
        LinearRegression m = LinearRegression.closedForm(withConstant, y);
        assertThat(m.weights().get(3)).isZero();
        assertThat(m.dependentFeatures()).containsExactly(3);
    }

    @Test
    void aFeatureWithALargeOffsetIsNotMistakenForAConstant() {
        double[] days = new double[100];
        double[] seconds = new double[100];
        double[] target = new double[100];
        for (int i = 0; i < 100; i++) {
            days[i] = 19_000 + i;
            seconds[i] = days[i] * 86_400;
            target[i] = 0.5 * days[i] + 10;
        }
        LinearRegression byDay = LinearRegression.closedForm(Tensor.of(days).reshape(100, 1), Tensor.of(target));
        assertThat(byDay.weights().item()).isCloseTo(0.5, within(1e-12));
        assertThat(byDay.bias()).isCloseTo(10, within(1e-7));
        LinearRegression bySecond = LinearRegression.closedForm(Tensor.of(seconds).reshape(100, 1), Tensor.of(target));
        assertThat(bySecond.weights().item()).isCloseTo(0.5 / 86_400, within(1e-17));
        assertThat(bySecond.dependentFeatures()).isEmpty();
    }

    @Test
    void featuresOfVeryDifferentScalesAreSolvedExactly() {
        Tensor big = Tensor.randn(rng, 100, 1).mul(1e6);
        Tensor tiny = Tensor.randn(rng, 100, 1).mul(1e-7);
        Tensor features = Tensor.cat(java.util.List.of(big, tiny), 1);
        Tensor target = big.mul(2e-6).add(tiny.mul(3e6)).add(1).reshape(100);
        LinearRegression m = LinearRegression.closedForm(features, target);
        assertThat(m.weights().get(0)).isCloseTo(2e-6, within(2e-6 * 1e-10));
        assertThat(m.weights().get(1)).isCloseTo(3e6, within(3e6 * 1e-10));
        assertThat(m.dependentFeatures()).isEmpty();
    }

    @Test
    void featuresNearTheLargestDoubleAreSolvedOrRefusedButNeverNaN() {
        Tensor huge = Tensor.of(new double[][] {{1.7e308}, {1.6e308}, {1.5e308}});
        LinearRegression m = LinearRegression.closedForm(huge, Tensor.of(3, 2, 1));
        assertThat(m.weights().item()).isCloseTo(1e-307, within(1e-320));
        assertThatThrownBy(() -> LinearRegression.closedForm(huge, Tensor.of(1.7e308, 0, -1.7e308)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("closedForm: least squares:");
    }

    @Test
    void mismatchedShapesNameBoth() {
        assertThatThrownBy(() -> LinearRegression.closedForm(x, Tensor.zeros(199)))
                .hasMessage("closedForm: target has shape [199] but features have shape [200, 3];"
                        + " expected a target of shape [200]");
        LinearRegression m = LinearRegression.closedForm(x, y);
        assertThatThrownBy(() -> m.predict(Tensor.zeros(5, 4)))
                .hasMessage("predict: features have shape [5, 4] but the model has 3 weights; expected [samples, 3]");
    }
}
