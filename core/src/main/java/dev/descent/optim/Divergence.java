package dev.descent.optim;

/**
 * Watches a loss sequence for divergence: a NaN or infinite loss, or a loss a million times
 * larger than where it started (gradient descent with too large a step overshoots further on
 * every epoch, so the loss grows geometrically).
 */
public final class Divergence {
    private static final double GROWTH_LIMIT = 1e6;

    private final String what;
    private final double learningRate;
    private final String suggestion;
    private double start = Double.NaN;

    /**
     * @param what       the operation named in the message, e.g. {@code "fit"}
     * @param suggestion what to try, e.g. {@code "try a smaller learning rate or --standardize"}
     */
    public Divergence(String what, double learningRate, String suggestion) {
        this.what = what;
        this.learningRate = learningRate;
        this.suggestion = suggestion;
    }

    /** Records the loss after {@code epoch} (1-based; 0 for the start) and throws if it diverged. */
    public void check(int epoch, double loss) {
        if (!Double.isFinite(loss)) {
            throw new DivergenceException(what + ": loss became " + loss + " at epoch " + epoch + " (learning rate "
                    + learningRate + "); " + suggestion, epoch, suggestion);
        }
        if (Double.isNaN(start)) {
            start = loss;
        } else if (loss > GROWTH_LIMIT * Math.max(start, Double.MIN_NORMAL) && loss > 1e-300) {
            throw new DivergenceException(what + ": loss grew from " + start + " to " + loss + " by epoch " + epoch
                    + " (learning rate " + learningRate + "); " + suggestion, epoch, suggestion);
        }
    }

    /** The first loss recorded, or NaN if none yet. */
    public double startLoss() {
        return start;
    }
}
