package dev.descent;

/** Per-thread switch for anomaly detection; see {@link Autograd#detectAnomaly()}. */
final class Anomaly {
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private Anomaly() {
    }

    static boolean isEnabled() {
        return DEPTH.get()[0] > 0;
    }

    static Scope enter() {
        int[] depth = DEPTH.get();
        depth[0]++;
        return new Scope(depth, depth[0] - 1);
    }
}
