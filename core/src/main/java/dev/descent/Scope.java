package dev.descent;

/**
 * An open mode such as {@link NoGrad#scope()} or {@link Autograd#detectAnomaly()}: use it in
 * try-with-resources; {@link #close()} restores the mode that was in force when it was opened.
 */
public final class Scope implements AutoCloseable {
    private final int[] depth;
    private final int restoreTo;
    private boolean closed;

    Scope(int[] depth, int restoreTo) {
        this.depth = depth;
        this.restoreTo = restoreTo;
    }

    /** Leaves the scope; closing twice is harmless. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            depth[0] = restoreTo;
        }
    }
}
