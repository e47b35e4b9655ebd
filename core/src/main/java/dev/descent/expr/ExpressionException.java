package dev.descent.expr;

/**
 * A syntax error in an expression: the reason, the position, and a message that shows the
 * expression with a caret under that position.
 *
 * <pre>
 * unexpected ')' at column 5
 * sin()
 *     ^
 * </pre>
 */
public final class ExpressionException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    // Long expressions are shown as a window around the error, so that the message stays readable.
    private static final int CONTEXT = 40;

    private final String reason;
    private final int position;

    ExpressionException(String reason, String expression, int position) {
        // A caret under nothing says nothing: a blank expression gets the reason alone.
        super(expression.isBlank() ? reason : reason + System.lineSeparator() + excerpt(expression, position));
        this.reason = reason;
        this.position = position;
    }

    /** The one-line reason, without the expression and caret (it names the column, counted from 1). */
    public String reason() {
        return reason;
    }

    /** The 0-based index in the expression where the error was found (its length for the end). */
    public int position() {
        return position;
    }

    /** Two lines: the expression (or a window of it) and a caret under {@code position}. */
    private static String excerpt(String expression, int position) {
        int from = Math.max(0, position - CONTEXT);
        int to = Math.min(expression.length(), position + CONTEXT);
        String prefix = from > 0 ? "..." : "";
        String suffix = to < expression.length() ? "..." : "";
        StringBuilder shown = new StringBuilder(prefix);
        for (int i = from; i < to; i++) {
            char c = expression.charAt(i);
            // Tabs, newlines and other control characters would break the caret's alignment.
            shown.append(c < ' ' || c == 0x7f ? ' ' : c);
        }
        shown.append(suffix);
        String caret = " ".repeat(prefix.length() + position - from) + "^";
        return shown + System.lineSeparator() + caret;
    }
}
