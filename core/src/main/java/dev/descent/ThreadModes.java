package dev.descent;

/**
 * The per-thread modes (no-grad depth, anomaly depth) behind {@link NoGrad} and
 * {@link Autograd#detectAnomaly()}, with a one-entry cache in front of the {@link ThreadLocal}.
 *
 * <p>Every recorded operation asks both modes. A {@code ThreadLocal} lookup per question showed
 * as the largest single cost of small operations in a profile (Boston gradient descent, about a
 * third of the samples), so the modes of the thread that asked last are kept in a static field:
 * one load and a comparison with {@link Thread#currentThread()}. The cached object is immutable
 * in its owner and only its owner touches the counters, so a race between threads can only cost
 * a cache miss, never a wrong answer. The cache holds at most one thread's object alive.
 */
final class ThreadModes {
    private static final ThreadLocal<ThreadModes> LOCAL = ThreadLocal.withInitial(ThreadModes::new);
    private static volatile ThreadModes last = LOCAL.get();

    private final Thread owner = Thread.currentThread();
    /** Open no-grad scopes; depth 0 means operations are recorded. */
    final Mode noGrad = new Mode();
    /** Open anomaly-detection scopes. */
    final Mode anomaly = new Mode();

    /** One mode of one thread: how deep it is set, and the innermost open scope that set it. */
    static final class Mode {
        int depth;
        Scope innermost;
    }

    private ThreadModes() {
    }

    /** The calling thread's modes. */
    static ThreadModes current() {
        ThreadModes m = last;
        if (m.owner == Thread.currentThread()) {
            return m;
        }
        m = LOCAL.get();
        last = m;
        return m;
    }
}
