package dev.descent.train;

import java.util.Locale;

/**
 * A number a {@link Trainer} reports per epoch, on the training batches and on the validation
 * data; early stopping watches one of them. The values come from {@link dev.descent.metrics}.
 */
public enum Metric {
    /** The training loss function's value (mean over samples for a mean-reduced loss). */
    LOSS(false),
    /** The fraction of samples classified correctly. */
    ACCURACY(true),
    /** Mean squared error. */
    MSE(false),
    /** Root mean squared error. */
    RMSE(false),
    /** Mean absolute error. */
    MAE(false),
    /** The coefficient of determination R². */
    R2(true);

    private final boolean higherIsBetter;

    Metric(boolean higherIsBetter) {
        this.higherIsBetter = higherIsBetter;
    }

    /** The lower-case name used in JSON and checkpoints: {@code loss}, {@code accuracy}, {@code r2}, ... */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True for accuracy and R², false for the losses and errors. */
    public boolean higherIsBetter() {
        return higherIsBetter;
    }

    /** True when {@code candidate} is strictly better than {@code best}; NaN is never better. */
    public boolean isBetter(double candidate, double best) {
        return higherIsBetter ? candidate > best : candidate < best;
    }

    /**
     * The metric called {@code key} (any case).
     *
     * @throws IllegalArgumentException naming the accepted keys
     */
    public static Metric parse(String key) {
        for (Metric m : values()) {
            if (m.key().equalsIgnoreCase(key == null ? "" : key.strip())) {
                return m;
            }
        }
        throw new IllegalArgumentException("metric '" + key + "' is unknown; expected loss, accuracy, mse, rmse, mae or r2");
    }
}
