package dev.descent.optim;

/**
 * Checks of optimizer hyperparameters, shared so that every optimizer words its errors the same
 * way: {@code <optimizer>: <name> must be ..., got <value>; <what to do>}.
 */
final class Hyper {
    private Hyper() {
    }

    static double learningRate(String op, double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException(op + ": learning rate must be finite and not negative, got " + lr
                    + "; use a small positive value such as 0.01");
        }
        return lr;
    }

    static double nonNegative(String op, String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(op + ": " + name + " must be finite and not negative, got " + value
                    + "; use 0 to turn it off");
        }
        return value;
    }

    /** A decay factor such as a beta or momentum: {@code 0 ≤ value < 1}. */
    static double belowOne(String op, String name, double value, String typical) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(op + ": " + name + " must be in [0, 1), got " + value
                    + "; a typical value is " + typical);
        }
        return value;
    }

    /** A fraction such as dampening or RMSprop's alpha: {@code 0 ≤ value ≤ 1}. */
    static double unit(String op, String name, double value, String typical) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(op + ": " + name + " must be in [0, 1], got " + value
                    + "; a typical value is " + typical);
        }
        return value;
    }
}
