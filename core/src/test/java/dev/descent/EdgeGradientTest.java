package dev.descent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Gradient rules at the edges of their domain: no 0·∞ at a valid input, no intermediate that
 * overflows or underflows where the result does not, and division that divides.
 */
class EdgeGradientTest {
    private static Tensor variable(double... values) {
        return Tensor.of(values).requiresGrad(true);
    }

    private static double gradAt(java.util.function.Function<Tensor, Tensor> f, double x) {
        Tensor v = Tensor.of(x).requiresGrad(true);
        return Autograd.grad(f.apply(v), List.of(v), false).get(0).item();
    }

    private static double secondDerivativeAt(java.util.function.Function<Tensor, Tensor> f, double x) {
        Tensor v = Tensor.of(x).requiresGrad(true);
        Tensor d = Autograd.grad(f.apply(v), List.of(v), true).get(0);
        return Autograd.grad(d, List.of(v), false).get(0).item();
    }

    @Test
    void powZeroHasGradientZeroAtZero() {
        assertThat(gradAt(x -> x.pow(0), 0.0)).isEqualTo(0.0);
    }

    @Test
    void powOneHasSecondDerivativeZeroAtZero() {
        assertThat(secondDerivativeAt(x -> x.pow(1), 0.0)).isEqualTo(0.0);
    }

    @Test
    void tensorPowAtZeroToTheZeroHasZeroGradientsForBaseAndExponent() {
        Tensor a = variable(0.0);
        Tensor b = variable(0.0);
        List<Tensor> g = Autograd.grad(a.pow(b).sum(), List.of(a, b), false);
        assertThat(g.get(0).item()).isEqualTo(0.0);
        assertThat(g.get(1).item()).isEqualTo(0.0);
    }

    @Test
    void tensorPowOfZeroBaseMasksTheExponentGradientOnlyForNonNegativeExponents() {
        Tensor a = variable(0.0, 0.0);
        Tensor b = variable(2.0, -1.0);
        Tensor gb = Autograd.grad(a.pow(b).sum(), List.of(b), false).get(0);
        assertThat(gb.get(0)).isEqualTo(0.0);
        // 0^-1 = ∞ and ln 0 = −∞: the product is −∞, as in PyTorch; nothing to mask there
        assertThat(gb.get(1)).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void stdOverAConstantRowHasGradientZero() {
        Tensor x = Tensor.of(new double[][] {{3, 3, 3}, {1, 2, 4}}).requiresGrad(true);
        Tensor g = Autograd.grad(x.std(1, false).sum(), List.of(x), false).get(0);
        assertThat(g.toArray2d()[0]).containsExactly(0.0, 0.0, 0.0);
        assertThat(g.allFinite()).isTrue();
    }

    @Test
    void quotientGradientDoesNotSquareTheDivisor() {
        for (double v : new double[] {1e-200, 1e200}) {
            Tensor a = variable(v);
            Tensor b = variable(v);
            Tensor gb = Autograd.grad(a.div(b).sum(), List.of(b), false).get(0);
            assertThat(gb.item()).as("d(a/b)/db at a = b = %s", v).isEqualTo(-1 / v);
        }
    }

    @Test
    void divisionByANumberDividesInsteadOfMultiplyingByItsReciprocal() {
        assertThat(Tensor.of(3.0).div(10).item()).isEqualTo(0.3);
        assertThat(Tensor.of(1e-310).div(1e-310).item()).isEqualTo(1.0);
        assertThat(Tensor.ones(49).mean().item()).isEqualTo(1.0);
    }

    @Test
    void meanVarianceAndLossesOfConstantsAreExact() {
        assertThat(Tensor.full(7, 49).var().item()).isEqualTo(0.0);
        assertThat(Tensor.full(7, 49).mean().item()).isEqualTo(7.0);
        assertThat(dev.descent.nn.Loss.mse(Tensor.full(3, 49), Tensor.full(1, 49)).item()).isEqualTo(4.0);
    }

    @Test
    void maximumPassesAnInfiniteGradientOnlyToTheOperandItPicked() {
        Tensor a = variable(1.0);
        Tensor b = variable(2.0);
        Tensor out = a.maximum(b);
        out.backward(Tensor.of(new double[] {Double.POSITIVE_INFINITY}));
        assertThat(a.grad().item()).isEqualTo(0.0);
        assertThat(b.grad().item()).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void tiedMaximaShareTheGradientExactlyAsPyTorchDoes() {
        Tensor x = variable(5, 5, 5, 1);
        x.max().backward();
        assertThat(x.grad().toArray()).containsExactly(1.0 / 3, 1.0 / 3, 1.0 / 3, 0.0);
    }
}
