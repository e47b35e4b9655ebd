package dev.descent;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShapeErrorsTest {
    @Test
    void matmulNamesBothShapesAndTheInnerSizes() {
        assertThatThrownBy(() -> Tensor.zeros(506, 13).matmul(Tensor.zeros(12, 1)))
                .isInstanceOf(ShapeException.class)
                .hasMessage("matmul: shapes [506, 13] and [12, 1] cannot be multiplied (13 != 12)");
    }

    @Test
    void matmulOfAMatrixAndAVectorNamesBothShapes() {
        assertThatThrownBy(() -> Tensor.zeros(3, 4).matmul(Tensor.zeros(5)))
                .hasMessage("matmul: shapes [3, 4] and [5] cannot be multiplied (4 != 5)");
    }

    @Test
    void broadcastingFailureNamesTheOperationTheShapesAndTheDimension() {
        assertThatThrownBy(() -> Tensor.zeros(3, 4).add(Tensor.zeros(3)))
                .isInstanceOf(ShapeException.class)
                .hasMessage("add: shapes [3, 4] and [3] cannot be broadcast together (dimension 1: 4 vs 3)");
        assertThatThrownBy(() -> Tensor.zeros(2, 3).mul(Tensor.zeros(4, 3)))
                .hasMessageStartingWith("mul: shapes [2, 3] and [4, 3]");
    }

    @Test
    void reshapeNamesTheElementCounts() {
        assertThatThrownBy(() -> Tensor.zeros(2, 3).reshape(4, 2))
                .hasMessage("reshape: cannot reshape [2, 3] (6 elements) into [4, 2] (8 elements)");
        assertThatThrownBy(() -> Tensor.zeros(2, 3).reshape(-1, -1))
                .hasMessage("reshape: only one dimension can be -1, got [-1, -1]");
    }

    @Test
    void catNamesTheMismatchedShapes() {
        assertThatThrownBy(() -> Tensor.cat(List.of(Tensor.zeros(2, 3), Tensor.zeros(2, 4)), 0))
                .hasMessage("cat: shapes [2, 3] and [2, 4] do not match outside dimension 0");
    }

    @Test
    void outOfRangeDimensionsAndIndicesAreNamed() {
        assertThatThrownBy(() -> Tensor.zeros(2, 3).sum(2))
                .hasMessage("sum: dimension 2 is out of range for shape [2, 3] (valid: -2 to 1)");
        assertThatThrownBy(() -> Tensor.zeros(2, 3).indexSelect(0, 5))
                .hasMessage("indexSelect: index 5 is out of bounds for dimension 0 of size 2 in shape [2, 3]");
        assertThatThrownBy(() -> Tensor.zeros(2, 3).slice(2, 0, 1))
                .hasMessage("slice: dimension 2 is out of range for shape [2, 3] (valid: -2 to 1)");
        assertThatThrownBy(() -> Tensor.zeros(2, 3).select(1, 3))
                .hasMessage("select: index 3 is out of range for dimension 1 of size 3 in shape [2, 3]");
    }

    @Test
    void itemOnAVectorSaysHowManyElementsItHas() {
        assertThatThrownBy(() -> Tensor.zeros(3).item())
                .hasMessage("item: tensor of shape [3] has 3 elements; item() needs exactly one");
    }

    @Test
    void expandNamesTheOffendingDimension() {
        assertThatThrownBy(() -> Tensor.zeros(3, 2).expand(3, 4))
                .hasMessage("expand: shape [3, 2] cannot be expanded to [3, 4] (dimension 1: 2 vs 4)");
    }
}
