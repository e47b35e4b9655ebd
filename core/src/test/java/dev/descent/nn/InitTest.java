package dev.descent.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.Tensor;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The torch.nn.init formulas: bounds, standard deviations, fans and gains. */
class InitTest {
    private static double maxAbs(Tensor t) {
        return Arrays.stream(t.toArray()).map(Math::abs).max().getAsDouble();
    }

    private static double std(Tensor t) {
        return t.std().item();
    }

    @Test
    void xavierUniformFillsPlusMinusRootOfSixOverFanInPlusFanOut() {
        Tensor w = Init.xavierUniform(Tensor.zeros(300, 200), new Random(0));
        double bound = Math.sqrt(6.0 / 500);
        assertThat(maxAbs(w)).isLessThanOrEqualTo(bound).isGreaterThan(0.999 * bound);
        Tensor scaled = Init.xavierUniform(Tensor.zeros(300, 200), 2.0, new Random(0));
        assertThat(scaled.allClose(w.mul(2), 0, 1e-15)).isTrue();
    }

    @Test
    void xavierNormalHasStandardDeviationRootOfTwoOverFanInPlusFanOut() {
        Tensor w = Init.xavierNormal(Tensor.zeros(300, 200), new Random(0));
        double expected = Math.sqrt(2.0 / 500);
        assertThat(std(w)).isCloseTo(expected, within(0.02 * expected));
        assertThat(w.mean().item()).isCloseTo(0, within(0.02 * expected));
    }

    @Test
    void kaimingUniformDefaultsToGainRootTwoOverFanIn() {
        Tensor w = Init.kaimingUniform(Tensor.zeros(300, 200), new Random(0));
        double bound = Math.sqrt(2) * Math.sqrt(3.0 / 200);
        assertThat(maxAbs(w)).isLessThanOrEqualTo(bound).isGreaterThan(0.999 * bound);
    }

    @Test
    void kaimingNormalWithFanOutUsesTheFirstDimension() {
        Tensor w = Init.kaimingNormal(Tensor.zeros(300, 200), 0, Init.FanMode.FAN_OUT, Init.Nonlinearity.RELU,
                new Random(0));
        double expected = Math.sqrt(2) / Math.sqrt(300);
        assertThat(std(w)).isCloseTo(expected, within(0.02 * expected));
        Tensor tanh = Init.kaimingNormal(Tensor.zeros(300, 200), 0, Init.FanMode.FAN_IN, Init.Nonlinearity.TANH,
                new Random(0));
        assertThat(std(tanh)).isCloseTo(5.0 / 3 / Math.sqrt(200), within(0.02 * 5.0 / 3 / Math.sqrt(200)));
    }

    @Test
    void fansOfAConvolutionWeightIncludeTheReceptiveField() {
        // [out 4, in 3, kernel 5]: fan_in = 15, fan_out = 20.
        Tensor w = Init.kaimingUniform(Tensor.zeros(4, 3, 5), 0, Init.FanMode.FAN_IN, Init.Nonlinearity.LINEAR,
                new Random(0));
        assertThat(maxAbs(w)).isLessThanOrEqualTo(Math.sqrt(3.0 / 15));
        Tensor x = Init.xavierUniform(Tensor.zeros(4, 3, 5), new Random(0));
        assertThat(maxAbs(x)).isLessThanOrEqualTo(Math.sqrt(6.0 / 35));
    }

    @Test
    void gainsMatchCalculateGain() {
        assertThat(Init.calculateGain(Init.Nonlinearity.LINEAR, 0)).isEqualTo(1.0);
        assertThat(Init.calculateGain(Init.Nonlinearity.SIGMOID, 0)).isEqualTo(1.0);
        assertThat(Init.calculateGain(Init.Nonlinearity.TANH, 0)).isEqualTo(5.0 / 3);
        assertThat(Init.calculateGain(Init.Nonlinearity.RELU, 0)).isEqualTo(Math.sqrt(2));
        assertThat(Init.calculateGain(Init.Nonlinearity.LEAKY_RELU, Math.sqrt(5))).isCloseTo(Math.sqrt(1.0 / 3), within(1e-15));
        assertThat(Init.calculateGain(Init.Nonlinearity.SELU, 0)).isEqualTo(0.75);
    }

    @Test
    void initialisersWorkInPlaceOnParametersAndAreDeterministicForASeed() {
        Tensor p = Tensor.zeros(3, 4).requiresGrad(true);
        assertThat(Init.xavierNormal(p, new Random(5))).isSameAs(p);
        assertThat(p.requiresGrad()).isTrue();
        assertThat(p.toArray()).containsExactly(Init.xavierNormal(Tensor.zeros(3, 4), new Random(5)).toArray());
        assertThat(Init.ones(p).toArray()).containsOnly(1.0);
        assertThat(Init.zeros(p).toArray()).containsOnly(0.0);
        assertThat(Init.constant(p, 0.5).toArray()).containsOnly(0.5);
    }

    @Test
    void fansNeedAtLeastTwoDimensions() {
        assertThatThrownBy(() -> Init.xavierUniform(Tensor.zeros(5), new Random(0)))
                .hasMessage("xavierUniform: fan in and fan out need a tensor of at least 2 dimensions, got shape [5]");
    }
}
