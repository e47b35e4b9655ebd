package dev.descent.cli.common;

/** The exit status of every command: 0 on success, 2 on bad input, 1 on an internal error. */
public final class ExitCode {
    /** Success. */
    public static final int OK = 0;
    /** A bug: one line on standard error, never a stack trace (unless DESCENT_DEBUG is set). */
    public static final int INTERNAL_ERROR = 1;
    /** Bad input (an option, a file, a value): one readable line on standard error. */
    public static final int BAD_INPUT = 2;

    private ExitCode() {
    }
}
