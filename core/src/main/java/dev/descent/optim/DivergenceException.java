package dev.descent.optim;

/**
 * Training or minimisation diverged: the loss became NaN or infinite, or grew by orders of
 * magnitude. The message names the epoch and the learning rate and suggests a fix, e.g.
 * {@code fit: loss became NaN at epoch 37 (learning rate 10); try a smaller learning rate}.
 */
public class DivergenceException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    private final int epoch;
    private final String suggestion;
    private final boolean stepSize;

    /**
     * Divergence at {@code epoch}: {@code message} ends with {@code "; " + suggestion}.
     *
     * @param message what happened, with the epoch and the learning rate, then the suggestion
     * @param epoch the epoch (1-based) at which it was detected
     * @param suggestion what to try, the end of the message
     */
    public DivergenceException(String message, int epoch, String suggestion) {
        this(message, epoch, suggestion, true);
    }

    /**
     * As {@link #DivergenceException(String, int, String)}; {@code stepSize} false when the step
     * size is not to blame (the function is undefined at the start, or has no minimum), so that no
     * caller replaces the message's advice with advice about the learning rate.
     */
    public DivergenceException(String message, int epoch, String suggestion, boolean stepSize) {
        super(message);
        this.epoch = epoch;
        this.suggestion = suggestion;
        this.stepSize = stepSize;
    }

    /**
     * The same divergence with another suggestion, for a caller that knows better what to try; this
     * one unchanged when the step size is not to blame.
     */
    public DivergenceException withSuggestion(String other) {
        if (!stepSize) {
            return this;
        }
        String m = getMessage();
        String head = m.endsWith("; " + suggestion) ? m.substring(0, m.length() - suggestion.length() - 2) : m;
        DivergenceException e = new DivergenceException(head + "; " + other, epoch, other);
        e.initCause(this);
        return e;
    }

    /** The epoch (1-based) at which divergence was detected. */
    public int epoch() {
        return epoch;
    }
}
