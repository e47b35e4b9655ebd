package dev.descent.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.Tensor;
import java.util.Arrays;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SplitTest {
    private static final int N = 506;
    private static final Tensor X = Tensor.arange(N).reshape(N, 1).expand(N, 3).mul(Tensor.of(1.0, 2.0, 3.0));
    private static final Tensor Y = Tensor.arange(N).mul(-1);

    @Test
    void theTestSetHoldsTheCeilingOfTheFractionAndTheRestTrain() {
        Split split = Split.trainTest(X, Y, 0.2, 42);
        assertThat(split.test().size()).isEqualTo((int) Math.ceil(0.2 * N)).isEqualTo(102);
        assertThat(split.train().size()).isEqualTo(N - 102);
        assertThat(split.train().features().shape().dims()).containsExactly(404, 3);
    }

    @Test
    void theTwoPartsTogetherHoldEverySampleOnceWithItsTarget() {
        Split split = Split.trainTest(X, Y, 0.25, 7);
        double[] ids = DoubleStream.concat(Arrays.stream(split.train().targets().toArray()),
                Arrays.stream(split.test().targets().toArray())).map(v -> -v).sorted().toArray();
        assertThat(ids).containsExactly(IntStream.range(0, N).asDoubleStream().toArray());
        double[][] rows = split.test().features().toArray2d();
        double[] targets = split.test().targets().toArray();
        for (int i = 0; i < rows.length; i++) {
            assertThat(rows[i]).containsExactly(-targets[i], -2 * targets[i], -3 * targets[i]);
        }
    }

    @Test
    void theSameSeedGivesTheSameSplitAndAnotherSeedAnother() {
        double[] a = Split.trainTest(X, Y, 0.3, 5).test().targets().toArray();
        assertThat(Split.trainTest(X, Y, 0.3, 5).test().targets().toArray()).containsExactly(a);
        assertThat(Split.trainTest(X, Y, 0.3, 6).test().targets().toArray()).isNotEqualTo(a);
    }

    @Test
    void aZeroFractionGivesAnEmptyTestSet() {
        Split split = Split.trainTest(X, Y, 0, 1);
        assertThat(split.test().size()).isZero();
        assertThat(split.test().features().shape().dims()).containsExactly(0, 3);
        assertThat(split.train().size()).isEqualTo(N);
    }

    @Test
    void fractionsOutsideZeroToOneAreRejected() {
        assertThatThrownBy(() -> Split.trainTest(X, Y, 1.0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("trainTest: test fraction must be in [0, 1), got 1.0; use e.g. 0.2 to hold out a fifth of the"
                        + " samples, or 0 for no test set");
        assertThatThrownBy(() -> Split.trainTest(X, Y, -0.1, 1)).hasMessageContaining("got -0.1");
        assertThatThrownBy(() -> Split.trainTest(X, Y, Double.NaN, 1)).hasMessageContaining("got NaN");
        assertThatThrownBy(() -> Split.trainTest(Tensor.zeros(1, 2), Tensor.zeros(1), 0.5, 1))
                .hasMessage("trainTest: holding out 1 of 1 samples (test fraction 0.5) leaves none to train on;"
                        + " use a smaller test fraction or more data");
        assertThatThrownBy(() -> Split.trainTest(X, Tensor.zeros(3), 0.2, 1)).hasMessageContaining("differ in their first dimension");
    }
}
