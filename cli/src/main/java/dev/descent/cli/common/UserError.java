package dev.descent.cli.common;

/** Bad input from the user: the command prints the message as one line and exits with status 2. */
public class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserError(String message) {
        super(message);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
