package dev.descent.kernel;

/**
 * Packing buffers kept per thread between products, so that small and medium products do not pay
 * for allocating and zeroing them on every call (that cost up to half the speed of products between
 * 16³ and 64³ when measured). A thread keeps at most one A block and one B panel:
 * {@code MC×KC + KC×NC} doubles, at most about 4.3 MiB in float64.
 */
final class WorkspaceF64 {
    private static final ThreadLocal<WorkspaceF64> LOCAL = ThreadLocal.withInitial(WorkspaceF64::new);

    private double[] a = new double[0];
    private double[] b = new double[0];
    private double[] tile = new double[0];

    private WorkspaceF64() {
    }

    /** This thread's workspace; a product must not be running on this thread already. */
    static WorkspaceF64 get() {
        return LOCAL.get();
    }

    /** A buffer of at least {@code size} doubles for packed A; its contents are undefined. */
    double[] a(int size) {
        if (a.length < size) {
            a = new double[size];
        }
        return a;
    }

    /** A buffer of at least {@code size} doubles for packed B; its contents are undefined. */
    double[] b(int size) {
        if (b.length < size) {
            b = new double[size];
        }
        return b;
    }

    /** A buffer of at least {@code size} doubles for an edge tile; its contents are undefined. */
    double[] tile(int size) {
        if (tile.length < size) {
            tile = new double[size];
        }
        return tile;
    }
}
