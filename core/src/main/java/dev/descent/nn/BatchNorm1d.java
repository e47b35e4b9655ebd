package dev.descent.nn;

/**
 * Normalises each feature over the batch, PyTorch's {@code nn.BatchNorm1d(features)}:
 * y = (x − μ)/√(σ² + ε)·γ + β; {@code [batch, features]} → {@code [batch, features]}, or
 * {@code [batch, features, length]} with statistics over batch and length. See {@link BatchNorm}
 * for the running statistics and options.
 *
 * <pre>{@code
 * jshell> var bn = new BatchNorm1d(2);
 * jshell> bn.forward(Tensor.of(new double[][] {{1, 10}, {3, 30}}));   // [[-1, -1], [1, 1]] (almost)
 * jshell> bn.stateDict().get("running_mean")                          // [0.2, 2.0]
 * }</pre>
 */
public final class BatchNorm1d extends BatchNorm {
    /** Normalises {@code features} features with PyTorch's defaults. */
    public BatchNorm1d(int features) {
        this(features, Options.DEFAULT);
    }

    /**
     * Normalises {@code features} features.
     *
     * @throws IllegalArgumentException if features is below 1
     */
    public BatchNorm1d(int features, Options options) {
        super(features, options);
    }

    @Override
    boolean acceptsRank(int rank) {
        return rank == 2 || rank == 3;
    }

    @Override
    String expected() {
        return "[batch, " + features() + "] or [batch, " + features() + ", length]";
    }
}
