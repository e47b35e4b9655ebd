package dev.descent.kernel;

/** Index arithmetic for NumPy broadcasting and strided copies over row-major arrays. */
public final class Broadcast {
    private Broadcast() {
    }

    /** Number of elements of a row-major array with these dimensions. */
    public static int numel(int[] dims) {
        int n = 1;
        for (int d : dims) {
            n *= d;
        }
        return n;
    }

    /** Row-major strides: the distance in elements between neighbours along each dimension. */
    public static int[] strides(int[] dims) {
        int[] s = new int[dims.length];
        int acc = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= dims[i];
        }
        return s;
    }

    /**
     * Strides of {@code in} aligned to the rank of {@code out}, with 0 where {@code in} is broadcast
     * (missing or of size 1 where {@code out} is larger).
     */
    public static int[] broadcastStrides(int[] in, int[] out) {
        int r = out.length;
        int[] s = new int[r];
        int acc = 1;
        for (int i = in.length - 1; i >= 0; i--) {
            int o = i + (r - in.length);
            s[o] = (in[i] == 1 && out[o] != 1) ? 0 : acc;
            acc *= in[i];
        }
        return s;
    }

    /**
     * Copies the elements of {@code src} addressed by {@code strides} (one per dimension of
     * {@code dims}, any values, 0 for broadcast) into a fresh row-major array of shape {@code dims}.
     */
    public static double[] gather(double[] src, int offset, int[] dims, int[] strides) {
        int n = numel(dims);
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
    public static double[] expand(double[] src, int[] in, int[] out) {
        return gather(src, 0, out, broadcastStrides(in, out));
    }

    /** For every element of an array of shape {@code out}, the index of the element of {@code in} it reads. */
    public static int[] offsets(int[] in, int[] out) {
        int[] strides = broadcastStrides(in, out);
        int n = numel(out);
        int[] result = new int[n];
        int r = out.length;
        int[] idx = new int[r];
        int p = 0;
        for (int o = 0; o < n; o++) {
            result[o] = p;
            for (int d = r - 1; d >= 0; d--) {
                idx[d]++;
                p += strides[d];
                if (idx[d] < out[d]) {
                    break;
                }
                p -= strides[d] * out[d];
                idx[d] = 0;
            }
        }
        return result;
    }

    /** Row-major copy of {@code src} (shape {@code dims}) with its dimensions reordered by {@code perm}. */
    public static double[] permute(double[] src, int[] dims, int[] perm) {
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
