package dev.descent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class AutogradTest {
    @Test
    void gradientsAccumulateAcrossBackwardCallsUntilZeroed() {
        Tensor x = Tensor.of(3.0).requiresGrad(true);
        x.pow(2).backward();
        x.pow(2).backward();
        assertThat(x.grad().item()).isEqualTo(12.0); // 6 + 6: the course's reason to zero gradients
        x.zeroGrad();
        x.pow(2).backward();
        assertThat(x.grad().item()).isEqualTo(6.0);
    }

    @Test
    void onlyLeavesKeepTheirGradient() {
        Tensor x = Tensor.of(2.0).requiresGrad(true);
        Tensor y = x.mul(3);
        y.mul(y).backward();
        assertThat(x.grad().item()).isEqualTo(36.0); // d(9x²)/dx = 18x
        assertThat(y.grad()).isNull();
        assertThat(y.isLeaf()).isFalse();
        assertThat(y.gradFn()).isEqualTo("mul");
    }

    @Test
    void aSharedSubexpressionCollectsGradientFromEveryUse() {
        Tensor x = Tensor.of(1.5).requiresGrad(true);
        Tensor s = x.sin();
        s.mul(s).add(s).backward(); // sin²x + sin x
        assertThat(x.grad().item()).isCloseTo(2 * Math.sin(1.5) * Math.cos(1.5) + Math.cos(1.5), within(1e-15));
    }

    @Test
    void backwardThroughAFreedGraphIsAClearError() {
        Tensor x = Tensor.of(2.0).requiresGrad(true);
        Tensor y = x.exp();
        y.backward();
        assertThatThrownBy(y::backward).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("backward: the graph through 'exp' was already freed")
                .hasMessageContaining("backward(true)");
    }

    @Test
    void retainGraphAllowsASecondBackward() {
        Tensor x = Tensor.of(2.0).requiresGrad(true);
        Tensor y = x.exp();
        y.backward(true);
        y.backward();
        assertThat(x.grad().item()).isCloseTo(2 * Math.exp(2.0), within(1e-12));
    }

    @Test
    void backwardOnANonScalarNamesTheShapeAndTheFix() {
        Tensor x = Tensor.ones(506, 1).requiresGrad(true);
        assertThatThrownBy(() -> x.mul(2).backward()).isInstanceOf(ShapeException.class)
                .hasMessage("backward: output has shape [506, 1]; call backward() on a scalar such as loss.mean(),"
                        + " or pass a gradient of shape [506, 1]");
    }

    @Test
    void backwardWithAnExplicitGradientWeighsEachOutput() {
        Tensor x = Tensor.of(1.0, 2.0, 3.0).requiresGrad(true);
        x.square().backward(Tensor.of(1.0, 10.0, 100.0));
        assertThat(x.grad().toArray()).containsExactly(2.0, 40.0, 600.0);
    }

    @Test
    void aLeafKeepsTheGradientItsPassMadeInsteadOfCopyingIt() {
        Tensor x = Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
        Tensor w = Tensor.of(new double[][] {{1, -1}, {0, 2}, {3, 1}}).requiresGrad(true);
        x.matmul(w).sum().backward();
        // w.grad is the storage the product's rule made and the pass handed on once, not a copy of it
        assertThat(w.grad().data.handedOn()).isEqualTo(1);
        x.matmul(w).sum().backward(); // adds into it in place
        assertThat(w.grad().toArray()).containsExactly(10.0, 10.0, 14.0, 14.0, 18.0, 18.0);
    }

    @Test
    void oneGradientHandedToTwoLeavesIsCopiedForEach() {
        Tensor a = Tensor.of(1.0, 2.0).requiresGrad(true);
        Tensor b = Tensor.of(3.0, 4.0).requiresGrad(true);
        a.add(b).mul(2).sum().backward(); // add hands the same gradient to a and to b
        a.mul(5).sum().backward(); // accumulates into a.grad in place
        assertThat(a.grad().toArray()).containsExactly(7.0, 7.0);
        assertThat(b.grad().toArray()).containsExactly(2.0, 2.0);
    }

    @Test
    void anExplicitGradientIsCopiedNotKept() {
        Tensor w = Tensor.of(new double[][] {{1, 2}, {3, 4}}).requiresGrad(true);
        Tensor seed = Tensor.of(new double[][] {{1, 10}, {100, 1000}});
        Tensor c = Tensor.ones(2, 2);
        w.add(c).backward(seed); // add's rule hands the seed itself on to w
        w.add(c).backward(seed);
        w.backward(seed); // a leaf as the root: the seed is its gradient
        w.backward(seed);
        assertThat(seed.toArray()).containsExactly(1.0, 10.0, 100.0, 1000.0);
        assertThat(w.grad().toArray()).containsExactly(4.0, 40.0, 400.0, 4000.0);
    }

    @Test
    void aGradientKeptByOnePassAndSeedingAnotherIsCopied() {
        Tensor a = Tensor.of(1.0, 2.0).requiresGrad(true);
        a.mul(3).sum().backward(); // a keeps the gradient mul's rule made
        Tensor b = Tensor.of(5.0, 6.0).requiresGrad(true);
        Tensor c = Tensor.of(0.0, 0.0);
        b.add(c).backward(a.grad()); // add hands a.grad on to b
        b.add(c).backward(a.grad());
        assertThat(a.grad().toArray()).containsExactly(3.0, 3.0);
        assertThat(b.grad().toArray()).containsExactly(6.0, 6.0);
    }

    @Test
    void backwardOnAConstantSaysToMarkTheVariables() {
        assertThatThrownBy(() -> Tensor.of(1.0).mul(2).backward()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("requiresGrad(true)");
    }

    @Test
    void inPlaceUpdateOfAVariableNeedsNoGrad() {
        Tensor x = Tensor.of(5.0).requiresGrad(true);
        assertThatThrownBy(() -> x.subInPlace(Tensor.of(1.0))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("subInPlace: this variable requires grad")
                .hasMessageContaining("NoGrad.scope()");
        try (Scope s = NoGrad.scope()) {
            x.subInPlace(Tensor.of(1.0));
        }
        assertThat(x.item()).isEqualTo(4.0);
    }

    @Test
    void inPlaceUpdateOfARecordedResultIsRefused() {
        Tensor y = Tensor.of(5.0).requiresGrad(true).mul(2);
        try (Scope s = NoGrad.scope()) {
            assertThatThrownBy(() -> y.addInPlace(Tensor.of(1.0))).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("made by 'mul'");
        }
    }

    @Test
    void changingAnInputAfterItWasUsedIsDetectedAtBackward() {
        Tensor x = Tensor.of(3.0).requiresGrad(true);
        Tensor y = x.mul(x);
        try (Scope s = NoGrad.scope()) {
            x.addInPlace(Tensor.of(1.0));
        }
        assertThatThrownBy(y::backward).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("input 0 of 'mul'").hasMessageContaining("modified in place");
    }

    @Test
    void noGradScopesNestAndRestoreTheOuterMode() {
        Tensor x = Tensor.of(1.0).requiresGrad(true);
        try (Scope outer = NoGrad.scope()) {
            try (Scope inner = NoGrad.scope()) {
                assertThat(x.mul(2).requiresGrad()).isFalse();
            }
            assertThat(NoGrad.isGradEnabled()).isFalse();
            assertThat(x.mul(2).requiresGrad()).isFalse();
        }
        assertThat(NoGrad.isGradEnabled()).isTrue();
        assertThat(x.mul(2).requiresGrad()).isTrue();
    }

    @Test
    void noGradIsPerThread() throws Exception {
        try (Scope s = NoGrad.scope()) {
            boolean otherThread = CompletableFuture.supplyAsync(NoGrad::isGradEnabled).get();
            assertThat(otherThread).isTrue();
            assertThat(NoGrad.isGradEnabled()).isFalse();
        }
    }

    @Test
    void detachCutsTheGraph() {
        Tensor x = Tensor.of(2.0).requiresGrad(true);
        Tensor y = x.mul(x.detach()); // only the first factor carries gradient
        y.backward();
        assertThat(x.grad().item()).isEqualTo(2.0);
    }

    @Test
    void aChainOfAHundredThousandOperationsDoesNotOverflowTheStack() {
        Tensor x = Tensor.of(1.0).requiresGrad(true);
        Tensor y = x;
        for (int i = 0; i < 100_000; i++) {
            y = y.add(1e-6);
        }
        y.backward();
        assertThat(x.grad().item()).isEqualTo(1.0);
    }

    @Test
    void functionalGradTouchesNoGradField() {
        Tensor x = Tensor.of(2.0).requiresGrad(true);
        List<Tensor> g = Autograd.grad(x.pow(3), List.of(x), false);
        assertThat(g.get(0).item()).isEqualTo(12.0);
        assertThat(x.grad()).isNull();
    }

    @Test
    void createGraphGivesDifferentiableGradientsForSecondDerivatives() {
        Tensor x = Tensor.of(2.0).requiresGrad(true);
        Tensor dy = Autograd.grad(x.pow(3), List.of(x), true).get(0);
        Tensor d2y = Autograd.grad(dy, List.of(x), false).get(0);
        assertThat(dy.item()).isEqualTo(12.0);
        assertThat(d2y.item()).isEqualTo(12.0); // 6x
    }

    @Test
    void hessianOfAFunctionOfTwoVariablesMatchesTheHandDerivedOne() {
        // f = x²y + sin y;  H = [[2y, 2x], [2x, -sin y]]
        Tensor h = Autograd.hessian(v -> {
            Tensor x = v.slice(0, 0, 1).sum();
            Tensor y = v.slice(0, 1, 2).sum();
            return x.square().mul(y).add(y.sin());
        }, Tensor.of(1.5, -0.5));
        assertThat(h.toArray()).containsExactly(new double[] {-1.0, 3.0, 3.0, -Math.sin(-0.5)}, within(1e-12));
    }

    @Test
    void hessianVectorProductEqualsHessianTimesVector() {
        java.util.function.Function<Tensor, Tensor> f = v -> v.pow(3).sum().add(v.slice(0, 0, 1).mul(v.slice(0, 1, 2)).sum());
        Tensor x = Tensor.of(0.5, -1.0, 2.0);
        Tensor v = Tensor.of(1.0, 2.0, -1.0);
        Tensor expected = Autograd.hessian(f, x).matmul(v);
        assertThat(Autograd.hessianVectorProduct(f, x, v).allClose(expected, 1e-12, 1e-12)).isTrue();
    }

    @Test
    void gradOfAnUnusedInputIsZero() {
        Tensor x = Tensor.of(1.0).requiresGrad(true);
        Tensor z = Tensor.of(1.0, 2.0).requiresGrad(true);
        assertThat(Autograd.grad(x.mul(3), List.of(z), false).get(0).toArray()).containsExactly(0.0, 0.0);
    }

    @Test
    void anomalyModeNamesTheOperationThatMadeANaNGradient() {
        Tensor x = Tensor.of(0.0).requiresGrad(true);
        try (Scope s = Autograd.detectAnomaly()) {
            Tensor y = x.sqrt();
            assertThatThrownBy(y::backward).isInstanceOf(AnomalyException.class)
                    .hasMessageContaining("'sqrt' produced a non-finite gradient")
                    .hasMessageContaining("AutogradTest");
        }
    }
}
