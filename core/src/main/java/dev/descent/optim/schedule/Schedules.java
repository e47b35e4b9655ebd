package dev.descent.optim.schedule;

/** Checks shared by the schedules. */
final class Schedules {
    private Schedules() {
    }

    static void positiveFactor(String op, double gamma) {
        if (!(gamma > 0) || Double.isInfinite(gamma)) {
            throw new IllegalArgumentException(op + ": gamma must be positive and finite, got " + gamma
                    + "; a factor below 1 (such as 0.1) decays the learning rate");
        }
    }
}
