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

class RmsPropTest {
    /** torch.optim.RMSprop's published rule in plain doubles. */
    private static double[] reference(double lr, double alpha, double eps, double wd, double momentum, boolean centered) {
        double[] p = START.clone();
        double[] v = new double[p.length];
        double[] gAvg = new double[p.length];
        double[] b = new double[p.length];
        for (double[] grads : GRADS) {
            for (int i = 0; i < p.length; i++) {
                double g = grads[i] + wd * p[i];
                v[i] = alpha * v[i] + (1 - alpha) * g * g;
                double denominator;
                if (centered) {
                    gAvg[i] = alpha * gAvg[i] + (1 - alpha) * g;
                    denominator = Math.sqrt(v[i] - gAvg[i] * gAvg[i]) + eps;
                } else {
                    denominator = Math.sqrt(v[i]) + eps;
                }
                if (momentum > 0) {
                    b[i] = momentum * b[i] + g / denominator;
                    p[i] = p[i] - lr * b[i];
                } else {
                    p[i] = p[i] - lr * g / denominator;
                }
            }
        }
        return p;
    }

    private static Tensor run(RmsProp.Options options) {
        Tensor p = param(START);
        runThreeSteps(new RmsProp(List.of(p), options), p);
        return p;
    }

    @Test
    void plainRmsPropDividesByTheRootMeanSquare() {
        assertValues(run(RmsProp.Options.defaults()), reference(0.01, 0.99, 1e-8, 0, 0, false));
    }

    @Test
    void centeredRmsPropWithMomentumMatchesThePublishedRule() {
        assertValues(run(RmsProp.Options.lr(0.05).withMomentum(0.9).withCentered(true)),
                reference(0.05, 0.99, 1e-8, 0, 0.9, true));
    }

    @Test
    void rmsPropWithOtherAlphaAndWeightDecayMatchesTheRule() {
        assertValues(run(RmsProp.Options.lr(0.02).withAlpha(0.9).withEps(1e-4).withWeightDecay(0.1).withMomentum(0.5)),
                reference(0.02, 0.9, 1e-4, 0.1, 0.5, false));
        assertValues(run(RmsProp.Options.lr(0.02).withAlpha(0.8).withCentered(true)), reference(0.02, 0.8, 1e-8, 0, 0, true));
    }

    @Test
    void theDefaultsArePyTorchs() {
        assertThat(RmsProp.Options.defaults()).isEqualTo(new RmsProp.Options(1e-2, 0.99, 1e-8, 0, 0, false, false));
    }

    @Test
    void alphaAboveOneIsRejected() {
        assertThatThrownBy(() -> RmsProp.Options.defaults().withAlpha(1.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("RmsProp: alpha must be in [0, 1], got 1.5; a typical value is 0.99");
    }
}
