package dev.descent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** 0-d tensors take dimensions 0 and −1 as PyTorch does; empty dimensions give PyTorch's results. */
class ScalarAndEmptyTest {
    private final Tensor s = Tensor.of(2.5);

    @Test
    void aScalarAcceptsDimensionsZeroAndMinusOneInReductions() {
        for (int d : new int[] {0, -1}) {
            assertThat(s.sum(d).item()).isEqualTo(2.5);
            assertThat(s.mean(d).item()).isEqualTo(2.5);
            assertThat(s.max(d, false).item()).isEqualTo(2.5);
            assertThat(s.min(d, true).item()).isEqualTo(2.5);
            assertThat(s.var(d, false).item()).isNaN();
            assertThat(s.softmax(d).item()).isEqualTo(1.0);
            assertThat(s.logSoftmax(d).item()).isEqualTo(0.0);
            assertThat(s.logSumExp(d, false).item()).isEqualTo(2.5);
            assertThat(s.transpose(d, 0).item()).isEqualTo(2.5);
            assertThat(s.squeeze(d).item()).isEqualTo(2.5);
            assertThat(s.argmax(d, false).item()).isEqualTo(0.0);
        }
        assertThat(s.sum(-1).shape()).isEqualTo(Shape.scalar());
    }

    @Test
    void aScalarRefusesOtherDimensionsReadably() {
        assertThatThrownBy(() -> s.sum(1)).isInstanceOf(ShapeException.class)
                .hasMessage("sum: dimension 1 is out of range for shape [] (valid: -1 to 0)");
        assertThatThrownBy(() -> s.slice(0, 0, 1)).isInstanceOf(ShapeException.class)
                .hasMessageStartingWith("slice: a scalar (shape []) has no dimension 0");
    }

    @Test
    void theSoftmaxFamilyOverAnEmptyDimensionGivesPyTorchsResults() {
        Tensor empty = Tensor.zeros(2, 0);
        assertThat(empty.logSumExp(1, false).toArray()).containsExactly(Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY);
        assertThat(empty.softmax(1).shape()).isEqualTo(Shape.of(2, 0));
        assertThat(empty.logSoftmax(-1).shape()).isEqualTo(Shape.of(2, 0));
    }

    @Test
    void expandWithMinusOneWhereThereIsNoDimensionIsRefusedReadably() {
        assertThatThrownBy(() -> Tensor.of(1, 2, 3).expand(-1, 3)).isInstanceOf(ShapeException.class)
                .hasMessage("expand: -1 at dimension 0 of [-1, 3] keeps a size, but shape [3] has no dimension there to keep");
    }
}
