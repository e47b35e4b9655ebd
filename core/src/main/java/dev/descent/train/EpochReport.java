package dev.descent.train;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What one epoch of {@link Trainer#fit} measured: the metrics over its training batches and, when
 * validation data was given, over that data in evaluation mode.
 *
 * <p>Training metrics are accumulated over the epoch's batches as they were trained (in training
 * mode, each batch with the weights before its step), as PyTorch loops and Keras report them;
 * no extra pass over the data is made.
 *
 * @param epoch the epoch, from 1
 * @param epochs the number of epochs the run was asked for
 * @param learningRate the learning rate used during this epoch
 * @param train the metrics on the training batches, in {@link Task#metrics()} order
 * @param validation the metrics on the validation data; empty without validation data
 */
public record EpochReport(int epoch, int epochs, double learningRate, Map<Metric, Double> train,
        Map<Metric, Double> validation) {
    /** Copies both maps (unmodifiable, in metric order). */
    public EpochReport {
        if (epoch < 1 || epochs < 1) {
            throw new IllegalArgumentException("EpochReport: epoch and epochs must be at least 1, got " + epoch
                    + " and " + epochs);
        }
        train = copy(train);
        validation = copy(validation);
    }

    /**
     * Training metric {@code metric}.
     *
     * @throws IllegalArgumentException when the task does not report it
     */
    public double train(Metric metric) {
        return get("train", train, metric);
    }

    /**
     * Validation metric {@code metric}.
     *
     * @throws IllegalArgumentException when there was no validation data or the task does not report it
     */
    public double validation(Metric metric) {
        return get("validation", validation, metric);
    }

    /** True when validation data was evaluated. */
    public boolean hasValidation() {
        return !validation.isEmpty();
    }

    private static double get(String split, Map<Metric, Double> metrics, Metric metric) {
        Double value = metrics.get(metric);
        if (value == null) {
            throw new IllegalArgumentException("EpochReport: no " + split + " metric '" + metric.key() + "'; this report has "
                    + metrics.keySet().stream().map(Metric::key).toList()
                    + (split.equals("validation") && metrics.isEmpty() ? " (fit was given no validation data)" : ""));
        }
        return value;
    }

    private static Map<Metric, Double> copy(Map<Metric, Double> metrics) {
        Map<Metric, Double> out = new EnumMap<>(Metric.class);
        if (metrics != null) {
            out.putAll(metrics);
        }
        return Collections.unmodifiableMap(out);
    }
}
