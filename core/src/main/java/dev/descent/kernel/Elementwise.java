package dev.descent.kernel;

/**
 * The elementwise operations, named once for every element type: the loops are in
 * {@code ElementwiseF64} and its generated float32 copy, reached through {@link Storage}.
 */
public final class Elementwise {
    private Elementwise() {
    }

    /** Operations of one argument. */
    public enum Unary { NEG, EXP, LOG, LOG1P, SQRT, SIN, COS, TANH, SIGMOID, SIGN }

    /**
     * Operations of two arguments; comparisons give 1 for true and 0 for false. {@code THRESHOLD}
     * gives b where a is above 0 or NaN, else 0: relu is THRESHOLD(x, x) and its gradient
     * THRESHOLD(x, g), PyTorch's {@code threshold_backward}.
     */
    public enum Binary { ADD, SUB, MUL, DIV, POW, MAX, MIN, GT, LT, GE, LE, EQ, NE, THRESHOLD }
}
