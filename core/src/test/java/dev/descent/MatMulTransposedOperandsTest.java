package dev.descent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MatMulTransposedOperandsTest {
    private static final boolean[] FLAGS = {false, true};

    @Test
    void transposedOperandsGiveTheSameValuesAsExplicitTransposes() {
        Random rng = new Random(1);
        for (boolean ta : FLAGS) {
            for (boolean tb : FLAGS) {
                Tensor a = Tensor.randn(rng, ta ? new int[] {2, 5, 3} : new int[] {2, 3, 5});
                Tensor b = Tensor.randn(rng, tb ? new int[] {4, 5} : new int[] {5, 4});
                Tensor expected = (ta ? a.transpose() : a).matmul(tb ? b.transpose() : b);
                Tensor actual = LinearAlgebra.matmul(a, ta, b, tb);
                assertThat(actual.shape()).isEqualTo(expected.shape());
                assertThat(actual.allClose(expected, 1e-12, 1e-12)).as("transA %s, transB %s", ta, tb).isTrue();
            }
        }
    }

    @Test
    void gradientsOfEveryTranspositionPassFirstAndSecondOrderGradcheck() {
        Random rng = new Random(2);
        for (boolean ta : FLAGS) {
            for (boolean tb : FLAGS) {
                Tensor a = Tensor.randn(rng, ta ? new int[] {3, 4, 2} : new int[] {3, 2, 4}).requiresGrad(true);
                Tensor b = Tensor.randn(rng, tb ? new int[] {5, 4} : new int[] {4, 5}).requiresGrad(true);
                boolean fa = ta;
                boolean fb = tb;
                String op = "matmul transA=" + ta + " transB=" + tb;
                var f = (java.util.function.Function<List<Tensor>, Tensor>)
                        in -> LinearAlgebra.matmul(in.get(0), fa, in.get(1), fb).tanh();
                assertThat(GradCheck.check(op, f, List.of(a, b)).passed()).as(op).isTrue();
                assertThat(GradCheck.checkSecondOrder(op, f, List.of(a, b)).passed()).as(op).isTrue();
            }
        }
    }

    @Test
    void gradientOfABroadcastBatchedProductPassesGradcheck() {
        Random rng = new Random(3);
        Tensor a = Tensor.randn(rng, 2, 1, 3, 4).requiresGrad(true);
        Tensor b = Tensor.randn(rng, 3, 4, 2).requiresGrad(true);
        var f = (java.util.function.Function<List<Tensor>, Tensor>) in -> in.get(0).matmul(in.get(1)).square();
        assertThat(GradCheck.check("matmul", f, List.of(a, b)).passed()).isTrue();
        assertThat(GradCheck.checkSecondOrder("matmul", f, List.of(a, b)).passed()).isTrue();
    }

    @Test
    void gradientsOfALargeProductMatchTheTransposedFormula() {
        Random rng = new Random(4);
        Tensor a = Tensor.randn(rng, 70, 90).requiresGrad(true);
        Tensor b = Tensor.randn(rng, 90, 60).requiresGrad(true);
        Tensor g = Tensor.randn(rng, 70, 60);
        a.matmul(b).mul(g).sum().backward();
        try (var scope = NoGrad.scope()) {
            assertThat(a.grad().allClose(g.matmul(b.transpose()), 1e-12, 1e-12)).isTrue();
            assertThat(b.grad().allClose(a.transpose().matmul(g), 1e-12, 1e-12)).isTrue();
        }
    }

    @Test
    void mismatchedInnerDimensionsStillNameBothShapes() {
        assertThatThrownBy(() -> Tensor.zeros(506, 13).matmul(Tensor.zeros(12, 1)))
                .isInstanceOf(ShapeException.class)
                .hasMessage("matmul: shapes [506, 13] and [12, 1] cannot be multiplied (13 != 12)");
    }
}
