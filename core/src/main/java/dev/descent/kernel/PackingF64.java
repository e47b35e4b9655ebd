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
                // A is stored transposed: each column of the sliver is contiguous in memory
                for (int p = 0; p < depth; p++) {
                    int d = base + p * stride;
                    System.arraycopy(a, src + p * cs, dst, d, h);
                    zero(dst, d + h, d + mr);
                }
            } else {
                // step by step, so that the writes are contiguous: 2% faster overall than row by row
                for (int p = 0; p < depth; p++) {
                    int d = base + p * stride;
                    int at = src + p * cs;
                    for (int r = 0; r < h; r++) {
                        dst[d + r] = a[at + r * rs];
                    }
                    zero(dst, d + h, d + mr);
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
            for (int p = 0; p < depth; p++) {
                int src = off + p * rs;
                for (int s = 0; s < cols; s += nr) {
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
