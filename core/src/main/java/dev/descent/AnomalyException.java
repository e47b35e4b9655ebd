package dev.descent;

/**
 * A backward step produced NaN or infinity while {@link Autograd#detectAnomaly()} was on; the
 * message names the operation and where in the forward pass it was created.
 */
public class AnomalyException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    public AnomalyException(String message) {
        super(message);
    }
}
