package dev.descent.kernel;

/**
 * Copies along one dimension of a row-major array viewed as {@code [outer, n, inner]}: slicing,
 * concatenation, selecting and gathering by index, and the scatter-adds that undo them.
 */
final class IndexingF64 {
    private IndexingF64() {
    }

    /** Elements {@code [start, start+len)} of the middle dimension. */
    static double[] slice(double[] x, int outer, int n, int inner, int start, int len) {
        double[] out = new double[outer * len * inner];
        for (int o = 0; o < outer; o++) {
            System.arraycopy(x, (o * n + start) * inner, out, o * len * inner, len * inner);
        }
        return out;
    }

    /** Concatenation of parts of sizes {@code sizes[p]} along the middle dimension. */
    static double[] cat(double[][] parts, int outer, int[] sizes, int inner) {
        int total = 0;
        for (int s : sizes) {
            total += s;
        }
        double[] out = new double[outer * total * inner];
        for (int o = 0; o < outer; o++) {
            int at = o * total * inner;
            for (int p = 0; p < parts.length; p++) {
                int len = sizes[p] * inner;
                System.arraycopy(parts[p], o * len, out, at, len);
                at += len;
            }
        }
        return out;
    }

    /** {@code out[o][j][i] = x[o][index[j]][i]}. */
    static double[] select(double[] x, int outer, int n, int inner, int[] index) {
        int k = index.length;
        double[] out = new double[outer * k * inner];
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < k; j++) {
                System.arraycopy(x, (o * n + index[j]) * inner, out, (o * k + j) * inner, inner);
            }
        }
        return out;
    }

    /** The adjoint of {@link #select}: {@code out[o][index[j]][i] += src[o][j][i]} into zeros of {@code [outer, n, inner]}. */
    static double[] selectAdd(double[] src, int outer, int n, int inner, int[] index) {
        int k = index.length;
        double[] out = new double[outer * n * inner];
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < k; j++) {
                int to = (o * n + index[j]) * inner;
                int from = (o * k + j) * inner;
                for (int i = 0; i < inner; i++) {
                    out[to + i] += src[from + i];
                }
            }
        }
        return out;
    }

    /**
     * {@code out[p] = x[p with its coordinate along axis replaced by index[p]]} for every position p
     * of an index of shape {@code iDims} (rank of {@code xDims}, no larger outside {@code axis}).
     */
    static double[] gather(double[] x, int[] xDims, int[] index, int[] iDims, int axis) {
        double[] out = new double[index.length];
        int[] xStrides = Broadcast.strides(xDims);
        int along = xStrides[axis];
        int[] pos = new int[iDims.length];
        int base = 0;
        for (int p = 0; p < index.length; p++) {
            out[p] = x[base + index[p] * along];
            base = advance(pos, iDims, xStrides, axis, base);
        }
        return out;
    }

    /** The adjoint of {@link #gather}: zeros of shape {@code outDims} with {@code src[p]} added where gather read position p. */
    static double[] scatterAdd(double[] src, int[] srcDims, int[] index, int[] outDims, int axis) {
        double[] out = new double[Broadcast.numel(outDims)];
        int[] outStrides = Broadcast.strides(outDims);
        int along = outStrides[axis];
        int[] pos = new int[srcDims.length];
        int base = 0;
        for (int p = 0; p < index.length; p++) {
            out[base + index[p] * along] += src[p];
            base = advance(pos, srcDims, outStrides, axis, base);
        }
        return out;
    }

    /**
     * Steps the row-major counter {@code pos} over {@code dims} and returns the matching offset in an
     * array of the given strides, leaving out the coordinate along {@code axis} (the index supplies it).
     */
    private static int advance(int[] pos, int[] dims, int[] strides, int axis, int base) {
        for (int d = dims.length - 1; d >= 0; d--) {
            int step = d == axis ? 0 : strides[d];
            if (++pos[d] < dims[d]) {
                return base + step;
            }
            base -= (pos[d] - 1) * step;
            pos[d] = 0;
        }
        return base;
    }
}
