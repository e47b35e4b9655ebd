package dev.descent.kernel;

/**
 * Copies blocks of A and B into the order the micro-kernel reads them: A in slivers of MR rows
 * stored column by column, B in slivers of NR columns stored row by row, both padded with zeros to
 * full slivers. The micro-kernel then reads both with unit stride whatever the operands' layout,
 * which is also how transposed operands are handled without copying them whole.
 */
final class PackingF64 {
    private PackingF64() {
    }

    /**
     * Packs rows {@code [0, rows)} and columns {@code [0, depth)} of the strided matrix
     * {@code A(i, p) = a[off + i·rs + p·cs]} in slivers of {@code mr} rows, {@code stride ≥ mr} elements
     * per step: {@code dst[s·stride·depth + p·stride + r] = A(s·mr + r, p)}. Elements from mr to stride
     * are left as they were.
     */
    static void packA(double[] a, int off, int rs, int cs, int rows, int depth, int mr, int stride, double[] dst) {
        for (int s = 0; s < rows; s += mr) {
            int h = Math.min(mr, rows - s);
            int base = s / mr * stride * depth;
            int src = off + s * rs;
            if (rs == 1) {
                // A is stored transposed: each column of the sliver is contiguous in memory. A loop copies
                // its few elements twice as fast as System.arraycopy (a [256, 128] float32 A in 31–33 µs
                // instead of 63–74)
                for (int p = 0; p < depth; p++) {
                    int d = base + p * stride;
                    int at = src + p * cs;
                    for (int r = 0; r < h; r++) {
                        dst[d + r] = a[at + r];
                    }
                    zero(dst, d + h, d + mr);
                }
            } else {
                // row by row, each row read front to back: 2–2.5 times as fast as gathering the rows step by
                // step (a [128, 784] float32 A in 46–50 µs instead of 96–123 on Zen 3, JDK 17 and 25), since
                // the strided writes stay within the sliver, which is in the L1 cache
                for (int r = 0; r < h; r++) {
                    int row = src + r * rs;
                    for (int p = 0, d = base + r; p < depth; p++, d += stride) {
                        dst[d] = a[row + p * cs];
                    }
                }
                if (h < mr) {
                    for (int p = 0, d = base; p < depth; p++, d += stride) {
                        zero(dst, d + h, d + mr);
                    }
                }
            }
        }
    }

    /**
     * Packs rows {@code [0, depth)} and columns {@code [0, cols)} of the strided matrix
     * {@code B(p, j) = b[off + p·rs + j·cs]}: {@code dst[s·NR·depth + p·NR + j] = B(p, s·NR + j)}.
     */
    static void packB(double[] b, int off, int rs, int cs, int depth, int cols, int nr, double[] dst) {
        if (cs == 1) {
            // row by row: each row of B is read once, front to back. Sliver by sliver, the reads jumped a
            // row ahead every NR elements and packing B took 11% of a 1024³ product, 3–4 times as long
            // whole slivers of the vector tiles' width go two vectors per row, with the Vector API enabled:
            // 2.4 times as fast as the element loop, which the JIT does not vectorise at 16 elements a time
            // (the rows of a [784, 256] float32 B in 60–75 µs instead of 145–155 on Zen 3, JDK 17 and 25)
            int whole = Kernels.vectorApiEnabled() && nr == VectorMicroKernelF64.NR ? cols / nr * nr : 0;
            for (int p = 0; p < depth; p++) {
                int src = off + p * rs;
                for (int s = 0; s < whole; s += nr) {
                    VectorMicroKernelF64.copySliverRow(b, src + s, dst, s * depth + p * nr);
                }
                for (int s = whole; s < cols; s += nr) {
                    int w = Math.min(nr, cols - s);
                    int d = s * depth + p * nr;
                    for (int j = 0; j < w; j++) {
                        dst[d + j] = b[src + s + j];
                    }
                    zero(dst, d + w, d + nr);
                }
            }
            return;
        }
        for (int s = 0; s < cols; s += nr) {
            int w = Math.min(nr, cols - s);
            int base = s * depth;
            int src = off + s * cs;
            // B is stored transposed: walk each stored row (a column of B) contiguously
            for (int j = 0; j < w; j++) {
                int col = src + j * cs;
                for (int p = 0, d = base + j; p < depth; p++, d += nr) {
                    dst[d] = b[col + p * rs];
                }
            }
            for (int j = w; j < nr; j++) {
                for (int p = 0, d = base + j; p < depth; p++, d += nr) {
                    dst[d] = 0;
                }
            }
        }
    }

    private static void zero(double[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            a[i] = 0;
        }
    }
}
