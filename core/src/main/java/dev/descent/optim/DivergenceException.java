package dev.descent.optim;

/**
 * Training or minimisation diverged: the loss became NaN or infinite, or grew by orders of
 * magnitude. The message names the epoch and the learning rate and suggests a fix, e.g.
 * {@code fit: loss became NaN at epoch 37 (learning rate 10.0); try a smaller learning rate}.
 */
public class DivergenceException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    private final int epoch;

    public DivergenceException(String message, int epoch) {
        super(message);
        this.epoch = epoch;
    }

    /** The epoch (1-based) at which divergence was detected. */
    public int epoch() {
        return epoch;
    }
}
