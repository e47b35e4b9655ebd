package dev.descent;

/** Per-thread switch for anomaly detection; see {@link Autograd#detectAnomaly()}. */
final class Anomaly {
    private Anomaly() {
    }

    static boolean isEnabled() {
        return ThreadModes.current().anomaly[0] > 0;
    }

    static Scope enter() {
        int[] depth = ThreadModes.current().anomaly;
        depth[0]++;
        return new Scope(depth, depth[0] - 1);
    }
}
