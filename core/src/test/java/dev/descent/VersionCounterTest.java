package dev.descent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Tensors that share storage share one version counter: a change through any alias is caught at backward. */
class VersionCounterTest {
    @Test
    void changingADetachedAliasOfASavedInputIsCaught() {
        Tensor x = Tensor.of(1.0, 2.0).requiresGrad(true);
        Tensor y = x.mul(x).sum();
        try (Scope s = NoGrad.scope()) {
            x.detach().mulInPlace(10);
        }
        assertThatThrownBy(y::backward).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("input 0 of 'mul' (shape [2]) was modified in place after it was used")
                .hasMessageContaining("detach()");
    }

    @Test
    void changingADetachedAliasOfASavedResultIsCaught() {
        Tensor x = Tensor.of(1.0, 2.0).requiresGrad(true);
        Tensor e = x.exp();
        e.detach().mulInPlace(0);
        assertThatThrownBy(() -> e.backward(Tensor.ones(2))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the result of 'exp' (shape [2]) was modified in place");
    }

    @Test
    void aResultNotReadByItsRuleMayChangeThroughAnAlias() {
        Tensor x = Tensor.of(1.0, 2.0).requiresGrad(true);
        Tensor y = x.mul(3.0);
        y.detach().mulInPlace(0);
        y.sum().backward();
        assertThat(x.grad().toArray()).containsExactly(3.0, 3.0);
    }

    @Test
    void aDetachedCopyIsIndependent() {
        Tensor x = Tensor.of(1.0, 2.0).requiresGrad(true);
        Tensor y = x.mul(x).sum();
        x.detach().clone().mulInPlace(10);
        y.backward();
        assertThat(x.grad().toArray()).containsExactly(2.0, 4.0);
    }
}
