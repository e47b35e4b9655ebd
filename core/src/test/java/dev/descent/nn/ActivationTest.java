package dev.descent.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.Shape;
import dev.descent.Tensor;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Activations, Dropout and Flatten. */
class ActivationTest {
    @Test
    void activationsComputeTheirFormulas() {
        Tensor x = Tensor.of(-2, 0, 3);
        assertThat(new ReLU().forward(x).toArray()).containsExactly(0, 0, 3);
        assertThat(new ReLU().forward(Tensor.of(Double.NEGATIVE_INFINITY, Double.NaN)).toArray())
                .containsExactly(0, Double.NaN);
        assertThat(new LeakyReLU().forward(x).toArray()).containsExactly(-0.02, 0, 3);
        assertThat(new LeakyReLU(0.5).forward(x).toArray()).containsExactly(-1, 0, 3);
        assertThat(new Tanh().forward(x).get(2)).isCloseTo(Math.tanh(3), within(1e-15));
        assertThat(new Sigmoid().forward(x).get(0)).isCloseTo(1 / (1 + Math.exp(2)), within(1e-15));
    }

    @Test
    void dropoutZeroesAboutAFractionPAndScalesTheRestByOneOverOneMinusP() {
        Tensor y = new Dropout(0.3, new Random(0)).forward(Tensor.ones(100_000));
        double[] v = y.toArray();
        long zeros = Arrays.stream(v).filter(d -> d == 0).count();
        assertThat(zeros / 100_000.0).isCloseTo(0.3, within(0.01));
        assertThat(Arrays.stream(v)).allMatch(d -> d == 0 || d == 1 / 0.7);
        assertThat(y.mean().item()).isCloseTo(1.0, within(0.02));
    }

    @Test
    void dropoutIsTheIdentityInEvaluationModeAndDeterministicForASeed() {
        Tensor x = Tensor.randn(new Random(1), 4, 5);
        Dropout dropout = new Dropout(0.5, new Random(9));
        dropout.eval();
        assertThat(dropout.forward(x)).isSameAs(x);
        double[] first = new Dropout(0.5, new Random(9)).forward(x).toArray();
        double[] second = new Dropout(0.5, new Random(9)).forward(x).toArray();
        assertThat(first).containsExactly(second);
        assertThat(new Dropout(0.0, new Random(0)).forward(x)).isSameAs(x);
        assertThat(Arrays.stream(new Dropout(1.0, new Random(0)).forward(x).toArray())).allMatch(d -> d == 0);
        assertThatThrownBy(() -> new Dropout(1.5, new Random(0)))
                .hasMessage("Dropout: probability must be in [0, 1], got 1.5");
    }

    @Test
    void dropoutRestoredToASavedRandomStateDrawsTheMasksThatWouldHaveComeNext() {
        Tensor x = Tensor.ones(50);
        Dropout running = new Dropout(0.5, new Random(3));
        running.forward(x);
        running.forward(x);
        long seed = running.seed();
        long draws = running.draws();
        double[] third = running.forward(x).toArray();

        Dropout restored = new Dropout(0.5, new Random(99));
        restored.setRandomState(seed, draws);
        assertThat(draws).isEqualTo(2);
        assertThat(restored.forward(x).toArray()).containsExactly(third);
        assertThat(restored.draws()).isEqualTo(3);
        restored.eval().forward(x);
        assertThat(restored.draws()).isEqualTo(3);
        assertThatThrownBy(() -> restored.setRandomState(seed, -1))
                .hasMessage("Dropout.setRandomState: draws must not be negative, got -1");
    }

    @Test
    void dropoutPassesGradientsOnlyThroughTheKeptElements() {
        Tensor x = Tensor.ones(1000).requiresGrad(true);
        Tensor y = new Dropout(0.5, new Random(4)).forward(x);
        y.sum().backward();
        assertThat(x.grad().toArray()).containsExactly(y.toArray());
    }

    @Test
    void flattenMergesEverythingAfterTheBatchDimension() {
        assertThat(new Flatten().forward(Tensor.zeros(2, 3, 4)).shape()).isEqualTo(Shape.of(2, 12));
        assertThat(new Flatten(0, -1).forward(Tensor.zeros(2, 3, 4)).shape()).isEqualTo(Shape.of(24));
        assertThat(new Flatten(1, 2).forward(Tensor.zeros(2, 3, 4, 5)).shape()).isEqualTo(Shape.of(2, 12, 5));
        assertThatThrownBy(() -> new Flatten(2, 1).forward(Tensor.zeros(2, 3, 4)))
                .hasMessage("Flatten: start dimension 2 comes after end dimension 1 for input shape [2, 3, 4]");
    }
}
