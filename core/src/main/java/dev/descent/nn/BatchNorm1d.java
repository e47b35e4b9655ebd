package dev.descent.nn;

import dev.descent.NoGrad;
import dev.descent.Scope;
import dev.descent.ShapeException;
import dev.descent.Tensor;

/**
 * Normalises each feature over the batch, PyTorch's {@code nn.BatchNorm1d(features)}:
 * y = (x − μ)/√(σ² + ε)·γ + β; {@code [batch, features]} → {@code [batch, features]}, or
 * {@code [batch, features, length]} with statistics over batch and length.
 *
 * <p>In training mode μ and σ² are the batch's mean and biased variance, and the buffers
 * {@code running_mean} and {@code running_var} move towards the batch's mean and <em>unbiased</em>
 * variance: r ← (1 − momentum)·r + momentum·batch, momentum 0.1; {@code num_batches_tracked}
 * counts the updates. With momentum {@code null} (PyTorch's {@code momentum=None}) the running
 * values are the plain average of every batch so far: the factor is 1/num_batches_tracked. In evaluation mode μ and σ² are the running values. γ (ones) and β
 * (zeros) have shape {@code [features]}; ε = 1e-5. All of this is PyTorch's behaviour, so a
 * saved {@link #stateDict()} has the same five entries.
 *
 * <pre>{@code
 * jshell> var bn = new BatchNorm1d(2);
 * jshell> bn.forward(Tensor.of(new double[][] {{1, 10}, {3, 30}}));   // [[-1, -1], [1, 1]] (almost)
 * jshell> bn.stateDict().get("running_mean")                          // [0.2, 2.0]
 * }</pre>
 */
public final class BatchNorm1d extends Module {
    private final int features;
    private final Options options;

    /**
     * ε, the momentum of the running statistics ({@code null} for a cumulative average) and whether
     * to learn γ and β (PyTorch's {@code affine}).
     */
    public record Options(double eps, Double momentum, boolean affine) {
        /** ε = 1e-5, momentum 0.1, with γ and β: PyTorch's defaults. */
        public static final Options DEFAULT = new Options(1e-5, 0.1, true);

        /**
         * Checks the values.
         *
         * @throws IllegalArgumentException if eps is not positive or momentum is outside [0, 1]
         */
        public Options {
            if (!(eps > 0) || (momentum != null && !(momentum >= 0 && momentum <= 1))) {
                throw new IllegalArgumentException("BatchNorm1d: eps must be > 0 and momentum in [0, 1] (or null), got eps "
                        + eps + " and momentum " + momentum);
            }
        }

        /** These options with another momentum; {@code null} averages every batch equally (cumulative average). */
        public Options withMomentum(Double value) {
            return new Options(eps, value, affine);
        }
    }

    /** Normalises {@code features} features with PyTorch's defaults. */
    public BatchNorm1d(int features) {
        this(features, Options.DEFAULT);
    }

    /** Normalises {@code features} features. */
    public BatchNorm1d(int features, Options options) {
        if (features < 1) {
            throw new IllegalArgumentException("BatchNorm1d: features must be at least 1, got " + features);
        }
        this.features = features;
        this.options = options;
        if (options.affine()) {
            registerParameter("weight", Tensor.ones(features));
            registerParameter("bias", Tensor.zeros(features));
        }
        registerBuffer("running_mean", Tensor.zeros(features));
        registerBuffer("running_var", Tensor.ones(features));
        registerBuffer("num_batches_tracked", Tensor.zeros());
    }

    @Override
    public Tensor forward(Tensor input) {
        boolean fits = (input.dim() == 2 || input.dim() == 3) && input.shape().size(1) == features;
        if (!fits) {
            throw new ShapeException("BatchNorm1d(" + features + "): input has shape " + input.shape()
                    + "; expected [batch, " + features + "] or [batch, " + features + ", length]");
        }
        int[] axes = input.dim() == 2 ? new int[] {0} : new int[] {0, 2};
        // Per-feature tensors broadcast as [features] against [batch, features], as [features, 1] against 3 dimensions.
        int[] perFeature = input.dim() == 2 ? new int[] {features} : new int[] {features, 1};
        Tensor mean;
        Tensor variance;
        if (isTraining()) {
            int n = input.numel() / features;
            if (n < 2) {
                throw new ShapeException("BatchNorm1d(" + features + "): input has shape " + input.shape()
                        + "; training needs more than one value per feature (use eval() for single samples)");
            }
            mean = input.mean(axes, true);
            Tensor squares = input.sub(mean).square().sum(axes, true);
            variance = squares.div(n);
            updateRunningStatistics(mean, squares, n);
        } else {
            mean = buffer("running_mean").reshape(perFeature);
            variance = buffer("running_var").reshape(perFeature);
        }
        Tensor y = input.sub(mean).div(variance.add(options.eps()).sqrt());
        if (!options.affine()) {
            return y;
        }
        return y.mul(parameter("weight").reshape(perFeature)).add(parameter("bias").reshape(perFeature));
    }

    private void updateRunningStatistics(Tensor mean, Tensor squares, int n) {
        Scope scope = NoGrad.scope();
        try (scope) {
            Tensor tracked = buffer("num_batches_tracked");
            tracked.addInPlace(Tensor.of(1.0));
            double m = options.momentum() != null ? options.momentum() : 1.0 / tracked.item();
            Tensor unbiased = squares.div(n - 1).reshape(features);
            Tensor runningMean = buffer("running_mean");
            Tensor runningVar = buffer("running_var");
            runningMean.copyInPlace(runningMean.mul(1 - m).add(mean.reshape(features).mul(m)));
            runningVar.copyInPlace(runningVar.mul(1 - m).add(unbiased.mul(m)));
        }
    }

    /** The number of features (channels) normalised. */
    public int features() {
        return features;
    }

    @Override
    protected String extraRepr() {
        return "features=" + features + ", eps=" + options.eps() + ", momentum=" + options.momentum()
                + ", affine=" + options.affine();
    }
}
