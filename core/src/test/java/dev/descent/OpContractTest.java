package dev.descent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.nn.Flatten;
import dev.descent.optim.Sgd;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Valid input accepted and invalid input refused, where PyTorch draws the line. */
class OpContractTest {
    @Test
    void clampWithMinAboveMaxSetsEveryElementToMax() {
        Tensor x = Tensor.of(-1, 0.5, 3).requiresGrad(true);
        Tensor y = x.clamp(2, 1);
        assertThat(y.toArray()).containsExactly(1.0, 1.0, 1.0);
        y.sum().backward();
        assertThat(x.grad().toArray()).containsExactly(0.0, 0.0, 0.0);
    }

    @Test
    void aSliceWhoseEndIsBeforeItsStartIsEmpty() {
        Tensor x = Tensor.arange(5);
        assertThat(x.slice(0, 3, 1).shape()).isEqualTo(Shape.of(0));
        assertThat(x.slice(0, -10, 2).toArray()).containsExactly(0.0, 1.0);
        assertThat(x.slice(0, 3, 99).toArray()).containsExactly(3.0, 4.0);
    }

    @Test
    void gatherRefusesANegativeIndex() {
        assertThatThrownBy(() -> Tensor.of(1, 2, 3).gather(0, Tensor.of(new double[] {-1})))
                .isInstanceOf(ShapeException.class)
                .hasMessage("gather: index -1 is out of bounds for dimension 0 of size 3 in shape [3]");
    }

    @Test
    void gatherAcceptsAnIndexSmallerThanTheInputOutsideTheGatherDimension() {
        Tensor x = Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}});
        Tensor picked = x.gather(1, Tensor.of(new double[][] {{2}, {0}}));
        assertThat(picked.toArray2d()).isEqualTo(new double[][] {{3}, {4}});
        assertThatThrownBy(() -> x.gather(1, Tensor.zeros(4, 1))).isInstanceOf(ShapeException.class)
                .hasMessageStartingWith("gather: index shape [4, 1] does not fit input shape [3, 3]");
    }

    @Test
    void flattenOfAScalarFollowsTorchFlatten() {
        assertThatThrownBy(() -> new Flatten().forward(Tensor.of(1.0))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Flatten: dimension 1 is out of range for input shape [] (valid: -1 to 0)");
        assertThat(new Flatten(0, -1).forward(Tensor.of(1.0)).shape()).isEqualTo(Shape.of(1));
    }

    @Test
    void allCloseBroadcasts() {
        assertThat(Tensor.of(new double[][] {{1, 1}, {1, 1}}).allClose(Tensor.of(1.0), 0, 0)).isTrue();
        assertThat(Tensor.of(1, 2).allClose(Tensor.of(new double[][] {{1, 2}, {1, 3}}), 0, 0)).isFalse();
        assertThatThrownBy(() -> Tensor.of(1, 2).allClose(Tensor.of(1, 2, 3), 0, 0)).isInstanceOf(ShapeException.class);
    }

    @Test
    void sgdAcceptsALearningRateOfZeroAsSetLearningRateDoes() {
        Tensor w = Tensor.of(1.0).requiresGrad(true);
        Sgd sgd = new Sgd(List.of(w), Sgd.Options.lr(0));
        w.mul(3).backward();
        sgd.step();
        assertThat(w.item()).isEqualTo(1.0);
    }

    @Test
    void noGradScopesClosedOutOfOrderAreRefusedAndLeaveGradientsOn() {
        Scope outer = NoGrad.scope();
        Scope inner = NoGrad.scope();
        assertThatThrownBy(outer::close).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("close scopes innermost first");
        inner.close();
        outer.close();
        assertThat(NoGrad.isGradEnabled()).isTrue();
    }
}
