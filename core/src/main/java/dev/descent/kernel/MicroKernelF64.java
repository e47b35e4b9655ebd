package dev.descent.kernel;

/**
 * The innermost loop of a blocked matrix product: one {@code rows()×cols()} tile of C from a packed
 * sliver of A and a packed sliver of B, kept in registers for the whole depth.
 *
 * <p>Every implementation must compute each element as {@code s = fma(a[0], b[0], 0)},
 * {@code s = fma(a[p], b[p], s)} for p = 1, 2, ..., then {@code C = s} or {@code C = C + s}, so that
 * every tile and the scalar path give identical bits.
 */
interface MicroKernelF64 {
    /** Rows of the tile (MR): the height of a packed A sliver. */
    int rows();

    /**
     * Elements per depth step in a packed A sliver: MR, or more where padding makes the JIT's bounds
     * checks go away (see {@link VectorMicroKernelF64#aStride}). Rows from MR up to it are never read.
     */
    int aStride();

    /** Columns of the tile (NR): the width of a packed B sliver. */
    int cols();

    /**
     * {@code C[r][j] (+)= Σ_p a[aOff + p·aStride + r] · b[bOff + p·NR + j]} for the full tile, C row-major
     * at {@code cOff} with row stride {@code ldc}; {@code accumulate} adds to C instead of overwriting it.
     */
    void multiply(int depth, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff, int ldc,
                  boolean accumulate);
}
