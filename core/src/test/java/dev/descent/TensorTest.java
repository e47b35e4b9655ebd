package dev.descent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TensorTest {
    @Test
    void creationFunctionsMatchNumPy() {
        assertThat(Tensor.arange(5).toArray()).containsExactly(0, 1, 2, 3, 4);
        assertThat(Tensor.arange(1, 2, 0.25).toArray()).containsExactly(1, 1.25, 1.5, 1.75);
        assertThat(Tensor.linspace(0, 1, 5).toArray()).containsExactly(0, 0.25, 0.5, 0.75, 1);
        assertThat(Tensor.eye(2).toArray()).containsExactly(1, 0, 0, 1);
        assertThat(Tensor.full(7, 2, 2).toArray()).containsExactly(7, 7, 7, 7);
        assertThat(Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}}).shape()).isEqualTo(Shape.of(2, 3));
        assertThat(Tensor.of(3.0).shape().rank()).isZero();
    }

    @Test
    void theSameSeedGivesTheSameRandomTensor() {
        assertThat(Tensor.randn(Shape.of(3, 3), 42).toArray()).containsExactly(Tensor.randn(Shape.of(3, 3), 42).toArray());
        assertThat(Tensor.rand(new Random(1), 4).toArray()).containsExactly(Tensor.rand(new Random(1), 4).toArray());
    }

    @Test
    void randintStaysInTheHalfOpenRangeAndReachesBothEnds() {
        double[] v = Tensor.randint(new Random(3), -1000, 1000, 100_000).toArray();
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (double d : v) {
            assertThat(d).isEqualTo(Math.rint(d));
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        assertThat(min).isEqualTo(-1000);
        assertThat(max).isEqualTo(999);
    }

    @Test
    void uniformSamplesHaveTheExpectedMean() {
        assertThat(Tensor.uniform(new Random(5), 2, 4, 100_000).mean().item()).isCloseTo(3.0, within(0.02));
        assertThat(Tensor.randn(new Random(5), 100_000).std().item()).isCloseTo(1.0, within(0.02));
    }

    @Test
    void reductionsMatchHandComputedValues() {
        Tensor t = Tensor.of(new double[][] {{1, 5, 3}, {4, 2, 6}});
        assertThat(t.sum(0).toArray()).containsExactly(5, 7, 9);
        assertThat(t.sum(1, true).shape()).isEqualTo(Shape.of(2, 1));
        assertThat(t.mean().item()).isEqualTo(3.5);
        assertThat(t.max(1, false).toArray()).containsExactly(5, 6);
        assertThat(t.min(0, false).toArray()).containsExactly(1, 2, 3);
        assertThat(t.argmax(1, false).toArray()).containsExactly(1, 2);
        assertThat(t.argmax().item()).isEqualTo(5);
        assertThat(t.var().item()).isCloseTo(3.5, within(1e-15)); // unbiased, as torch.var
        assertThat(Tensor.of(2, 4, 4, 4, 5, 5, 7, 9).std().item()).isCloseTo(Math.sqrt(32.0 / 7), within(1e-15));
    }

    @Test
    void softmaxIsStableForHugeLogits() {
        Tensor logits = Tensor.of(1000, 0, -1000);
        assertThat(logits.softmax(0).toArray()).containsExactly(1, 0, 0);
        assertThat(logits.logSoftmax(0).toArray()).containsExactly(0, -1000, -2000);
        assertThat(Tensor.of(1000, 1000).logSumExp(0, false).item()).isCloseTo(1000 + Math.log(2), within(1e-12));
    }

    @Test
    void softplusIsExactAtBothExtremesAndItsGradientIsTheSigmoid() {
        Tensor x = Tensor.of(-1000, -40, 0, 40, 1000).requiresGrad(true);
        Tensor y = x.softplus();
        y.sum().backward();
        assertThat(y.toArray()).containsExactly(0, Math.exp(-40), Math.log(2), 40 + Math.exp(-40), 1000);
        assertThat(x.grad().toArray()).containsExactly(new double[] {0, Math.exp(-40), 0.5, 1, 1}, within(1e-17));
        assertThat(Tensor.of(1e-20).log1p().item()).isEqualTo(1e-20);
    }

    @Test
    void sigmoidAndItsGradientAreFiniteAtExtremes() {
        Tensor x = Tensor.of(-800, 800).requiresGrad(true);
        Tensor s = x.sigmoid();
        s.sum().backward();
        assertThat(s.toArray()).containsExactly(0, 1);
        assertThat(x.grad().toArray()).containsExactly(0, 0);
    }

    @Test
    void reluAndAbsHaveZeroDerivativeAtZeroAsInPyTorch() {
        Tensor x = Tensor.of(0.0).requiresGrad(true);
        x.relu().add(x.abs()).backward();
        assertThat(x.grad().item()).isZero();
    }

    @Test
    void reluKeepsNanZeroesNegativesAndPassesTheGradientWhereTheInputIsPositiveOrNan() {
        for (DType dtype : DType.values()) {
            Tensor x = Tensor.of(-2, -0.0, 0, 3, Double.NaN, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY)
                    .to(dtype).requiresGrad(true);
            Tensor y = x.relu();
            // +0 for −0 and −∞ (not x·[x > 0], which gives −0 and NaN)
            assertThat(y.toArray()).as(dtype.toString())
                    .containsExactly(0, 0, 0, 3, Double.NaN, 0, Double.POSITIVE_INFINITY);
            assertThat(1 / y.toArray()[1]).isEqualTo(Double.POSITIVE_INFINITY);
            // an infinite upstream gradient is stopped where the input is not positive, not turned into NaN
            y.backward(Tensor.full(Double.POSITIVE_INFINITY, 7).to(dtype));
            assertThat(x.grad().toArray()).as(dtype.toString()).containsExactly(0, 0, 0, Double.POSITIVE_INFINITY,
                    Double.POSITIVE_INFINITY, 0, Double.POSITIVE_INFINITY);
            assertThat(x.grad().dtype()).isEqualTo(dtype);
        }
    }

    @Test
    void clampPassesTheGradientInsideAndOnTheBounds() {
        Tensor x = Tensor.of(-2, -1, 0, 1, 2).requiresGrad(true);
        x.clamp(-1, 1).sum().backward();
        assertThat(x.grad().toArray()).containsExactly(0, 1, 1, 1, 0);
    }

    @Test
    void maximumSplitsTheGradientOnTies() {
        Tensor a = Tensor.of(1.0).requiresGrad(true);
        Tensor b = Tensor.of(1.0).requiresGrad(true);
        a.maximum(b).backward();
        assertThat(a.grad().item()).isEqualTo(0.5);
        assertThat(b.grad().item()).isEqualTo(0.5);
    }

    @Test
    void movementOperationsRearrangeAsPyTorchDoes() {
        Tensor t = Tensor.arange(6).reshape(2, 3);
        assertThat(t.transpose().toArray()).containsExactly(0, 3, 1, 4, 2, 5);
        assertThat(t.slice(1, 1, 3).toArray()).containsExactly(1, 2, 4, 5);
        assertThat(t.indexSelect(0, 1, 0).toArray()).containsExactly(3, 4, 5, 0, 1, 2);
        assertThat(t.gather(1, Tensor.of(new double[][] {{2}, {0}})).toArray()).containsExactly(2, 3);
        assertThat(Tensor.stack(List.of(Tensor.of(1, 2), Tensor.of(3, 4)), 1).toArray()).containsExactly(1, 3, 2, 4);
        assertThat(Tensor.cat(List.of(t, t), 1).shape()).isEqualTo(Shape.of(2, 6));
        assertThat(t.unsqueeze(0).shape()).isEqualTo(Shape.of(1, 2, 3));
        assertThat(t.unsqueeze(-1).squeeze().shape()).isEqualTo(Shape.of(2, 3));
        assertThat(t.expand(4, 2, 3).shape()).isEqualTo(Shape.of(4, 2, 3));
        assertThat(t.get(1, -1)).isEqualTo(5);
    }

    @Test
    void comparisonsGiveOnesAndZeros() {
        Tensor t = Tensor.of(1, 2, 3);
        assertThat(t.gt(2).toArray()).containsExactly(0, 0, 1);
        assertThat(t.le(2).toArray()).containsExactly(1, 1, 0);
        assertThat(t.eq(Tensor.of(1, 0, 3)).toArray()).containsExactly(1, 0, 1);
        assertThat(t.ne(2).toArray()).containsExactly(1, 0, 1);
        assertThat(Tensor.where(t.lt(2), t, Tensor.zeros()).toArray()).containsExactly(1, 0, 0);
    }

    @Test
    void domainErrorsGiveIeeeValuesNotExceptions() {
        assertThat(Tensor.of(-1.0).log().item()).isNaN();
        assertThat(Tensor.of(0.0).log().item()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(Tensor.of(-4.0).sqrt().item()).isNaN();
        assertThat(Tensor.of(1.0).div(0.0).item()).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void sumOfTenMillionValuesIsAccurateBecauseItIsPairwise() {
        int n = 10_000_000;
        Tensor t = Tensor.full(0.1, n);
        // naive left-to-right summation drifts by about 1e-4 here
        assertThat(t.sum().item()).isCloseTo(1_000_000.0, within(1e-6));
    }
}
