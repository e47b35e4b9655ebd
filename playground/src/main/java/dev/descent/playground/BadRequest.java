package dev.descent.playground;

/** A request the server refuses, with the HTTP status and one line for the page to show. */
final class BadRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    BadRequest(String message) {
        this(400, message);
    }

    BadRequest(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
