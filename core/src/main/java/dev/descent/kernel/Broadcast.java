package dev.descent.kernel;

/** Index arithmetic for NumPy broadcasting over row-major arrays, the same for every element type. */
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
}
