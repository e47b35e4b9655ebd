package dev.descent.nn;

import dev.descent.Tensor;

/**
 * Averages each image to a fixed size whatever its input size, PyTorch's
 * {@code nn.AdaptiveAvgPool2d((outH, outW))}: {@code [batch, C, H, W]} → {@code [batch, C, outH, outW]};
 * see {@link Tensor#adaptiveAvgPool2d}.
 */
public final class AdaptiveAvgPool2d extends Module {
    private final int outH;
    private final int outW;

    /** Averages to {@code size×size}. */
    public AdaptiveAvgPool2d(int size) {
        this(size, size);
    }

    /**
     * Averages to {@code outH×outW}.
     *
     * @throws IllegalArgumentException for a size below 1
     */
    public AdaptiveAvgPool2d(int outH, int outW) {
        if (outH < 1 || outW < 1) {
            throw new IllegalArgumentException("AdaptiveAvgPool2d: output size must be at least 1×1, got " + outH + "×"
                    + outW);
        }
        this.outH = outH;
        this.outW = outW;
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.adaptiveAvgPool2d(outH, outW);
    }

    @Override
    protected String extraRepr() {
        return "outputSize=" + outH + "×" + outW;
    }
}
