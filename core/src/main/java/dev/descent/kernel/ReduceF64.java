package dev.descent.kernel;

/**
 * Sums and maxima over dimensions. Sums are pairwise in a fixed order (independent of threads), so
 * the error grows like O(log n) rather than O(n) and results are identical run to run. They
 * accumulate in float64 for both element types (a type marked wide stays 64-bit in the generated
 * float32 copy), as PyTorch's CPU sum does for float32; the result is rounded once.
 */
public final class ReduceF64 {
    private static final int BLOCK = 64;

    private ReduceF64() {
    }

    /** Pairwise sum of {@code a[from .. from+len)}, accumulated in float64. */
    public static double/*wide*/ pairwiseSum(double[] a, int from, int len) {
        if (len <= BLOCK) {
            double/*wide*/ s0 = 0;
            double/*wide*/ s1 = 0;
            double/*wide*/ s2 = 0;
            double/*wide*/ s3 = 0;
            int i = from;
            int end = from + len;
            for (; i + 3 < end; i += 4) {
                s0 += a[i];
                s1 += a[i + 1];
                s2 += a[i + 2];
                s3 += a[i + 3];
            }
            for (; i < end; i++) {
                s0 += a[i];
            }
            return (s0 + s1) + (s2 + s3);
        }
        int half = (len / 2 + 7) & ~7;
        return pairwiseSum(a, from, half) + pairwiseSum(a, from + half, len - half);
    }

    /**
     * Sums {@code a} (shape {@code dims}) over the dimensions flagged in {@code reduce}; the result is
     * row-major over the kept dimensions in their original order.
     */
    @SuppressWarnings("cast") // the float32 copy rounds each float64 sum to float32 here
    static double[] sum(double[] a, int[] dims, boolean[] reduce) {
        int lead = leadingReduced(dims, reduce);
        if (lead > 0) {
            int rows = runLength(dims, reduce);
            int cols = keptNumel(dims, reduce);
            double/*wide*/[] sums = new double/*wide*/[cols];
            pairwiseColumns(a, 0, rows, cols, sums);
            double[] out = new double[cols];
            for (int j = 0; j < cols; j++) {
                out[j] = (double) sums[j];
            }
            return out;
        }
        double[] runs = reducedLast(a, dims, reduce);
        int len = runLength(dims, reduce);
        int outN = len == 0 ? keptNumel(dims, reduce) : runs.length / len;
        double[] out = new double[outN];
        for (int o = 0; o < outN && len > 0; o++) {
            out[o] = (double) pairwiseSum(runs, o * len, len);
        }
        return out;
    }

    /** Maximum over the flagged dimensions (NaN if any element of a run is NaN). */
    static double[] max(double[] a, int[] dims, boolean[] reduce) {
        double[] runs = reducedLast(a, dims, reduce);
        int len = runLength(dims, reduce);
        if (len == 0) {
            throw new IllegalArgumentException("max: cannot reduce over an empty dimension");
        }
        int outN = runs.length / len;
        double[] out = new double[outN];
        for (int o = 0; o < outN; o++) {
            double m = Double.NEGATIVE_INFINITY;
            for (int i = o * len, end = i + len; i < end; i++) {
                m = Math.max(m, runs[i]);
            }
            out[o] = m;
        }
        return out;
    }

    /** Index (within the run) of the first maximum over a single reduced dimension, as float64 (exact). */
    static double/*wide*/[] argmax(double[] a, int[] dims, int axis) {
        boolean[] reduce = new boolean[dims.length];
        reduce[axis] = true;
        double[] runs = reducedLast(a, dims, reduce);
        int len = dims[axis];
        if (len == 0) {
            throw new IllegalArgumentException("argmax: cannot reduce over an empty dimension");
        }
        int outN = runs.length / len;
        double/*wide*/[] out = new double/*wide*/[outN];
        for (int o = 0; o < outN; o++) {
            int best = 0;
            double m = runs[o * len];
            for (int i = 1; i < len; i++) {
                double v = runs[o * len + i];
                if (v > m || (Double.isNaN(v) && !Double.isNaN(m))) {
                    m = v;
                    best = i;
                }
            }
            out[o] = best;
        }
        return out;
    }

