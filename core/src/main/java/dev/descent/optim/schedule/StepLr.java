package dev.descent.optim.schedule;

/**
 * Decays the learning rate by {@code gamma} every {@code stepSize} epochs
 * ({@code torch.optim.lr_scheduler.StepLR}): γₑ = γ₀ · gamma^⌊e / stepSize⌋.
 *
 * @param stepSize epochs between decays, at least 1
 * @param gamma the decay factor, positive and finite (PyTorch's default is 0.1)
 */
public record StepLr(int stepSize, double gamma) implements LrLambda {
    /** Checks both values. */
    public StepLr {
        if (stepSize < 1) {
            throw new IllegalArgumentException("StepLr: step size must be at least 1 epoch, got " + stepSize);
        }
        Schedules.positiveFactor("StepLr", gamma);
    }

    @Override
    public double learningRate(double baseLr, int epoch) {
        return baseLr * Math.pow(gamma, Math.floorDiv(epoch, stepSize));
    }
}
