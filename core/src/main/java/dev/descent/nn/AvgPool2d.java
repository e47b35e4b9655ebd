package dev.descent.nn;

import dev.descent.Tensor;

/**
 * The mean of each window, PyTorch's {@code nn.AvgPool2d(kernel, stride, padding)} with its default
 * {@code count_include_pad=True} (padding counts as zeros): {@code [batch, C, H, W]} →
 * {@code [batch, C, outH, outW]}; see {@link Tensor#avgPool2d}.
 */
public final class AvgPool2d extends Module {
    private final int kernelSize;
    private final int stride;
    private final int padding;

    /** Windows of {@code kernelSize}² that do not overlap (stride = kernel size). */
    public AvgPool2d(int kernelSize) {
        this(kernelSize, kernelSize, 0);
    }

    /**
     * Windows of {@code kernelSize}², {@code stride} apart, over the input padded by {@code padding} zeros.
     *
     * @throws IllegalArgumentException for a kernel or stride below 1 or padding outside [0, kernel/2]
     */
    public AvgPool2d(int kernelSize, int stride, int padding) {
        if (kernelSize < 1 || stride < 1 || padding < 0 || padding > kernelSize / 2) {
            throw new IllegalArgumentException("AvgPool2d: kernel size and stride must be at least 1 and padding between"
                    + " 0 and half the kernel, got kernel " + kernelSize + ", stride " + stride + ", padding " + padding);
        }
        this.kernelSize = kernelSize;
        this.stride = stride;
        this.padding = padding;
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.avgPool2d(new int[] {kernelSize}, new int[] {stride}, new int[] {padding});
    }

    @Override
    protected String extraRepr() {
        return "kernelSize=" + kernelSize + ", stride=" + stride + ", padding=" + padding;
    }
}
