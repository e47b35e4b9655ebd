package dev.descent.optim;

import static dev.descent.optim.OptimTesting.GRADS;
import static dev.descent.optim.OptimTesting.START;
import static dev.descent.optim.OptimTesting.assertValues;
import static dev.descent.optim.OptimTesting.param;
import static dev.descent.optim.OptimTesting.runThreeSteps;
import static dev.descent.optim.OptimTesting.setGrad;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdamTest {
    /**
     * torch.optim.Adam and AdamW's published rules in plain doubles; {@code decoupled} selects
     * AdamW's θ ← θ·(1 − γλ) instead of Adam's g ← g + λθ.
     */
    private static double[] reference(double lr, double b1, double b2, double eps, double wd, boolean amsgrad,
                                      boolean decoupled) {
        double[] p = START.clone();
        double[] m = new double[p.length];
        double[] v = new double[p.length];
        double[] vMax = new double[p.length];
        for (int t = 1; t <= GRADS.length; t++) {
            for (int i = 0; i < p.length; i++) {
                double g = GRADS[t - 1][i];
                if (decoupled) {
                    p[i] = p[i] * (1 - lr * wd);
                } else {
                    g = g + wd * p[i];
                }
                m[i] = b1 * m[i] + (1 - b1) * g;
                v[i] = b2 * v[i] + (1 - b2) * g * g;
                vMax[i] = Math.max(vMax[i], v[i]);
                double mHat = m[i] / (1 - Math.pow(b1, t));
                double vHat = (amsgrad ? vMax[i] : v[i]) / (1 - Math.pow(b2, t));
                p[i] = p[i] - lr * mHat / (Math.sqrt(vHat) + eps);
            }
        }
        return p;
    }

    private static Tensor run(Optimizer optimizerOf) {
        Tensor p = optimizerOf.params().get(0);
        runThreeSteps(optimizerOf, p);
        return p;
    }

    @Test
    void adamCorrectsTheBiasOfItsMomentsAsPyTorchDoes() {
        Tensor p = param(START);
        run(new Adam(List.of(p), Adam.Options.lr(0.1)));
        assertValues(p, reference(0.1, 0.9, 0.999, 1e-8, 0, false, false));
    }

    @Test
    void theFirstAdamStepMovesEveryElementByAboutTheLearningRate() {
        // m̂ = g and v̂ = g² after bias correction, so the first step is lr·g/(|g| + ε) ≈ lr·sign(g).
        Tensor p = param(START);
        Adam adam = new Adam(List.of(p), Adam.Options.lr(0.01));
        setGrad(p, GRADS[0]);
        adam.step();
        double[] expected = new double[START.length];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = START[i] - 0.01 * GRADS[0][i] / (Math.abs(GRADS[0][i]) + 1e-8);
        }
        assertValues(p, expected);
    }

    @Test
    void adamWithOtherBetasEpsAndL2WeightDecayMatchesTheRule() {
        Tensor p = param(START);
        run(new Adam(List.of(p), Adam.Options.lr(0.05).withBetas(0.8, 0.99).withEps(1e-3).withWeightDecay(0.1)));
        assertValues(p, reference(0.05, 0.8, 0.99, 1e-3, 0.1, false, false));
    }

    @Test
    void amsgradDividesByTheLargestSecondMomentSeen() {
        Tensor p = param(START);
        run(new Adam(List.of(p), Adam.Options.lr(0.1).withAmsgrad(true)));
        double[] expected = reference(0.1, 0.9, 0.999, 1e-8, 0, true, false);
        assertValues(p, expected);
        // The second element's gradient shrinks from 1 to 0.01, so v falls and AMSGrad differs from Adam.
        assertThat(expected[1]).isNotEqualTo(reference(0.1, 0.9, 0.999, 1e-8, 0, false, false)[1]);
    }

    @Test
    void adamWDecaysTheWeightsDirectlyInsteadOfThroughTheGradient() {
        Tensor p = param(START);
        run(new AdamW(List.of(p), AdamW.lr(0.1).withWeightDecay(0.5)));
        assertValues(p, reference(0.1, 0.9, 0.999, 1e-8, 0.5, false, true));
        Tensor q = param(START);
        run(new AdamW(List.of(q), AdamW.lr(0.1).withWeightDecay(0.5).withAmsgrad(true)));
        assertValues(q, reference(0.1, 0.9, 0.999, 1e-8, 0.5, true, true));
    }

    @Test
    void adamWDiffersFromAdamWithTheSameWeightDecay() {
        double[] coupled = reference(0.1, 0.9, 0.999, 1e-8, 0.5, false, false);
        double[] decoupled = reference(0.1, 0.9, 0.999, 1e-8, 0.5, false, true);
        assertThat(coupled[0]).isNotEqualTo(decoupled[0]);
    }

    @Test
    void theDefaultsArePyTorchs() {
        assertThat(Adam.Options.defaults()).isEqualTo(new Adam.Options(1e-3, 0.9, 0.999, 1e-8, 0, false, false, false));
        assertThat(AdamW.defaults()).isEqualTo(new Adam.Options(1e-3, 0.9, 0.999, 1e-8, 1e-2, false, false, true));
    }

    @Test
    void betasOutsideZeroToOneAreRejected() {
        assertThatThrownBy(() -> Adam.Options.defaults().withBetas(0.9, 1.0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Adam: beta2 must be in [0, 1), got 1.0; a typical value is 0.999");
        assertThatThrownBy(() -> AdamW.lr(-1)).hasMessageStartingWith("AdamW: learning rate must be finite and not negative");
        assertThatThrownBy(() -> Adam.Options.defaults().withEps(-1e-8)).hasMessageContaining("eps must be finite and not negative");
    }
}
