package dev.descent.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.Shape;
import dev.descent.ShapeException;
import dev.descent.Tensor;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LinearTest {
    @Test
    void weightIsOutByInAndBiasIsOut() {
        Linear layer = new Linear(13, 4, new Random(0));
        assertThat(layer.weight().shape()).isEqualTo(Shape.of(4, 13));
        assertThat(layer.bias().shape()).isEqualTo(Shape.of(4));
        assertThat(layer.namedParameters().keySet()).containsExactly("weight", "bias");
    }

    @Test
    void initialValuesFillTheRangeOfPlusMinusOneOverRootIn() {
        Linear layer = new Linear(100, 300, new Random(0));
        double bound = 1 / Math.sqrt(100);
        double[] w = layer.weight().toArray();
        double[] b = layer.bias().toArray();
        assertThat(Arrays.stream(w)).allMatch(v -> Math.abs(v) <= bound);
        assertThat(Arrays.stream(b)).allMatch(v -> Math.abs(v) <= bound);
        // 30,000 uniform draws come within 0.1 % of both ends and average about 0.
        assertThat(Arrays.stream(w).max().getAsDouble()).isGreaterThan(0.999 * bound);
        assertThat(Arrays.stream(w).min().getAsDouble()).isLessThan(-0.999 * bound);
        assertThat(Arrays.stream(w).average().getAsDouble()).isCloseTo(0, within(0.01 * bound));
        // Var of U(−a, a) is a²/3.
        assertThat(layer.weight().var().item()).isCloseTo(bound * bound / 3, within(0.03 * bound * bound / 3));
    }

    @Test
    void theSameSeedGivesTheSameWeightsAndAnotherSeedOthers() {
        Linear a = new Linear(5, 3, new Random(42));
        Linear b = new Linear(5, 3, new Random(42));
        Linear c = new Linear(5, 3, new Random(43));
        assertThat(a.weight().toArray()).containsExactly(b.weight().toArray());
        assertThat(a.bias().toArray()).containsExactly(b.bias().toArray());
        assertThat(a.weight().toArray()).isNotEqualTo(c.weight().toArray());
    }

    @Test
    void forwardComputesXTimesWTransposedPlusB() {
        Linear layer = new Linear(2, 3, new Random(0));
        double[][] w = layer.weight().toArray2d();
        double[] b = layer.bias().toArray();
        double[][] x = {{1, 2}, {-3, 0.5}};
        Tensor y = layer.forward(Tensor.of(x));
        assertThat(y.shape()).isEqualTo(Shape.of(2, 3));
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                assertThat(y.get(i, j)).isCloseTo(x[i][0] * w[j][0] + x[i][1] * w[j][1] + b[j], within(1e-15));
            }
        }
        Tensor single = layer.forward(Tensor.of(x[1]));
        assertThat(single.shape()).isEqualTo(Shape.of(3));
        assertThat(single.toArray()).containsExactly(y.toArray2d()[1]);
        assertThat(layer.forward(Tensor.zeros(4, 5, 2)).shape()).isEqualTo(Shape.of(4, 5, 3));
    }

    @Test
    void aLayerWithoutBiasHasOnlyAWeight() {
        Linear layer = new Linear(2, 1, false, new Random(0));
        assertThat(layer.bias()).isNull();
        assertThat(layer.namedParameters().keySet()).containsExactly("weight");
        assertThat(layer.forward(Tensor.zeros(3, 2)).toArray()).containsExactly(0, 0, 0);
    }

    @Test
    void aWrongInputShapeNamesTheLayer() {
        Linear layer = new Linear(13, 1, new Random(0));
        assertThatThrownBy(() -> layer.forward(Tensor.zeros(506, 12)))
                .isInstanceOf(ShapeException.class)
                .hasMessage("Linear(13 → 1): input has shape [506, 12]; expected [..., 13]");
        assertThatThrownBy(() -> layer.forward(Tensor.of(1.0)))
                .hasMessage("Linear(13 → 1): input has shape []; expected [..., 13]");
        assertThatThrownBy(() -> new Linear(0, 1, new Random(0)))
                .hasMessage("Linear: in and out features must be at least 1, got 0 and 1");
    }

    @Test
    void gradientsReachWeightAndBias() {
        Linear layer = new Linear(2, 1, new Random(0));
        layer.forward(Tensor.of(new double[][] {{1, 2}, {3, 4}})).sum().backward();
        assertThat(layer.weight().grad().toArray()).containsExactly(4, 6);
        assertThat(layer.bias().grad().toArray()).containsExactly(2);
    }
}
