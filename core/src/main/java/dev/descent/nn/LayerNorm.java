package dev.descent.nn;

import dev.descent.ShapeException;
import dev.descent.Tensor;

/**
 * Normalises each sample over its last dimension, PyTorch's {@code nn.LayerNorm(features)}:
 * y = (x − μ)/√(σ² + ε)·γ + β, with μ and the biased variance σ² taken over the last dimension
 * of every sample; {@code [..., features]} → {@code [..., features]}.
 *
 * <p>The elementwise affine weight γ (ones) and bias β (zeros) have shape {@code [features]};
 * ε = 1e-5. The same computation runs in training and evaluation mode.
 *
 * <pre>{@code
 * jshell> new LayerNorm(3).forward(Tensor.of(new double[][] {{1, 2, 3}}))
 * $1 ==> tensor([[-1.2247,  0.0000,  1.2247]], shape=[1, 3], gradFn=add)
 * }</pre>
 */
public final class LayerNorm extends Module {
    private final int features;
    private final Options options;

    /** ε and whether to learn γ and β, as PyTorch's {@code eps} and {@code elementwise_affine}. */
    public record Options(double eps, boolean elementwiseAffine) {
        /** ε = 1e-5 with γ and β, PyTorch's defaults. */
        public static final Options DEFAULT = new Options(1e-5, true);

        public Options {
            if (!(eps > 0)) {
                throw new IllegalArgumentException("LayerNorm: eps must be > 0, got " + eps);
            }
        }
    }

    /** Normalises over a last dimension of size {@code features}, with PyTorch's defaults. */
    public LayerNorm(int features) {
        this(features, Options.DEFAULT);
    }

    /** Normalises over a last dimension of size {@code features}. */
    public LayerNorm(int features, Options options) {
        if (features < 1) {
            throw new IllegalArgumentException("LayerNorm: features must be at least 1, got " + features);
        }
        this.features = features;
        this.options = options;
        if (options.elementwiseAffine()) {
            registerParameter("weight", Tensor.ones(features));
            registerParameter("bias", Tensor.zeros(features));
        }
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input.dim() == 0 || input.shape().size(-1) != features) {
            throw new ShapeException("LayerNorm(" + features + "): input has shape " + input.shape()
                    + "; expected [..., " + features + "]");
        }
        Tensor centred = input.sub(input.mean(-1, true));
        Tensor variance = centred.square().mean(-1, true);
        Tensor y = centred.div(variance.add(options.eps()).sqrt());
        return options.elementwiseAffine() ? y.mul(parameter("weight")).add(parameter("bias")) : y;
    }

    /** The size of the normalised last dimension. */
    public int features() {
        return features;
    }

    @Override
    protected String extraRepr() {
        return "features=" + features + ", eps=" + options.eps() + ", elementwiseAffine=" + options.elementwiseAffine();
    }
}
