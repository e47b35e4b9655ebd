package dev.descent.kernel;

/**
 * Settings shared by the kernels: how many threads large products may use, and whether the JDK's
 * Vector API ({@code jdk.incubator.vector}) is used where it is present.
 *
 * <p>Results never depend on these settings: every output element is computed by one thread in a
 * fixed order, and the vector and scalar paths round identically (both use fused multiply-add in
 * the same order). Only the speed changes.
 *
 * <pre>{@code
 * jshell> Kernels.setThreads(1);      // or -Ddescent.threads=1
 * jshell> Kernels.vectorApiEnabled()  // true when run with --add-modules jdk.incubator.vector
 * }</pre>
 */
public final class Kernels {
    private static final boolean VECTOR_API_PRESENT =
            ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private static volatile int threads = initialThreads();
    private static volatile boolean vectorApiEnabled =
            VECTOR_API_PRESENT && !"false".equalsIgnoreCase(System.getProperty("descent.vector"));
    private static volatile MicroKernel microKernel;

    private Kernels() {
    }

    /** The number of threads large kernels may use (system property {@code descent.threads}, else one per processor). */
    public static int threads() {
        return threads;
    }

    /** Sets the number of threads large kernels may use; 1 keeps all work on the calling thread. */
    public static void setThreads(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("setThreads: thread count must be at least 1, got " + count);
        }
        threads = count;
    }

    /** Whether the {@code jdk.incubator.vector} module is in this JVM (it needs {@code --add-modules jdk.incubator.vector}). */
    public static boolean vectorApiAvailable() {
        return VECTOR_API_PRESENT;
    }

    /** Whether matrix products use the Vector API (system property {@code descent.vector=false} turns it off). */
    public static boolean vectorApiEnabled() {
        return vectorApiEnabled;
    }

    /**
     * Turns the Vector API path on or off, e.g. to compare it with the scalar path; turning it on
     * needs the module to be present.
     */
    public static void setVectorApiEnabled(boolean enabled) {
        if (enabled && !VECTOR_API_PRESENT) {
            throw new IllegalStateException("setVectorApiEnabled: the jdk.incubator.vector module is not present;"
                    + " start the JVM with --add-modules jdk.incubator.vector");
        }
        vectorApiEnabled = enabled;
        microKernel = null;
    }

    /** The micro-kernel for the current setting; the vector class is only loaded when the module is present. */
    static MicroKernel microKernel() {
        MicroKernel k = microKernel;
        if (k == null) {
            k = vectorApiEnabled ? VectorMicroKernel.create() : ScalarMicroKernel.INSTANCE;
            microKernel = k;
        }
        return k;
    }

    private static int initialThreads() {
        String p = System.getProperty("descent.threads");
        if (p != null) {
            try {
                int n = Integer.parseInt(p.trim());
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // fall through to the default: a bad property must not stop the library from loading
            }
        }
        return Runtime.getRuntime().availableProcessors();
    }
}
