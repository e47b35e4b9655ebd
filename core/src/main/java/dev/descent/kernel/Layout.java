package dev.descent.kernel;

/**
 * How an operand is read when it is broadcast to a larger shape, for the kernels that can read it
 * in place instead of copying it out first: every element once, one value for all, the same row
 * again and again (a bias {@code [n]} against {@code [m, n]}), or one value per row (a
 * {@code [m, 1]} column such as a row maximum against {@code [m, n]}).
 */
enum Layout {
    FULL, SCALAR, ROW, COLUMN, OTHER;

    /** The layout of an operand with {@code length} elements and dimensions {@code in} broadcast to {@code out}. */
    static Layout of(int length, int[] in, int[] out, int n) {
        if (length == n) {
            return FULL;
        }
        if (length == 1) {
            return SCALAR;
        }
        int lead = 0;
        while (lead < in.length && in[lead] == 1) {
            lead++;
        }
        int tail = in.length - lead;
        if (tail <= out.length && sameTail(in, lead, out, out.length - tail, tail)) {
            return ROW;
        }
        int r = out.length;
        if (in.length == r && r >= 2 && in[r - 1] == 1 && sameTail(in, 0, out, 0, r - 1)) {
            return COLUMN;
        }
        return OTHER;
    }

    private static boolean sameTail(int[] in, int from, int[] out, int outFrom, int len) {
        for (int i = 0; i < len; i++) {
            if (in[from + i] != out[outFrom + i]) {
                return false;
            }
        }
        return true;
    }
}
