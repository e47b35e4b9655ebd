package dev.descent;

/**
 * Thrown when the shapes of operands do not fit an operation; the message names the operation and
 * both shapes, e.g. {@code matmul: shapes [506, 13] and [12, 1] cannot be multiplied (13 != 12)}.
 */
public class ShapeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ShapeException(String message) {
        super(message);
    }
}
