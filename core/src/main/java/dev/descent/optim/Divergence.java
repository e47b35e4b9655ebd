package dev.descent.optim;

import java.math.BigDecimal;
import java.math.MathContext;

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
        if (Double.isNaN(loss) && epoch == 0) {
            throw new DivergenceException(what + ": the function is not defined at the start (its value there is NaN);"
                    + " start inside its domain", 0, "start inside its domain", false);
        }
        if (loss == Double.NEGATIVE_INFINITY || (Double.isFinite(start) && loss < start - GROWTH_LIMIT * Math.max(Math.abs(start), 1))) {
            throw new DivergenceException(what + ": the value fell from " + number(start) + " to " + number(loss)
                    + " by epoch " + epoch + " and keeps falling: the function decreases without bound, so it has no"
                    + " minimum to find", epoch, "it has no minimum", false);
        }
        if (!Double.isFinite(loss)) {
            throw new DivergenceException(what + ": loss became " + number(loss) + " at epoch " + epoch
                    + " (learning rate " + number(learningRate) + "); " + suggestion, epoch, suggestion);
        }
        if (Double.isNaN(start)) {
            start = loss;
        } else if (loss > GROWTH_LIMIT * Math.max(start, Double.MIN_NORMAL) && loss > 1e-300) {
            throw new DivergenceException(what + ": loss grew from " + number(start) + " to " + number(loss) + " by epoch "
                    + epoch + " (learning rate " + number(learningRate) + "); " + suggestion, epoch, suggestion);
        }
    }

    /**
     * {@code v} to six significant digits as people write it: {@code 10}, {@code 592.147},
     * {@code 6.9686e9}, {@code 1e-7}; NaN and Infinity as Java names them.
     */
    public static String number(double v) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        if (v == 0) {
            return "0";
        }
        BigDecimal d = new BigDecimal(v).round(new MathContext(6)).stripTrailingZeros();
        double a = Math.abs(v);
        if (a >= 1e-4 && a < 1e7) {
            return d.toPlainString();
        }
        return d.toString().replace("E+", "e").replace('E', 'e');
    }

    /** The first loss recorded, or NaN if none yet. */
    public double startLoss() {
        return start;
    }
}
