package dev.descent.optim.schedule;

/**
 * Raises the learning rate linearly over the first {@code epochs} epochs, then follows
 * {@code then} from its own epoch 0: PyTorch's
 * {@code SequentialLR([LinearLR(start_factor, 1.0, total_iters=epochs), then], milestones=[epochs])}.
 *
 * <pre>
 * γₑ = γ₀ · (s + (1 − s) · e / epochs)        for e &lt; epochs
 * γₑ = then(γ₀, e − epochs)                   afterwards
 * </pre>
 * The default start factor s = 1/(epochs + 1) makes the warm-up γ₀/(w+1), 2γ₀/(w+1), ...,
 * w·γ₀/(w+1), never zero, reaching γ₀ exactly when {@code then} takes over.
 *
 * @param epochs the length of the warm-up, at least 1
 * @param startFactor s in (0, 1], the fraction of the base rate in epoch 0
 * @param then the schedule that follows the warm-up
 */
public record LinearWarmup(int epochs, double startFactor, LrLambda then) implements LrLambda {
    /** Checks every value. */
    public LinearWarmup {
        if (epochs < 1) {
            throw new IllegalArgumentException("LinearWarmup: the warm-up needs at least 1 epoch, got " + epochs
                    + "; leave the warm-up out for none");
        }
        if (!(startFactor > 0 && startFactor <= 1)) {
            throw new IllegalArgumentException("LinearWarmup: start factor must be in (0, 1], got " + startFactor);
        }
        if (then == null) {
            throw new IllegalArgumentException("LinearWarmup: the schedule after the warm-up is null;"
                    + " use LrLambda.constant() to keep the base rate");
        }
    }

    /** A warm-up of {@code epochs} epochs starting at 1/(epochs + 1) of the base rate, then {@code then}. */
    public LinearWarmup(int epochs, LrLambda then) {
        this(epochs, 1.0 / (epochs + 1), then);
    }

    @Override
    public double learningRate(double baseLr, int epoch) {
        if (epoch < epochs) {
            return baseLr * (startFactor + (1 - startFactor) * epoch / epochs);
        }
        return then.learningRate(baseLr, epoch - epochs);
    }
}
