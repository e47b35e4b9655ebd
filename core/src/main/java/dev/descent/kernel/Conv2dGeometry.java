package dev.descent.kernel;

/**
 * The sizes of a 2-D convolution or pooling over an NCHW batch, as PyTorch's {@code conv2d} takes
 * them: input {@code [n, channels, height, width]}, weight {@code [outChannels, channels/groups,
 * kernelH, kernelW]}, output {@code [n, outChannels, outH, outW]} with
 * {@code outH = ⌊(height + 2·padH − dilationH·(kernelH − 1) − 1)/strideH⌋ + 1} (the same for W).
 * Pooling uses it with {@code outChannels = groups = channels}.
 *
 * @param n         the batch size
 * @param channels  input channels C
 * @param height    input height H
 * @param width     input width W
 * @param outChannels output channels O (a multiple of groups)
 * @param kernelH   window height
 * @param kernelW   window width
 * @param strideH   vertical step between windows
 * @param strideW   horizontal step between windows
 * @param padH      zero rows added above and below
 * @param padW      zero columns added left and right
 * @param dilationH vertical distance between window taps
 * @param dilationW horizontal distance between window taps
 * @param groups    channel groups: group g sees input channels and makes output channels of its share
 */
public record Conv2dGeometry(int n, int channels, int height, int width, int outChannels, int kernelH, int kernelW,
        int strideH, int strideW, int padH, int padW, int dilationH, int dilationW, int groups) {

    /** Output height. */
    public int outH() {
        return (height + 2 * padH - dilationH * (kernelH - 1) - 1) / strideH + 1;
    }

    /** Output width. */
    public int outW() {
        return (width + 2 * padW - dilationW * (kernelW - 1) - 1) / strideW + 1;
    }

    /** Rows of one group's columns: the taps a group's output channel sums, (C/groups)·kH·kW. */
    int groupTaps() {
        return channels / groups * kernelH * kernelW;
    }

    /** Output positions per image, outH·outW. */
    int positions() {
        return outH() * outW();
    }
}
