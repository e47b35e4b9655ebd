package dev.descent.nn;

import dev.descent.Tensor;

/**
 * The maximum of each window, PyTorch's {@code nn.MaxPool2d(kernel, stride, padding, dilation)}:
 * {@code [batch, C, H, W]} → {@code [batch, C, outH, outW]}, sizes as {@link Conv2d}'s. The gradient
 * goes to each window's first maximum, as PyTorch's; see {@link Tensor#maxPool2d}.
 */
public final class MaxPool2d extends Module {
    private final int kernelSize;
    private final int stride;
    private final int padding;
    private final int dilation;

    /** Windows of {@code kernelSize}² that do not overlap (stride = kernel size). */
    public MaxPool2d(int kernelSize) {
        this(kernelSize, kernelSize, 0, 1);
    }

    /**
     * Windows of {@code kernelSize}², {@code stride} apart, over the input padded by {@code padding}
     * (at most half the kernel), taps {@code dilation} apart.
     *
     * @throws IllegalArgumentException for a kernel, stride or dilation below 1 or padding outside [0, kernel/2]
     */
    public MaxPool2d(int kernelSize, int stride, int padding, int dilation) {
        if (kernelSize < 1 || stride < 1 || dilation < 1 || padding < 0 || padding > kernelSize / 2) {
            throw new IllegalArgumentException("MaxPool2d: kernel size, stride and dilation must be at least 1 and padding"
                    + " between 0 and half the kernel, got kernel " + kernelSize + ", stride " + stride + ", padding "
                    + padding + ", dilation " + dilation);
        }
        this.kernelSize = kernelSize;
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.maxPool2d(new int[] {kernelSize}, new int[] {stride}, new int[] {padding}, new int[] {dilation});
    }

    /** The side of the square window. */
    public int kernelSize() {
        return kernelSize;
    }

    /** The step between windows. */
    public int stride() {
        return stride;
    }

    /** The padding on each side. */
    public int padding() {
        return padding;
    }

    @Override
    protected String extraRepr() {
        return "kernelSize=" + kernelSize + ", stride=" + stride + ", padding=" + padding
                + (dilation != 1 ? ", dilation=" + dilation : "");
    }
}
