package dev.descent.nn;

import dev.descent.NoGrad;
import dev.descent.Scope;
import dev.descent.ShapeException;
import dev.descent.Tensor;

/**
 * Batch normalisation, PyTorch's {@code _BatchNorm}: y = (x − μ)/√(σ² + ε)·γ + β per feature
 * (channel, dimension 1), with statistics over every other dimension; {@link BatchNorm1d} takes
 * {@code [batch, features]} or {@code [batch, features, length]}, {@link BatchNorm2d}
 * {@code [batch, channels, height, width]}.
 *
 * <p>In training mode μ and σ² are the batch's mean and biased variance, and the buffers
 * {@code running_mean} and {@code running_var} move towards the batch's mean and <em>unbiased</em>
 * variance: r ← (1 − momentum)·r + momentum·batch, momentum 0.1; {@code num_batches_tracked}
 * counts the updates. With momentum {@code null} (PyTorch's {@code momentum=None}) the running
 * values are the plain average of every batch so far: the factor is 1/num_batches_tracked. In evaluation mode μ and σ² are the running values. γ (ones) and β
 * (zeros) have shape {@code [features]}; ε = 1e-5. All of this is PyTorch's behaviour, so a
 * saved {@link #stateDict()} has the same five entries.
 *
 */
public abstract sealed class BatchNorm extends Module permits BatchNorm1d, BatchNorm2d {
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
                throw new IllegalArgumentException("BatchNorm: eps must be > 0 and momentum in [0, 1] (or null), got eps "
                        + eps + " and momentum " + momentum);
            }
        }

        /** These options with another momentum; {@code null} averages every batch equally (cumulative average). */
        public Options withMomentum(Double value) {
            return new Options(eps, value, affine);
        }
    }

    /** Normalises {@code features} features (channels). */
    BatchNorm(int features, Options options) {
        if (features < 1) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": features must be at least 1, got "
                    + features);
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

    /** Whether the input's rank is one this layer takes (its feature dimension is 1). */
    abstract boolean acceptsRank(int rank);

    /** The shapes the layer takes, for errors: {@code "[batch, 3] or [batch, 3, length]"}. */
    abstract String expected();

    @Override
    public Tensor forward(Tensor input) {
        if (!acceptsRank(input.dim()) || input.shape().size(1) != features) {
            throw new ShapeException(name() + ": input has shape " + input.shape() + "; expected " + expected());
        }
        // statistics over every dimension but 1; per-feature tensors broadcast as [features, 1, ...]
        int[] axes = new int[input.dim() - 1];
        int[] perFeature = new int[input.dim() - 1];
        java.util.Arrays.fill(perFeature, 1);
        perFeature[0] = features;
        for (int d = 0, a = 0; d < input.dim(); d++) {
            if (d != 1) {
                axes[a++] = d;
            }
        }
        Tensor mean;
        Tensor variance;
        if (isTraining()) {
            int n = input.numel() / features;
            if (n < 2) {
                throw new ShapeException(name() + ": input has shape " + input.shape()
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

    /** The layer as errors name it: {@code BatchNorm1d(3)}. */
    final String name() {
        return getClass().getSimpleName() + "(" + features + ")";
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
