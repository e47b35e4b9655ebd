package dev.descent.train;

import java.util.List;

/** What a model predicts, which decides the metrics a {@link Trainer} reports besides the loss. */
public enum Task {
    /** Numbers, e.g. with {@code Loss::mse}: loss, MSE, RMSE, MAE and R². */
    REGRESSION(List.of(Metric.LOSS, Metric.MSE, Metric.RMSE, Metric.MAE, Metric.R2)),
    /** One of K classes from logits {@code [batch, K]}, e.g. with {@code Loss::crossEntropy}: loss and accuracy (argmax). */
    CLASSIFICATION(List.of(Metric.LOSS, Metric.ACCURACY)),
    /** Yes or no from one logit per sample, with {@code Loss::binaryCrossEntropyWithLogits}: loss and accuracy (logit &gt; 0). */
    BINARY_CLASSIFICATION(List.of(Metric.LOSS, Metric.ACCURACY));

    @SuppressWarnings("ImmutableEnumChecker") // List.of: unmodifiable, though its type cannot say so
    private final List<Metric> metrics;

    Task(List<Metric> metrics) {
        this.metrics = metrics;
    }

    /** The metrics reported for this task, in report order; the loss comes first. */
    public List<Metric> metrics() {
        return metrics;
    }
}
