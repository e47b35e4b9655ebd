package dev.descent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Pooling where PyTorch's rules meet infinities and windows outside the image. */
class ConvolutionEdgeTest {
    private static final int[] ONE = {1};

    @Test
    void anInfinityReachesOnlyTheAdaptiveWindowsThatHoldIt() {
        double[] v = new double[16];
        v[0] = Double.POSITIVE_INFINITY;
        Tensor x = Tensor.of(v).reshape(1, 1, 4, 4);
        // 4×4 → 2×2: windows of 2×2; only the top-left one holds the infinity
        assertThat(x.adaptiveAvgPool2d(2, 2).toArray()).containsExactly(Double.POSITIVE_INFINITY, 0, 0, 0);
    }

    @Test
    void aMaxPoolingWindowWhollyInThePaddingIsRefused() {
        Tensor x = Tensor.zeros(1, 1, 4, 4);
        assertThatThrownBy(() -> x.maxPool2d(new int[] {2}, ONE, ONE, new int[] {5}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("max_pool2d: with padding [1] and dilation [5] a window of input [1, 1, 4, 4] lies wholly in"
                        + " the padding; use less padding or dilation");
    }

    @Test
    void paddingTooLargeForAnIntIsAShapeErrorNotAnOverflow() {
        Tensor x = Tensor.zeros(1, 1, 4, 4);
        assertThatThrownBy(() -> x.conv2d(Tensor.zeros(1, 1, 1, 1), null, ONE, new int[] {Integer.MAX_VALUE / 2}, ONE, 1))
                .isInstanceOf(ShapeException.class).hasMessageContaining("is too large");
    }
}
