package dev.descent.kernel;

/**
 * Dense matrix products over row-major arrays: {@code C = op(A)·op(B)}, where op transposes an
 * operand when asked, without copying it.
 *
 * <p>Small or thin products run straight from the operands ({@code DirectMatMul}); larger ones are
 * cache-blocked with packed panels and a register-blocked micro-kernel ({@code BlockedMatMul}), on
 * several threads when they are large enough to repay the hand-off. The results of a given shape do
 * not depend on the thread count, on the register tile or on whether the Vector API is in use (see
 * {@link Kernels}).
 *
 * <p>float32 products ({@code float[]}) run the same code: the package-private {@code *F64} classes
 * are copied to {@code *F32} at build time with double→float, Double→Float and F64→F32 substituted
 * (see core/pom.xml). So those classes hold no {@code 0.0} literals, no other names that contain the
 * element type's name, and comments that still read true after the substitution. float32 results
 * are as reproducible as float64 ones, and agree with them to float32 rounding.
 */
public final class MatMul {
    /**
     * Below this many multiply-adds (m·k·n) a product runs directly: packing and tile bookkeeping
     * would cost more than they save. Measured on Zen 4, the blocked path was already ahead at 8³.
     */
    static final long BLOCKED_MIN_VOLUME = 8L * 8 * 8;
    /**
     * From this many multiply-adds a product is split across threads. Measured on the 2-core Zen 4
     * machine (a VM, where waking a helper thread costs tens of microseconds): two threads were no
     * faster at 128³, 13% faster at 160³ and 55% faster at 224³.
     */
    static final long PARALLEL_MIN_VOLUME = 160L * 160 * 160;

    private MatMul() {
    }

    /**
     * {@code c[cOff..] = a[aOff..] · b[bOff..]} for an {@code m×k} matrix A and a {@code k×n} matrix B,
     * all row-major and contiguous. {@code c} is overwritten.
     */
    public static void multiply(double[] a, int aOff, double[] b, int bOff, double[] c, int cOff,
                                int m, int k, int n) {
        MatMulF64.multiply(a, aOff, false, b, bOff, false, c, cOff, m, k, n);
    }

    /**
     * {@code C = op(A)·op(B)} into the row-major {@code m×n} matrix at {@code c[cOff..]} (overwritten).
     * op(A) is {@code m×k}: A is stored row-major as {@code m×k}, or as {@code k×m} when
     * {@code transA}. op(B) is {@code k×n}: B is stored as {@code k×n}, or as {@code n×k} when
     * {@code transB}.
     */
    public static void multiply(double[] a, int aOff, boolean transA, double[] b, int bOff, boolean transB,
                                double[] c, int cOff, int m, int k, int n) {
        MatMulF64.multiply(a, aOff, transA, b, bOff, transB, c, cOff, m, k, n);
    }

    /** As {@link #multiply(double[], int, double[], int, double[], int, int, int, int)}, in float32. */
    public static void multiply(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int k, int n) {
        MatMulF32.multiply(a, aOff, false, b, bOff, false, c, cOff, m, k, n);
    }

    /**
     * As {@link #multiply(double[], int, boolean, double[], int, boolean, double[], int, int, int, int)}, in
     * float32: the sums are accumulated in float32, in the same order as in float64.
     */
    public static void multiply(float[] a, int aOff, boolean transA, float[] b, int bOff, boolean transB,
                                float[] c, int cOff, int m, int k, int n) {
        MatMulF32.multiply(a, aOff, transA, b, bOff, transB, c, cOff, m, k, n);
    }
}
