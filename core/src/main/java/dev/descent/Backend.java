package dev.descent;

import dev.descent.kernel.Kernels;

/**
 * How the numeric kernels run on this machine, like PyTorch's {@code torch.set_num_threads} and
 * {@code torch.backends}: the number of threads large products may use, whether the JDK's Vector
 * API is used, and the register tile chosen for the matrix product. Results never depend on these
 * settings (every element is computed in one fixed order); only the speed does.
 *
 * <pre>{@code
 * jshell> Backend.setThreads(1);       // or -Ddescent.threads=1
 * jshell> Backend.describe()
 * $2 ==> "matmul tile 5x2 (float64), 4x2 (float32), panels of 2048 and 2048 columns, 256-bit vectors, 1 thread, Vector API on, Java 25"
 * }</pre>
 */
public final class Backend {
    private Backend() {
    }

    /** The number of threads large kernels may use (system property {@code descent.threads}, else one per processor). */
    public static int threads() {
        return Kernels.threads();
    }

    /**
     * Sets the number of threads large kernels may use; 1 keeps all work on the calling thread. It may
     * be called at any time, also while other threads compute.
     *
     * @throws IllegalArgumentException if {@code count} is below 1
     */
    public static void setThreads(int count) {
        Kernels.setThreads(count);
    }

    /** Whether matrix products use the Vector API ({@code --add-modules jdk.incubator.vector}, not turned off). */
    public static boolean vectorApiEnabled() {
        return Kernels.vectorApiEnabled();
    }

    /**
     * Turns the Vector API path on or off, to compare it with the scalar path.
     *
     * @throws IllegalStateException when turning it on without the {@code jdk.incubator.vector} module
     */
    public static void setVectorApiEnabled(boolean enabled) {
        Kernels.setVectorApiEnabled(enabled);
    }

    /** The float64 matrix product's register tile, rows×vectors, e.g. {@code "5x2"} (chosen for the machine). */
    public static String matMulTile() {
        return Kernels.matMulTile();
    }

    /**
     * Forces the matrix product's register tile ({@code "4x2"}, {@code "5x2"}, {@code "6x2"}), or
     * {@code "auto"} for the machine's choice; for experiments and benchmarks.
     *
     * @throws IllegalArgumentException for a tile that does not exist
     */
    public static void setMatMulTile(String tile) {
        Kernels.setMatMulTile(tile);
    }

    /** One line on the kernels' choices here: the tile, the vector width, the threads, the Vector API and the JDK. */
    public static String describe() {
        return Kernels.describe();
    }
}
