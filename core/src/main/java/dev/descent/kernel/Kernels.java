package dev.descent.kernel;

/**
 * Settings shared by the kernels: how many threads large products may use, whether the JDK's
 * Vector API ({@code jdk.incubator.vector}) is used where it is present, and which register tile the
 * vector matrix product uses (chosen for the machine at start-up).
 *
 * <p>Results never depend on these settings: every output element is computed by one thread in a
 * fixed order, and the vector and scalar paths round identically (both use fused multiply-add in
 * the same order). Only the speed changes.
 *
 * <pre>{@code
 * jshell> Kernels.setThreads(1);      // or -Ddescent.threads=1
 * jshell> Kernels.vectorApiEnabled()  // true when run with --add-modules jdk.incubator.vector
 * jshell> Kernels.matMulTile()        // "5x2" with AVX2, "6x2" with AVX-512; -Ddescent.matmul.tile=4x2 forces one
 * }</pre>
 */
public final class Kernels {
    private static final boolean VECTOR_API_PRESENT =
            ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private static volatile int threads = initialThreads();
    private static volatile boolean vectorApiEnabled =
            VECTOR_API_PRESENT && !"false".equalsIgnoreCase(System.getProperty("descent.vector"));
    private static final int VECTOR_REGISTERS = Machine.vectorRegisters(Machine.vectorBits());
    /** The tile forced by {@link #setMatMulTile} or the system property; null: the machine's choice. */
    private static volatile Tile forcedTile = initialTile();

    private Kernels() {
    }

    /** The number of threads large kernels may use (system property {@code descent.threads}, else one per processor). */
    public static int threads() {
        return threads;
    }

    /**
     * Sets the number of threads large kernels may use; 1 keeps all work on the calling thread. It may
     * be called at any time, also while other threads multiply. Large products are split into this many
     * parts, run by the calling thread and at most one helper thread per further processor.
     */
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

    /**
     * Whether matrix products and the fused linear-regression step use the Vector API (system property
     * {@code descent.vector=false} turns it off).
     */
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
    }

    /**
     * The register tile of the float64 vector matrix product as rows×vectors, e.g. {@code "5x2"}: five
     * rows of A times two vectors of B. Chosen at start-up from the vector width and register count (see
     * {@code Tile.choose}; float32 products may get a smaller one), or forced for both with the system
     * property {@code descent.matmul.tile}. The scalar path (Vector API off) always uses 4×4.
     */
    public static String matMulTile() {
        return tileFor(Double.BYTES).label();
    }

    /**
     * Forces the vector matrix product's register tile, e.g. {@code "4x2"}, for experiments and
     * benchmarks; {@code "auto"} goes back to the machine's choice. Results are the same bits with
     * every tile; only the speed changes.
     */
    public static void setMatMulTile(String label) {
        forcedTile = label.trim().equalsIgnoreCase("auto") ? null : Tile.parse(label);
    }

    /**
     * One line on the choices made for this machine, e.g. {@code matmul tile 5x2 (float64), 4x2
     * (float32), panels of 2048 and 2048 columns, 256-bit vectors, 2 threads, Vector API on, Java 25}.
     */
    public static String describe() {
        return "matmul tile " + tileFor(Double.BYTES).label() + " (float64), " + tileFor(Float.BYTES).label()
                + " (float32), panels of " + BlockedMatMulF64.NC + " and " + BlockedMatMulF32.NC + " columns, "
                + Machine.vectorBits() + "-bit vectors, " + threads + (threads == 1 ? " thread" : " threads")
                + ", Vector API " + (vectorApiEnabled ? "on" : VECTOR_API_PRESENT ? "off" : "absent (add --add-modules"
                + " jdk.incubator.vector)") + ", Java " + Runtime.version().feature();
    }

    /** The vector tile for elements of {@code elementBytes} bytes, or null when products run on the scalar path. */
    static Tile vectorTile(int elementBytes) {
        return vectorApiEnabled ? tileFor(elementBytes) : null;
    }

    private static Tile tileFor(int elementBytes) {
        Tile forced = forcedTile;
        return forced != null ? forced : Tile.choose(VECTOR_REGISTERS, elementBytes);
    }

    private static Tile initialTile() {
        String p = System.getProperty("descent.matmul.tile");
        if (p != null && !p.trim().equalsIgnoreCase("auto")) {
            try {
                return Tile.parse(p);
            } catch (IllegalArgumentException e) {
                // as with descent.threads: a bad property must not stop the library from loading
            }
        }
        return null;
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
