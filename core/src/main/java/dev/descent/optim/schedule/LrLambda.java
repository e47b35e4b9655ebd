package dev.descent.optim.schedule;

/**
 * A learning rate as a closed-form function of the epoch, like the {@code _get_closed_form_lr} of
 * PyTorch's schedulers: {@code lr = f(baseLr, epoch)}. Schedules hold no state and compose
 * ({@link LinearWarmup} wraps another); an {@link LrScheduler} applies one to an optimizer.
 *
 * <pre>{@code
 * LrLambda schedule = new LinearWarmup(5, new CosineAnnealingLr(95, 0.0));
 * schedule.learningRate(0.1, 0)    // 0.1 / 6, the first warm-up epoch
 * }</pre>
 */
@FunctionalInterface
public interface LrLambda {
    /**
     * The learning rate for {@code epoch} (0 for the first epoch) when the optimizer was made with
     * {@code baseLr}; finite and not negative for a finite, positive {@code baseLr}.
     */
    double learningRate(double baseLr, int epoch);

    /** The schedule that keeps the base learning rate: what training without a schedule does. */
    static LrLambda constant() {
        return (baseLr, epoch) -> baseLr;
    }
}
