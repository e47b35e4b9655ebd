package dev.descent.kernel;

/**
 * The cache-blocked matrix product for large operands: {@code C = op(A)·op(B)} with A and B given by
 * strides, so transposed operands cost nothing extra.
 *
 * <p>Loop order (outer to inner): columns of C in panels of {@link #NC}; depth in blocks of
 * {@link #KC}, where a {@code KC×NC} panel of B is packed; rows in blocks of {@link #MC}, where a
 * {@code MC×KC} block of A is packed; then one A sliver (MR rows) at a time against every B sliver
 * (NR columns) of the panel. The A sliver ({@code MR×256} doubles, 8–12 KiB in float64) stays in the L1 cache
 * while the B panel streams through from L2/L3. That measured faster than the classic order that keeps
 * a B sliver in L1 and streams A slivers from L2: by 10% on Zen 4, by a third on Zen 3 (5×2 tile,
 * 512 KiB L2, where the classic order's A block and B panels sized for L2 both lost).
 *
 * <p>Each element of C is reduced in one order: over p within a depth block by the micro-kernel,
 * then block after block. Neither depends on how C is split into bands nor on the tile, so results
 * are the same bits for any number of threads and any tile. That is why {@link #KC} is a constant and
 * not derived from the cache sizes: it is part of the result.
 */
final class BlockedMatMulF64 {
    /**
     * Depth of a block: an A sliver of MR×KC doubles (10 KiB in float64 at MR = 5) stays in the 32 KiB L1 cache
     * while B streams past it. 128 and 384 measured no faster on Zen 4.
     */
    static final int KC = 256;
    /** Rows of A packed at once (rounded down to a multiple of MR); it only sizes the A buffer. */
    static final int MC = 128;
    /**
     * Columns of B packed at once (rounded down to a multiple of NR): on AMD a panel of up to 4 MiB (in
     * float64) that streams from L3, which also means A is packed only once for n ≤ NC; on Intel CPUs
     * a panel of half the L2. {@link Machine#panelColumns(int, int, String, long)} gives the measurements.
     */
    static final int NC = Machine.panelColumns(KC, Double.BYTES);

    /** The kernel for the current settings, made again only when the tile or the path changes. */
    private static volatile Choice current;

    private BlockedMatMulF64() {
    }

    private record Choice(Tile tile, MicroKernelF64 kernel) {
    }

    /** The micro-kernel for {@link Kernels}' current settings: the vector tile, or the scalar kernel. */
    static MicroKernelF64 currentKernel() {
        Tile tile = Kernels.vectorTile(Double.BYTES);
        Choice choice = current;
        if (choice == null || choice.tile != tile) {
            // the vector classes are loaded only here, when the Vector API is enabled
            choice = new Choice(tile, tile == null ? ScalarMicroKernelF64.INSTANCE : VectorMicroKernelF64.create(tile));
            current = choice;
        }
        return choice.kernel;
    }

    /**
     * {@code c[cOff + i·ldc + j] = Σ_p A(i, p)·B(p, j)} for {@code i < m, j < n} on the calling
     * thread, where {@code A(i, p) = a[aOff + i·aRs + p·aCs]} and {@code B(p, j) = b[bOff + p·bRs + j·bCs]}.
     * Needs {@code k >= 1}.
     */
    static void multiply(MicroKernelF64 kernel, double[] a, int aOff, int aRs, int aCs,
                         double[] b, int bOff, int bRs, int bCs,
                         double[] c, int cOff, int ldc, int m, int k, int n) {
        multiply(kernel, a, aOff, aRs, aCs, matrix(b, bOff, bRs, bCs), 0, c, cOff, ldc, m, k, n);
    }

    /**
     * Where the panels of B come from: packed from a matrix in memory ({@link #matrix}), or made
     * directly in the packed layout, as the convolution makes its im2col columns without writing them
     * out first.
     */
    interface PanelSource {
        /**
         * Writes B's rows {@code [row, row + depth)} × columns {@code [col, col + cols)} into {@code dst}
         * in {@link PackingF64#packB}'s layout: slivers of {@code nr} columns, each {@code depth×nr} row by
         * row, the last one padded with zeros.
         */
        void pack(int row, int depth, int col, int cols, int nr, double[] dst);
    }

    /** The panels of the matrix {@code B(p, j) = b[bOff + p·bRs + j·bCs]}. */
    static PanelSource matrix(double[] b, int bOff, int bRs, int bCs) {
        return (row, depth, col, cols, nr, dst) -> PackingF64.packB(b, bOff + row * bRs + col * bCs, bRs, bCs, depth,
                cols, nr, dst);
    }

