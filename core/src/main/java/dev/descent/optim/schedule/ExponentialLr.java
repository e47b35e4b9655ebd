package dev.descent.optim.schedule;

/**
 * Decays the learning rate by {@code gamma} every epoch
 * ({@code torch.optim.lr_scheduler.ExponentialLR}): γₑ = γ₀ · gammaᵉ.
 *
 * @param gamma the decay factor, positive and finite (e.g. 0.95)
 */
public record ExponentialLr(double gamma) implements LrLambda {
    /** Checks the factor. */
    public ExponentialLr {
        Schedules.positiveFactor("ExponentialLr", gamma);
    }

    @Override
    public double learningRate(double baseLr, int epoch) {
        return baseLr * Math.pow(gamma, epoch);
    }
}
