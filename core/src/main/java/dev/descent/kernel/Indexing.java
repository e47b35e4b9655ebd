package dev.descent.kernel;

/**
 * Copies along one dimension of a row-major array viewed as {@code [outer, n, inner]}: slicing,
 * concatenation, selecting and gathering by index, and the scatter-adds that undo them.
 */
public final class Indexing {
    private Indexing() {
    }

    /** Elements {@code [start, start+len)} of the middle dimension. */
    public static double[] slice(double[] x, int outer, int n, int inner, int start, int len) {
        double[] out = new double[outer * len * inner];
        for (int o = 0; o < outer; o++) {
            System.arraycopy(x, (o * n + start) * inner, out, o * len * inner, len * inner);
        }
        return out;
    }

    /** Concatenation of parts of sizes {@code sizes[p]} along the middle dimension. */
    public static double[] cat(double[][] parts, int outer, int[] sizes, int inner) {
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
    public static double[] select(double[] x, int outer, int n, int inner, int[] index) {
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
    public static double[] selectAdd(double[] src, int outer, int n, int inner, int[] index) {
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

    /** {@code out[o][j][i] = x[o][index[o][j][i]][i]} where {@code index} has shape {@code [outer, k, inner]}. */
    public static double[] gather(double[] x, int outer, int n, int inner, int[] index, int k) {
        double[] out = new double[outer * k * inner];
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < k; j++) {
                for (int i = 0; i < inner; i++) {
                    int p = (o * k + j) * inner + i;
                    out[p] = x[(o * n + index[p]) * inner + i];
                }
            }
        }
        return out;
    }

    /** The adjoint of {@link #gather}: adds {@code src} into zeros of {@code [outer, n, inner]} at the indexed places. */
    public static double[] scatterAdd(double[] src, int outer, int n, int inner, int[] index, int k) {
        double[] out = new double[outer * n * inner];
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < k; j++) {
                for (int i = 0; i < inner; i++) {
                    int p = (o * k + j) * inner + i;
                    out[(o * n + index[p]) * inner + i] += src[p];
                }
            }
        }
        return out;
    }
}