    /** As {@link #multiply(MicroKernelF64, double[], int, int, int, double[], int, int, int, double[], int, int, int, int, int)} with B's columns {@code [bCol, bCol + n)} from {@code b}. */
    static void multiply(MicroKernelF64 kernel, double[] a, int aOff, int aRs, int aCs, PanelSource b, int bCol,
                         double[] c, int cOff, int ldc, int m, int k, int n) {
        multiply(kernel, a, aOff, aRs, aCs, b, bCol, c, cOff, ldc, m, k, n, NC);
    }

    /** As above with panels of B {@code panel} columns wide (rounded down to a multiple of NR) instead of {@link #NC}. */
    static void multiply(MicroKernelF64 kernel, double[] a, int aOff, int aRs, int aCs, PanelSource b, int bCol,
                         double[] c, int cOff, int ldc, int m, int k, int n, int panel) {
        int mr = kernel.rows();
        int nr = kernel.cols();
        int as = kernel.aStride();
        int mcMax = Math.max(mr, MC / mr * mr);
        int ncMax = Math.max(nr, panel / nr * nr);
        int kcCap = Math.min(KC, k);
        WorkspaceF64 ws = WorkspaceF64.get();
        double[] ap = ws.a(kcCap * roundUp(Math.min(mcMax, m), mr) / mr * as);
        double[] bp = ws.b(kcCap * roundUp(Math.min(ncMax, n), nr));
        double[] tile = ws.tile(mr * nr);
        for (int jc = 0; jc < n; jc += ncMax) {
            int nc = Math.min(ncMax, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                boolean accumulate = pc > 0;
                b.pack(pc, kc, bCol + jc, nc, nr, bp);
                for (int ic = 0; ic < m; ic += mcMax) {
                    int mc = Math.min(mcMax, m - ic);
                    PackingF64.packA(a, aOff + ic * aRs + pc * aCs, aRs, aCs, mc, kc, mr, as, ap);
                    for (int ir = 0; ir < mc; ir += mr) {
                        int h = Math.min(mr, mc - ir);
                        int rowC = cOff + (ic + ir) * ldc + jc;
                        int aAt = ir / mr * as * kc;
                        for (int jr = 0; jr < nc; jr += nr) {
                            int w = Math.min(nr, nc - jr);
                            if (h == mr && w == nr) {
                                kernel.multiply(kc, ap, aAt, bp, jr * kc, c, rowC + jr, ldc, accumulate);
                            } else {
                                kernel.multiply(kc, ap, aAt, bp, jr * kc, tile, 0, nr, false);
                                storeEdge(tile, nr, c, rowC + jr, ldc, h, w, accumulate);
                            }
                        }
                    }
                }
            }
        }
    }

    /** Copies (or adds) the valid {@code h×w} corner of a tile computed into a scratch buffer. */
    private static void storeEdge(double[] tile, int nr, double[] c, int at, int ldc, int h, int w, boolean accumulate) {
        for (int r = 0; r < h; r++) {
            int row = at + r * ldc;
            for (int j = 0; j < w; j++) {
                c[row + j] = accumulate ? c[row + j] + tile[r * nr + j] : tile[r * nr + j];
            }
        }
    }

    private static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }

    /**
     * As {@link #multiply}, with C split into bands of rows (or of columns when C is wide) that run
     * on {@code threads} threads; each band packs its own panels.
     */
    static void multiplyParallel(MicroKernelF64 kernel, int threads, double[] a, int aOff, int aRs, int aCs,
                                 double[] b, int bOff, int bRs, int bCs,
                                 double[] c, int cOff, int ldc, int m, int k, int n) {
        multiplyParallel(kernel, threads, a, aOff, aRs, aCs, matrix(b, bOff, bRs, bCs), c, cOff, ldc, m, k, n);
    }

    /** As {@link #multiplyParallel(MicroKernelF64, int, double[], int, int, int, double[], int, int, int, double[], int, int, int, int, int)} with B's panels from {@code b}. */
    static void multiplyParallel(MicroKernelF64 kernel, int threads, double[] a, int aOff, int aRs, int aCs,
                                 PanelSource b, double[] c, int cOff, int ldc, int m, int k, int n) {
        boolean byRows = m >= n;
        int unit = byRows ? kernel.rows() : kernel.cols();
        int extent = byRows ? m : n;
        int units = (extent + unit - 1) / unit;
        int bands = Math.min(threads, units);
        if (bands <= 1) {
            multiply(kernel, a, aOff, aRs, aCs, b, 0, c, cOff, ldc, m, k, n);
            return;
        }
        Parallel.run(bands, band -> {
            int from = units * band / bands * unit;
            int to = Math.min(extent, units * (band + 1) / bands * unit);
            if (byRows) {
                multiply(kernel, a, aOff + from * aRs, aRs, aCs, b, 0, c, cOff + from * ldc, ldc, to - from, k, n);
            } else {
                multiply(kernel, a, aOff, aRs, aCs, b, from, c, cOff + from, ldc, m, k, to - from);
            }
        });
    }
}
