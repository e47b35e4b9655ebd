package dev.descent.optim;

import static dev.descent.optim.OptimTesting.param;
import static dev.descent.optim.OptimTesting.setGrad;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradClipTest {
    @Test
    void clipGradNormScalesAllGradientsTogetherAndReturnsTheNormBefore() {
        Tensor a = param(0, 0);
        Tensor b = param(0);
        setGrad(a, 3, 4);
        setGrad(b, 12);
        double norm = GradClip.clipGradNorm(List.of(a, b), 6.5);
        assertThat(norm).isEqualTo(13.0);
        double c = 6.5 / (13.0 + 1e-6);
        assertThat(a.grad().toArray()).containsExactly(3 * c, 4 * c);
        assertThat(b.grad().toArray()).containsExactly(12 * c);
    }

    @Test
    void gradientsWithinTheLimitAreLeftUnchanged() {
        Tensor a = param(0, 0);
        setGrad(a, 3, 4);
        assertThat(GradClip.clipGradNorm(List.of(a), 10)).isEqualTo(5.0);
        assertThat(a.grad().toArray()).containsExactly(3, 4);
    }

    @Test
    void theInfinityNormIsTheLargestAbsoluteElement() {
        Tensor a = param(0, 0, 0);
        Tensor b = param(0);
        setGrad(a, 1, -7, 2);
        setGrad(b, 5);
        double norm = GradClip.clipGradNorm(List.of(a, b), 3.5, Double.POSITIVE_INFINITY);
        assertThat(norm).isEqualTo(7.0);
        assertThat(a.grad().toArray()[1]).isCloseTo(-3.5, within(1e-6));
    }

    @Test
    void otherNormTypesFollowTheirDefinition() {
        Tensor a = param(0, 0);
        setGrad(a, 3, -4);
        assertThat(GradClip.clipGradNorm(List.of(a), 100, 1.0)).isCloseTo(7.0, within(1e-12));
        assertThat(GradClip.clipGradNorm(List.of(a), 100, 3.0)).isCloseTo(Math.cbrt(27 + 64), within(1e-12));
    }

    @Test
    void parametersWithoutGradientsAreIgnored() {
        Tensor a = param(0, 0);
        Tensor b = param(0);
        setGrad(a, 3, 4);
        assertThat(GradClip.clipGradNorm(List.of(a, b), 1)).isEqualTo(5.0);
        assertThat(b.grad()).isNull();
        assertThat(GradClip.clipGradNorm(List.of(b), 1)).isZero();
    }

    @Test
    void clipGradValueLimitsEveryElement() {
        Tensor a = param(0, 0, 0, 0);
        setGrad(a, -3, 0.5, 2, -0.1);
        GradClip.clipGradValue(List.of(a), 1);
        assertThat(a.grad().toArray()).containsExactly(-1, 0.5, 1, -0.1);
    }

    @Test
    void negativeLimitsAreRejected() {
        Tensor a = param(0);
        assertThatThrownBy(() -> GradClip.clipGradNorm(List.of(a), -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("clipGradNorm: maxNorm must not be negative, got -1.0; a typical value is 1.0");
        assertThatThrownBy(() -> GradClip.clipGradNorm(List.of(a), 1, 0.5)).hasMessageContaining("norm type must be at least 1");
        assertThatThrownBy(() -> GradClip.clipGradValue(List.of(a), Double.NaN)).hasMessageContaining("clip must not be negative");
    }
}
