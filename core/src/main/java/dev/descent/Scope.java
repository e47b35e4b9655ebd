package dev.descent;

/**
 * An open mode such as {@link NoGrad#scope()} or {@link Autograd#detectAnomaly()}: use it in
 * try-with-resources; {@link #close()} restores the mode that was in force when it was opened.
 * Scopes of one kind nest and close innermost first, as try-with-resources does.
 */
public final class Scope implements AutoCloseable {
    private final ThreadModes.Mode mode;
    private final int restoreTo;
    private final Scope outer;
    private boolean closed;

    /** Opens a scope that sets {@code mode} to {@code depth} until it is closed. */
    Scope(ThreadModes.Mode mode, int depth) {
        this.mode = mode;
        this.restoreTo = mode.depth;
        this.outer = mode.innermost;
        mode.depth = depth;
        mode.innermost = this;
    }

    /**
     * Leaves the scope; closing twice is harmless.
     *
     * @throws IllegalStateException if a scope of the same kind opened inside this one (on the same
     *     thread) is still open: closing out of order would leave the wrong mode in force
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (mode.innermost != this) {
            throw new IllegalStateException("Scope.close: a scope opened inside this one is still open; close scopes"
                    + " innermost first (try-with-resources does)");
        }
        closed = true;
        mode.depth = restoreTo;
        mode.innermost = outer;
    }
}
