package dev.descent.optim;

import static dev.descent.optim.OptimTesting.GRADS;
import static dev.descent.optim.OptimTesting.START;
import static dev.descent.optim.OptimTesting.assertValues;
import static dev.descent.optim.OptimTesting.param;
import static dev.descent.optim.OptimTesting.runThreeSteps;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdagradTest {
    /** torch.optim.Adagrad's published rule in plain doubles. */
    private static double[] reference(double lr, double lrDecay, double wd, double initial, double eps) {
        double[] p = START.clone();
        double[] sum = new double[p.length];
        java.util.Arrays.fill(sum, initial);
        for (int t = 1; t <= GRADS.length; t++) {
            double clr = lr / (1 + (t - 1) * lrDecay);
            for (int i = 0; i < p.length; i++) {
                double g = GRADS[t - 1][i] + wd * p[i];
                sum[i] = sum[i] + g * g;
                p[i] = p[i] - clr * g / (Math.sqrt(sum[i]) + eps);
            }
        }
        return p;
    }

    private static Tensor run(Adagrad.Options options) {
        Tensor p = param(START);
        runThreeSteps(new Adagrad(List.of(p), options), p);
        return p;
    }

    @Test
    void adagradDividesByTheRootOfTheSummedSquares() {
        assertValues(run(Adagrad.Options.defaults()), reference(0.01, 0, 0, 0, 1e-10));
    }

    @Test
    void learningRateDecayShrinksEachLaterStep() {
        assertValues(run(Adagrad.Options.lr(0.1).withLrDecay(0.5)), reference(0.1, 0.5, 0, 0, 1e-10));
    }

    @Test
    void weightDecayAndTheInitialAccumulatorFollowTheRule() {
        assertValues(run(Adagrad.Options.lr(0.1).withLrDecay(0.1).withWeightDecay(0.2).withInitialAccumulatorValue(0.5)
                .withEps(1e-6)), reference(0.1, 0.1, 0.2, 0.5, 1e-6));
    }

    @Test
    void theDefaultsArePyTorchs() {
        assertThat(Adagrad.Options.defaults()).isEqualTo(new Adagrad.Options(1e-2, 0, 0, 0, 1e-10, false));
    }

    @Test
    void aNegativeLearningRateDecayIsRejected() {
        assertThatThrownBy(() -> Adagrad.Options.defaults().withLrDecay(-0.1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Adagrad: learning-rate decay must be finite and not negative, got -0.1; use 0 to turn it off");
    }
}
