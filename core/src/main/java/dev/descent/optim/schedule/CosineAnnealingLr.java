package dev.descent.optim.schedule;

/**
 * Anneals the learning rate along half a cosine from its base value to {@code etaMin} over
 * {@code tMax} epochs ({@code torch.optim.lr_scheduler.CosineAnnealingLR}):
 * γₑ = η_min + (γ₀ − η_min) · (1 + cos(π·e / T_max)) / 2.
 *
 * <p>Like PyTorch's closed form, the cosine continues past {@code tMax} (rising again); pick
 * {@code tMax} as the number of epochs to train.
 *
 * @param tMax the number of epochs to reach {@code etaMin}, at least 1
 * @param etaMin the final learning rate, finite and not negative (PyTorch's default is 0)
 */
public record CosineAnnealingLr(int tMax, double etaMin) implements LrLambda {
    /** Checks both values. */
    public CosineAnnealingLr {
        if (tMax < 1) {
            throw new IllegalArgumentException("CosineAnnealingLr: tMax must be at least 1 epoch, got " + tMax
                    + "; use the number of epochs you train for");
        }
        if (!(etaMin >= 0) || Double.isInfinite(etaMin)) {
            throw new IllegalArgumentException("CosineAnnealingLr: etaMin must be finite and not negative, got " + etaMin);
        }
    }

    /** Annealing to 0 over {@code tMax} epochs. */
    public CosineAnnealingLr(int tMax) {
        this(tMax, 0.0);
    }

    @Override
    public double learningRate(double baseLr, int epoch) {
        return etaMin + (baseLr - etaMin) * (1 + Math.cos(Math.PI * epoch / tMax)) / 2;
    }
}
