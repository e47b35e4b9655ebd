package dev.descent.nn;

import dev.descent.ShapeException;
import dev.descent.Tensor;
import java.util.Random;

/**
 * A fully connected layer, PyTorch's {@code nn.Linear}: y = x·Wᵀ + b.
 *
 * <p>Shapes: weight W is {@code [out, in]}, bias b is {@code [out]}; the input is
 * {@code [batch, in]} → {@code [batch, out]}, or a single sample {@code [in]} → {@code [out]}
 * (any leading dimensions are batch dimensions). Both are initialised as PyTorch does by
 * default, from U(-1/√in, 1/√in): Kaiming-uniform with a = √5 for the weight, the same bound for
 * the bias.
 *
 * <pre>{@code
 * jshell> var layer = new Linear(13, 1, new Random(0));
 * jshell> layer.forward(Tensor.zeros(506, 13)).shape()
 * $2 ==> [506, 1]
 * jshell> layer.forward(Tensor.zeros(506, 12))
 * |  Exception dev.descent.ShapeException: Linear(13 → 1): input has shape [506, 12]; expected [..., 13]
 * }</pre>
 */
public final class Linear extends Module {
    private final int inFeatures;
    private final int outFeatures;
    private final boolean hasBias;

    /** A layer with a bias, initialised from {@code rng}: the same seed gives the same weights. */
    public Linear(int inFeatures, int outFeatures, Random rng) {
        this(inFeatures, outFeatures, true, rng);
    }

    /** A layer with or without a bias ({@code nn.Linear(in, out, bias=False)}). */
    public Linear(int inFeatures, int outFeatures, boolean bias, Random rng) {
        if (inFeatures < 1 || outFeatures < 1) {
            throw new IllegalArgumentException("Linear: in and out features must be at least 1, got " + inFeatures
                    + " and " + outFeatures);
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.hasBias = bias;
        Tensor weight = registerParameter("weight", Tensor.zeros(outFeatures, inFeatures));
        // PyTorch's reset_parameters: kaiming_uniform_(a=√5) gives the bound √(1/3)·√(3/in) = 1/√in.
        Init.kaimingUniform(weight, Math.sqrt(5), Init.FanMode.FAN_IN, Init.Nonlinearity.LEAKY_RELU, rng);
        if (bias) {
            double bound = 1 / Math.sqrt(inFeatures);
            Init.uniform(registerParameter("bias", Tensor.zeros(outFeatures)), -bound, bound, rng);
        }
    }

    /** [..., in] → [..., out]. */
    @Override
    public Tensor forward(Tensor input) {
        if (input.dim() == 0 || input.shape().size(-1) != inFeatures) {
            throw new ShapeException(name() + ": input has shape " + input.shape() + "; expected [..., "
                    + inFeatures + "]");
        }
        return input.linear(weight(), bias());
    }

    /** The weight W, shape {@code [out, in]}. */
    public Tensor weight() {
        return parameter("weight");
    }

    /** The bias b, shape {@code [out]}, or null for a layer without bias. */
    public Tensor bias() {
        return hasBias ? parameter("bias") : null;
    }

    /** Number of input features. */
    public int inFeatures() {
        return inFeatures;
    }

    /** Number of output features. */
    public int outFeatures() {
        return outFeatures;
    }

    private String name() {
        return "Linear(" + inFeatures + " → " + outFeatures + ")";
    }

    @Override
    protected String extraRepr() {
        return "in=" + inFeatures + ", out=" + outFeatures + ", bias=" + hasBias;
    }
}
