package dev.descent.nn;

import dev.descent.ShapeException;
import dev.descent.Tensor;
import java.util.Random;

/**
 * A 2-D convolutional layer, PyTorch's {@code nn.Conv2d(in, out, kernel, stride, padding, dilation,
 * groups, bias)}: {@code [batch, in, H, W]} (or {@code [in, H, W]}) → {@code [batch, out, outH, outW]}
 * with {@code outH = ⌊(H + 2·padding − dilation·(kernel − 1) − 1)/stride⌋ + 1} (the same for W); see
 * {@link Tensor#conv2d(Tensor, Tensor, int[], int[], int[], int)}.
 *
 * <p>Weight {@code [out, in/groups, kernel, kernel]} and bias {@code [out]}, PyTorch's layout and
 * names, so a PyTorch {@code state_dict} loads; both initialised as PyTorch does, from
 * U(−1/√fanIn, 1/√fanIn) with fanIn = in/groups·kernel².
 *
 * <pre>{@code
 * jshell> var conv = new Conv2d(1, 8, 3, Conv2d.Options.DEFAULT.withPadding(1), new Random(0));
 * jshell> conv.forward(Tensor.zeros(64, 1, 28, 28)).shape()
 * $2 ==> [64, 8, 28, 28]
 * }</pre>
 */
public final class Conv2d extends Module {
    private final int inChannels;
    private final int outChannels;
    private final int kernelSize;
    private final Options options;

    /**
     * Stride, zero padding and dilation (the same in both directions), channel groups and whether
     * the layer has a bias; PyTorch's defaults are 1, 0, 1, 1 and true.
     *
     * @param stride   the step between windows, at least 1
     * @param padding  zeros added on each side, at least 0
     * @param dilation the distance between a window's taps, at least 1
     * @param groups   channel groups, at least 1; in and out channels must be multiples of it
     * @param bias     whether to add a learned bias per output channel
     */
    public record Options(int stride, int padding, int dilation, int groups, boolean bias) {
        /** PyTorch's defaults: stride 1, no padding, dilation 1, one group, with bias. */
        public static final Options DEFAULT = new Options(1, 0, 1, 1, true);

        /**
         * Checks the values.
         *
         * @throws IllegalArgumentException for a stride, dilation or groups below 1 or negative padding
         */
        public Options {
            if (stride < 1 || padding < 0 || dilation < 1 || groups < 1) {
                throw new IllegalArgumentException("Conv2d: stride, dilation and groups must be at least 1 and padding at"
                        + " least 0, got stride " + stride + ", padding " + padding + ", dilation " + dilation
                        + ", groups " + groups);
            }
        }

        /** These options with another stride. */
        public Options withStride(int value) {
            return new Options(value, padding, dilation, groups, bias);
        }

        /** These options with another padding. */
        public Options withPadding(int value) {
            return new Options(stride, value, dilation, groups, bias);
        }

        /** These options with another dilation. */
        public Options withDilation(int value) {
            return new Options(stride, padding, value, groups, bias);
        }

        /** These options with another number of groups. */
        public Options withGroups(int value) {
            return new Options(stride, padding, dilation, value, bias);
        }

        /** These options with or without a bias. */
        public Options withBias(boolean value) {
            return new Options(stride, padding, dilation, groups, value);
        }
    }

    /** A layer with PyTorch's defaults (stride 1, no padding), initialised from {@code rng}. */
    public Conv2d(int inChannels, int outChannels, int kernelSize, Random rng) {
        this(inChannels, outChannels, kernelSize, Options.DEFAULT, rng);
    }

    /**
     * A layer with the given options, initialised from {@code rng}: the same seed gives the same weights.
     *
     * @throws IllegalArgumentException for channels or a kernel below 1, or channels that are not
     *                                  multiples of the groups
     */
    public Conv2d(int inChannels, int outChannels, int kernelSize, Options options, Random rng) {
        if (inChannels < 1 || outChannels < 1 || kernelSize < 1) {
            throw new IllegalArgumentException("Conv2d: channels and kernel size must be at least 1, got in "
                    + inChannels + ", out " + outChannels + ", kernel " + kernelSize);
        }
        if (inChannels % options.groups() != 0 || outChannels % options.groups() != 0) {
            throw new IllegalArgumentException("Conv2d: in channels " + inChannels + " and out channels " + outChannels
                    + " must be multiples of groups " + options.groups());
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernelSize = kernelSize;
        this.options = options;
        Tensor weight = registerParameter("weight",
                Tensor.zeros(outChannels, inChannels / options.groups(), kernelSize, kernelSize));
        // PyTorch's reset_parameters: kaiming_uniform_(a=√5), i.e. U(−1/√fanIn, 1/√fanIn), the bias alike
        Init.kaimingUniform(weight, Math.sqrt(5), Init.FanMode.FAN_IN, Init.Nonlinearity.LEAKY_RELU, rng);
        if (options.bias()) {
            double bound = 1 / Math.sqrt((double) inChannels / options.groups() * kernelSize * kernelSize);
            Init.uniform(registerParameter("bias", Tensor.zeros(outChannels)), -bound, bound, rng);
        }
    }

    /** {@code [batch, in, H, W]} → {@code [batch, out, outH, outW]}. */
    @Override
    public Tensor forward(Tensor input) {
        if ((input.dim() != 4 && input.dim() != 3) || input.shape().size(-3) != inChannels) {
            throw new ShapeException(name() + ": input has shape " + input.shape() + "; expected [batch, " + inChannels
                    + ", height, width] or [" + inChannels + ", height, width]");
        }
        int[] s = {options.stride()};
        int[] p = {options.padding()};
        int[] d = {options.dilation()};
        return input.conv2d(weight(), bias(), s, p, d, options.groups());
    }

    /** The weight, shape {@code [out, in/groups, kernel, kernel]}. */
    public Tensor weight() {
        return parameter("weight");
    }

    /** The bias, shape {@code [out]}, or null for a layer without bias. */
    public Tensor bias() {
        return options.bias() ? parameter("bias") : null;
    }

    /** Input channels. */
    public int inChannels() {
        return inChannels;
    }

    /** Output channels. */
    public int outChannels() {
        return outChannels;
    }

    /** The side of the square kernel. */
    public int kernelSize() {
        return kernelSize;
    }

    /** Stride, padding, dilation, groups and bias. */
    public Options options() {
        return options;
    }

    private String name() {
        return "Conv2d(" + inChannels + " → " + outChannels + ", " + kernelSize + "×" + kernelSize + ")";
    }

    @Override
    protected String extraRepr() {
        return inChannels + ", " + outChannels + ", kernelSize=" + kernelSize + ", stride=" + options.stride()
                + ", padding=" + options.padding() + (options.dilation() != 1 ? ", dilation=" + options.dilation() : "")
                + (options.groups() != 1 ? ", groups=" + options.groups() : "") + (options.bias() ? "" : ", bias=false");
    }
}
