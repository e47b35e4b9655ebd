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
                interleave(a, src, rs, cs, h, depth, dst, base, stride);
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
            // row ahead every NR elements and packing B took 11% of a 1024³ product, 3–4 times as long.
            // Whole slivers of the vector tiles' width go two vectors per row, with the Vector API enabled:
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
            // B is stored transposed: its columns are the stored rows
            interleave(b, off + s * cs, cs, rs, w, depth, dst, base, nr);
            for (int j = w; j < nr; j++) {
                for (int p = 0, d = base + j; p < depth; p++, d += nr) {
                    dst[d] = 0;
                }
            }
        }
    }

    /**
     * Lays {@code count} lines side by side: {@code dst[d + r + p·step] = src[at + r·ld + p·ps]} for
     * {@code r < count, p < depth}: the rows of a row-major A, and the rows of a B stored transposed (W in
     * x·Wᵀ). Four lines at a time, each read front to back, the four elements of a step written next to
     * each other: twice as fast as one line at a time, whose writes each land {@code step} elements from
     * the last (a [784, 256] float32 Bᵀ in 108–143 µs instead of 183–269 on Zen 3, JDK 17 and 25; two
     * lines at a time 119–155, eight 126–150).
     */
    private static void interleave(double[] src, int at, int ld, int ps, int count, int depth, double[] dst, int d,
                                   int step) {
        int r = 0;
        for (; r + 4 <= count; r += 4) {
            int l0 = at + r * ld;
            int l1 = l0 + ld;
            int l2 = l1 + ld;
            int l3 = l2 + ld;
            for (int p = 0, o = d + r; p < depth; p++, o += step) {
                int q = p * ps;
                dst[o] = src[l0 + q];
                dst[o + 1] = src[l1 + q];
                dst[o + 2] = src[l2 + q];
                dst[o + 3] = src[l3 + q];
            }
        }
        for (; r < count; r++) {
            int line = at + r * ld;
            for (int p = 0, o = d + r; p < depth; p++, o += step) {
                dst[o] = src[line + p * ps];
            }
        }
    }

    private static void zero(double[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            a[i] = 0;
        }
    }
}
