package dev.descent.kernel;

/** Strided copies over row-major arrays: broadcasting out to a larger shape, and permuting dimensions. */
final class CopyF64 {
    private CopyF64() {
    }

    /**
     * Copies the elements of {@code src} addressed by {@code strides} (one per dimension of
     * {@code dims}, any values, 0 for broadcast) into a fresh row-major array of shape {@code dims}.
     */
    static double[] gather(double[] src, int offset, int[] dims, int[] strides) {
        int n = Broadcast.numel(dims);
        double[] out = new double[n];
        if (n == 0) {
            return out;
        }
        int r = dims.length;
        if (r == 0) {
            out[0] = src[offset];
            return out;
        }
        int inner = dims[r - 1];
        int innerStride = strides[r - 1];
        int[] idx = new int[r];
        int base = offset;
        for (int o = 0; o < n; o += inner) {
            if (innerStride == 1) {
                System.arraycopy(src, base, out, o, inner);
            } else if (innerStride == 0) {
                java.util.Arrays.fill(out, o, o + inner, src[base]);
            } else {
                for (int j = 0, p = base; j < inner; j++, p += innerStride) {
                    out[o + j] = src[p];
                }
            }
            for (int d = r - 2; d >= 0; d--) {
                idx[d]++;
                base += strides[d];
                if (idx[d] < dims[d]) {
                    break;
                }
                base -= strides[d] * dims[d];
                idx[d] = 0;
            }
        }
        return out;
    }

    /** Copies {@code src} of shape {@code in} broadcast to shape {@code out}. */
    static double[] expand(double[] src, int[] in, int[] out) {
        return gather(src, 0, out, Broadcast.broadcastStrides(in, out));
    }

    /** Row-major copy of {@code src} (shape {@code dims}) with its dimensions reordered by {@code perm}. */
    static double[] permute(double[] src, int[] dims, int[] perm) {
        int r = dims.length;
        int[] inStrides = new int[r];
        int acc = 1;
        for (int i = r - 1; i >= 0; i--) {
            inStrides[i] = acc;
            acc *= dims[i];
        }
        int[] outDims = new int[r];
        int[] strides = new int[r];
        for (int i = 0; i < r; i++) {
            outDims[i] = dims[perm[i]];
            strides[i] = inStrides[perm[i]];
        }
        return gather(src, 0, outDims, strides);
    }
}
