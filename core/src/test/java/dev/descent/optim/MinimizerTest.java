package dev.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.Tensor;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MinimizerTest {
    private static final Minimizer.Options COURSE = Minimizer.Options.of(1e-2, 1000);

    private static double[] randomStart(long seed, int n) {
        Random rng = new Random(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rng.nextInt(2000) - 1000; // a random integer in [-1000, 1000), as in the course
        }
        return x;
    }

    @Test
    void theCourseMinimisesTwoXSquaredWithAHandWrittenDerivative() {
        double[] start = randomStart(7, 1);
        Minimizer.Result r = Minimizer.manual(x -> 2 * x[0] * x[0], x -> new double[] {4 * x[0]}, start, COURSE);
        assertThat(r.minimizer()[0]).isCloseTo(0, within(1e-12));
        assertThat(r.steps()).isEqualTo(1000);
        // each step multiplies x by (1 - 4·lr) = 0.96
        assertThat(r.minimizer()[0]).isCloseTo(start[0] * Math.pow(0.96, 1000), within(1e-20));
    }

    @Test
    void theThreeDerivativeSourcesAgreeOnTwoXSquared() {
        double[] start = randomStart(11, 1);
        Minimizer.Result manual = Minimizer.manual(x -> 2 * x[0] * x[0], x -> new double[] {4 * x[0]}, start, COURSE);
        Minimizer.Result auto = Minimizer.autograd(v -> v.get(0).pow(2).mul(2), start, COURSE);
        Minimizer.Result numeric = Minimizer.numeric(x -> 2 * x[0] * x[0], start, COURSE);
        assertThat(auto.minimizer()[0]).isEqualTo(manual.minimizer()[0]);
        assertThat(numeric.minimizer()[0]).isCloseTo(manual.minimizer()[0], within(1e-12));
        for (int i = 0; i < 50; i++) {
            assertThat(auto.path().get(i).gradient()[0]).isEqualTo(manual.path().get(i).gradient()[0]);
        }
    }

    @Test
    void theThreeDerivativeSourcesAgreeOnTheSumOfThreeSquares() {
        double[] start = randomStart(3, 3);
        Minimizer.Objective f = x -> x[0] * x[0] + x[1] * x[1] + x[2] * x[2];
        Minimizer.Result manual = Minimizer.manual(f, x -> new double[] {2 * x[0], 2 * x[1], 2 * x[2]}, start, COURSE);
        Minimizer.Result auto = Minimizer.autograd(
                v -> v.get(0).pow(2).add(v.get(1).pow(2)).add(v.get(2).pow(2)), start, COURSE);
        Minimizer.Result numeric = Minimizer.numeric(f, start, COURSE);
        for (int i = 0; i < 3; i++) {
            assertThat(manual.minimizer()[i]).isCloseTo(0, within(1e-5));
            assertThat(auto.minimizer()[i]).isCloseTo(manual.minimizer()[i], within(1e-15));
            assertThat(numeric.minimizer()[i]).isCloseTo(manual.minimizer()[i], within(1e-9));
        }
        assertThat(auto.source()).isEqualTo(Minimizer.Source.AUTOGRAD);
    }

    @Test
    void thePathRecordsEveryIterateWithItsLossAndGradient() {
        Minimizer.Result r = Minimizer.manual(x -> 2 * x[0] * x[0], x -> new double[] {4 * x[0]},
                new double[] {10}, Minimizer.Options.of(0.1, 3));
        assertThat(r.path()).hasSize(3);
        assertThat(r.path().get(0).x()).containsExactly(10);
        assertThat(r.path().get(0).loss()).isEqualTo(200);
        assertThat(r.path().get(0).gradient()).containsExactly(40);
        assertThat(r.path().get(1).x()[0]).isCloseTo(6, within(1e-12)); // 10 - 0.1·40
    }

    @Test
    void aToleranceOnTheGradientNormStopsEarly() {
        Minimizer.Result r = Minimizer.manual(x -> 2 * x[0] * x[0], x -> new double[] {4 * x[0]},
                new double[] {100}, Minimizer.Options.of(1e-2, 100_000).withTolerance(1e-3));
        assertThat(r.steps()).isLessThan(1000);
        assertThat(Math.abs(4 * r.minimizer()[0])).isLessThan(1e-3);
    }

    @Test
    void tooLargeALearningRateStopsWithTheEpochAndASuggestion() {
        assertThatThrownBy(() -> Minimizer.manual(x -> 2 * x[0] * x[0], x -> new double[] {4 * x[0]},
                new double[] {500}, Minimizer.Options.of(0.6, 1000)))
                .isInstanceOf(DivergenceException.class)
                .hasMessageStartingWith("minimize: loss grew from 500000 to ")
                .hasMessageContaining("(learning rate 0.6); try a smaller learning rate");
    }

    @Test
    void learningRateOneHalfOscillatesForeverAndIsReportedAsNoProgress() {
        assertThatThrownBy(() -> Minimizer.autograd(v -> v.get(0).pow(2).mul(2), new double[] {500},
                Minimizer.Options.of(0.5, 1000)))
                .isInstanceOf(DivergenceException.class)
                .hasMessageContaining("no progress after 1000 epochs")
                .hasMessageContaining("learning rate 0.5");
    }

    @Test
    void aNaNLossIsReportedAtTheEpochItAppears() {
        assertThatThrownBy(() -> Minimizer.manual(x -> Math.log(x[0]), x -> new double[] {1 / x[0]},
                new double[] {0.5}, Minimizer.Options.of(1, 10)))
                .isInstanceOf(DivergenceException.class)
                .hasMessage("minimize: loss became NaN at epoch 1 (learning rate 1); try a smaller learning rate");
    }

    @Test
    void invalidSettingsAreRefusedWithTheValue() {
        assertThatThrownBy(() -> Minimizer.Options.of(0, 10))
                .hasMessage("minimize: learning rate must be a positive number, got 0.0");
        assertThatThrownBy(() -> Minimizer.Options.of(0.1, -1)).hasMessage("minimize: epochs must be at least 0, got -1");
    }

    @Test
    void centralDifferencesAreAccurateForASmoothFunction() {
        double[] g = Minimizer.centralDifferences(x -> Math.sin(x[0]) * x[1], new double[] {0.3, 2.0});
        assertThat(g[0]).isCloseTo(Math.cos(0.3) * 2, within(1e-8));
        assertThat(g[1]).isCloseTo(Math.sin(0.3), within(1e-8));
    }

    @Test
    void autogradAcceptsAnyTensorExpression() {
        Minimizer.Result r = Minimizer.autograd(
                v -> v.get(0).sub(3).square().add(v.get(1).add(1).square()), new double[] {0, 0},
                Minimizer.Options.of(0.1, 500));
        assertThat(r.minimizer()).containsExactly(new double[] {3, -1}, within(1e-9));
        assertThat(r.value()).isCloseTo(0, within(1e-15));
        assertThat(List.of(r.start()[0], r.start()[1])).containsExactly(0.0, 0.0);
        assertThat(Tensor.of(r.minimizer()).shape().size(0)).isEqualTo(2);
    }
}
