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

class SgdTest {
    /** torch.optim.SGD's published rule, element by element in plain doubles. */
    private static double[] reference(double lr, double momentum, double dampening, boolean nesterov, double weightDecay) {
        double[] p = START.clone();
        double[] b = new double[p.length];
        for (int t = 0; t < GRADS.length; t++) {
            for (int i = 0; i < p.length; i++) {
                double g = GRADS[t][i] + weightDecay * p[i];
                if (momentum != 0) {
                    b[i] = t == 0 ? g : momentum * b[i] + (1 - dampening) * g;
                    g = nesterov ? g + momentum * b[i] : b[i];
                }
                p[i] = p[i] - lr * g;
            }
        }
        return p;
    }

    private static Tensor run(Sgd.Options options) {
        Tensor p = param(START);
        runThreeSteps(new Sgd(List.of(p), options), p);
        return p;
    }

    @Test
    void plainSgdSubtractsTheLearningRateTimesTheGradient() {
        assertValues(run(Sgd.Options.lr(0.1)), reference(0.1, 0, 0, false, 0));
    }

    @Test
    void momentumWithDampeningMatchesThePublishedRuleForThreeSteps() {
        assertValues(run(Sgd.Options.lr(0.1).withMomentum(0.9).withDampening(0.5)), reference(0.1, 0.9, 0.5, false, 0));
    }

    @Test
    void theFirstMomentumStepUsesTheGradientUndampened() {
        Tensor p = param(START);
        Sgd sgd = new Sgd(List.of(p), Sgd.Options.lr(0.1).withMomentum(0.9).withDampening(0.5));
        setGrad(p, GRADS[0]);
        sgd.step();
        double[] expected = new double[START.length];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = START[i] - 0.1 * GRADS[0][i];
        }
        assertValues(p, expected);
        assertThat(sgd.stateDict().get("state.0.momentum_buffer").toArray()).containsExactly(GRADS[0]);
    }

    @Test
    void nesterovMomentumMatchesThePublishedRule() {
        assertValues(run(Sgd.Options.lr(0.05).withMomentum(0.9).withNesterov(true)), reference(0.05, 0.9, 0, true, 0));
    }

    @Test
    void weightDecayAddsLambdaTimesTheParameterToTheGradient() {
        assertValues(run(Sgd.Options.lr(0.1).withWeightDecay(0.01)), reference(0.1, 0, 0, false, 0.01));
        assertValues(run(Sgd.Options.lr(0.1).withMomentum(0.8).withNesterov(true).withWeightDecay(0.1)),
                reference(0.1, 0.8, 0, true, 0.1));
    }

    @Test
    void gradientDescentOnTwoXSquaredFromFiveHundredReachesZeroInAThousandSteps() {
        Tensor x = Tensor.of(500.0).requiresGrad(true);
        Sgd sgd = new Sgd(List.of(x), Sgd.Options.lr(0.01));
        for (int epoch = 0; epoch < 1000; epoch++) {
            x.pow(2).mul(2).backward();
            sgd.step();
            sgd.zeroGrad();
        }
        assertThat(Math.abs(x.item())).isLessThan(1e-6);
    }

    @Test
    void parametersWithoutAGradientAreLeftAlone() {
        Tensor a = param(1, 2);
        Tensor b = param(3, 4);
        Sgd sgd = new Sgd(List.of(a, b), Sgd.Options.lr(0.5).withMomentum(0.9));
        setGrad(a, 1, 1);
        sgd.step();
        assertThat(a.toArray()).containsExactly(0.5, 1.5);
        assertThat(b.toArray()).containsExactly(3, 4);
        assertThat(sgd.stepCount(0)).isEqualTo(1);
        assertThat(sgd.stepCount(1)).isZero();
        assertThat(sgd.stateDict()).doesNotContainKey("state.1.momentum_buffer");
    }

    @Test
    void zeroGradClearsEveryGradient() {
        Tensor a = param(1, 2);
        Sgd sgd = new Sgd(List.of(a), Sgd.Options.lr(0.1));
        setGrad(a, 1, 1);
        sgd.zeroGrad();
        assertThat(a.grad()).isNull();
    }

    @Test
    void badLearningRatesAndMomentaAreRejectedWithAHint() {
        assertThatThrownBy(() -> Sgd.Options.lr(-0.1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Sgd: learning rate must be finite and not negative, got -0.1; use a small positive value such as 0.01");
        assertThat(Sgd.Options.lr(0).lr()).as("0 is allowed, as setLearningRate(0) is").isZero();
        assertThatThrownBy(() -> Sgd.Options.lr(Double.NaN)).hasMessageContaining("got NaN");
        assertThatThrownBy(() -> Sgd.Options.lr(0.1).withMomentum(-0.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Sgd: momentum must be in [0, 1), got -0.5; a typical value is 0.9");
        assertThatThrownBy(() -> Sgd.Options.lr(0.1).withWeightDecay(-1)).hasMessageContaining("weight decay");
    }

    @Test
    void nesterovWithoutMomentumOrWithDampeningIsRejected() {
        Tensor p = param(1);
        assertThatThrownBy(() -> new Sgd(List.of(p), Sgd.Options.lr(0.1).withNesterov(true)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Sgd: Nesterov momentum needs momentum > 0 and dampening 0, got momentum 0.0");
        assertThatThrownBy(() -> new Sgd(List.of(p), Sgd.Options.lr(0.1).withMomentum(0.9).withDampening(0.1).withNesterov(true)))
                .hasMessageContaining("dampening 0.1");
    }

    @Test
    void theParameterListMustHoldDistinctVariables() {
        assertThatThrownBy(() -> new Sgd(List.of(), Sgd.Options.lr(0.1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Sgd: the parameter list is empty; pass the variables to train, e.g. List.of(w, b) or model.parameters()");
        assertThatThrownBy(() -> new Sgd(List.of(Tensor.of(1.0, 2.0)), Sgd.Options.lr(0.1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Sgd: parameter 0 (shape [2]) does not require grad, so it would never change;"
                        + " call requiresGrad(true) on it or leave it out");
        Tensor p = param(1);
        assertThatThrownBy(() -> new Sgd(List.of(p, p), Sgd.Options.lr(0.1)))
                .hasMessage("Sgd: parameter 1 appears more than once in the list; pass each parameter once");
        assertThatThrownBy(() -> new Sgd(List.of(p.mul(2)), Sgd.Options.lr(0.1)))
                .hasMessageContaining("parameter 0 was made by 'mul'");
    }

    @Test
    void optionsReadLikePyTorchArguments() {
        Sgd.Options o = Sgd.Options.lr(0.01).withMomentum(0.9).withDampening(0.1).withWeightDecay(1e-4);
        assertThat(o).isEqualTo(new Sgd.Options(0.01, 0.9, 0.1, false, 1e-4, false));
        assertThat(o.withLr(0.5).lr()).isEqualTo(0.5);
    }
}