    /**
     * The number of leading dimensions when exactly those are reduced and a row of the kept ones is
     * wide enough to sum column-wise (a bias's gradient: a batch summed over its rows), else 0.
     */
    private static int leadingReduced(int[] dims, boolean[] reduce) {
        int lead = 0;
        while (lead < dims.length && reduce[lead]) {
            lead++;
        }
        for (int i = lead; i < dims.length; i++) {
            if (reduce[i]) {
                return 0;
            }
        }
        return lead < dims.length && keptNumel(dims, reduce) >= COLUMNS ? lead : 0;
    }

    /** The narrowest row summed column-wise: narrower ones are cheaper transposed. */
    private static final int COLUMNS = 8;

    /**
     * {@code sums[j] = Σ_i a[(from + i)·cols + j]} over {@code rows} rows, each column summed with
     * exactly {@link #pairwiseSum}'s tree (the same blocks, four partial sums, halves), so the bits
     * are those of summing the transposed columns; but row by row, which the JIT vectorises across
     * the columns, and without the transposed copy.
     */
    private static void pairwiseColumns(double[] a, int from, int rows, int cols, double/*wide*/[] sums) {
        if (rows <= BLOCK) {
            double/*wide*/[] s1 = new double/*wide*/[cols];
            double/*wide*/[] s2 = new double/*wide*/[cols];
            double/*wide*/[] s3 = new double/*wide*/[cols];
            java.util.Arrays.fill(sums, 0);
            int i = 0;
            for (; i + 3 < rows; i += 4) {
                add(a, (from + i) * cols, sums);
                add(a, (from + i + 1) * cols, s1);
                add(a, (from + i + 2) * cols, s2);
                add(a, (from + i + 3) * cols, s3);
            }
            for (; i < rows; i++) {
                add(a, (from + i) * cols, sums);
            }
            for (int j = 0; j < cols; j++) {
                sums[j] = (sums[j] + s1[j]) + (s2[j] + s3[j]);
            }
            return;
        }
        int half = (rows / 2 + 7) & ~7;
        double/*wide*/[] second = new double/*wide*/[cols];
        pairwiseColumns(a, from, half, cols, sums);
        pairwiseColumns(a, from + half, rows - half, cols, second);
        for (int j = 0; j < cols; j++) {
            sums[j] += second[j];
        }
    }

    /** {@code s[j] += a[at + j]} for every column. */
    private static void add(double[] a, int at, double/*wide*/[] s) {
        for (int j = 0; j < s.length; j++) {
            s[j] += a[at + j];
        }
    }

    private static int runLength(int[] dims, boolean[] reduce) {
        int len = 1;
        for (int i = 0; i < dims.length; i++) {
            if (reduce[i]) {
                len *= dims[i];
            }
        }
        return len;
    }

    private static int keptNumel(int[] dims, boolean[] reduce) {
        int n = 1;
        for (int i = 0; i < dims.length; i++) {
            if (!reduce[i]) {
                n *= dims[i];
            }
        }
        return n;
    }

    /** The data reordered so that the reduced dimensions come last: each output owns one contiguous run. */
    private static double[] reducedLast(double[] a, int[] dims, boolean[] reduce) {
        int r = dims.length;
        int[] perm = new int[r];
        int p = 0;
        boolean alreadyLast = true;
        boolean seenReduced = false;
        for (int i = 0; i < r; i++) {
            if (!reduce[i]) {
                perm[p++] = i;
                if (seenReduced && dims[i] != 1) {
                    alreadyLast = false;
                }
            } else {
                seenReduced = true;
            }
        }
        for (int i = 0; i < r; i++) {
            if (reduce[i]) {
                perm[p++] = i;
            }
        }
        return alreadyLast ? a : CopyF64.permute(a, dims, perm);
    }
}
