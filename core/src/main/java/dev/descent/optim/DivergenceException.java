package dev.descent.optim;

/**
 * Training or minimisation diverged: the loss became NaN or infinite, or grew by orders of
 * magnitude. The message names the epoch and the learning rate and suggests a fix, e.g.
 * {@code fit: loss became NaN at epoch 37 (learning rate 10.0); try a smaller learning rate}.
 */
public class DivergenceException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    private final int epoch;
    private final String suggestion;

    /**
     * Divergence at {@code epoch}: {@code message} ends with {@code "; " + suggestion}.
     *
     * @param message what happened, with the epoch and the learning rate, then the suggestion
     * @param epoch the epoch (1-based) at which it was detected
     * @param suggestion what to try, the end of the message
     */
    public DivergenceException(String message, int epoch, String suggestion) {
        super(message);
        this.epoch = epoch;
        this.suggestion = suggestion;
    }

    /** The same divergence with another suggestion, for a caller that knows better what to try. */
    public DivergenceException withSuggestion(String other) {
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
