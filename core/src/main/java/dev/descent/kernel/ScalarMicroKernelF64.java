package dev.descent.kernel;

/**
 * The micro-kernel without the Vector API: a 4×4 tile in sixteen scalar registers. Sixteen
 * accumulators hide the latency of the fused multiply-add and still fit the sixteen registers every
 * x86-64 and AArch64 core has.
 *
 * <p>It uses {@link Math#fma}, so its results are bit-identical to the vector kernel's. On hardware
 * without FMA instructions (x86 before 2013) the JDK emulates {@code Math.fma} and this path is slow.
 */
final class ScalarMicroKernelF64 implements MicroKernelF64 {
    static final ScalarMicroKernelF64 INSTANCE = new ScalarMicroKernelF64();

    private static final int MR = 4;
    private static final int NR = 4;

    private ScalarMicroKernelF64() {
    }

    @Override
    public int rows() {
        return MR;
    }

    @Override
    public int aStride() {
        return MR;
    }

    @Override
    public int cols() {
        return NR;
    }

    @Override
    public void multiply(int depth, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff, int ldc,
                         boolean accumulate) {
        double c00 = 0, c01 = 0, c02 = 0, c03 = 0;
        double c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        double c20 = 0, c21 = 0, c22 = 0, c23 = 0;
        double c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        for (int p = 0, ai = aOff, bi = bOff; p < depth; p++, ai += MR, bi += NR) {
            double b0 = b[bi];
            double b1 = b[bi + 1];
            double b2 = b[bi + 2];
            double b3 = b[bi + 3];
            double a0 = a[ai];
            c00 = Math.fma(a0, b0, c00);
            c01 = Math.fma(a0, b1, c01);
            c02 = Math.fma(a0, b2, c02);
            c03 = Math.fma(a0, b3, c03);
            double a1 = a[ai + 1];
            c10 = Math.fma(a1, b0, c10);
            c11 = Math.fma(a1, b1, c11);
            c12 = Math.fma(a1, b2, c12);
            c13 = Math.fma(a1, b3, c13);
            double a2 = a[ai + 2];
            c20 = Math.fma(a2, b0, c20);
            c21 = Math.fma(a2, b1, c21);
            c22 = Math.fma(a2, b2, c22);
            c23 = Math.fma(a2, b3, c23);
            double a3 = a[ai + 3];
            c30 = Math.fma(a3, b0, c30);
            c31 = Math.fma(a3, b1, c31);
            c32 = Math.fma(a3, b2, c32);
            c33 = Math.fma(a3, b3, c33);
        }
        store(c, cOff, accumulate, c00, c01, c02, c03);
        store(c, cOff + ldc, accumulate, c10, c11, c12, c13);
        store(c, cOff + 2 * ldc, accumulate, c20, c21, c22, c23);
        store(c, cOff + 3 * ldc, accumulate, c30, c31, c32, c33);
    }

    private static void store(double[] c, int at, boolean accumulate, double s0, double s1, double s2, double s3) {
        if (accumulate) {
            c[at] += s0;
            c[at + 1] += s1;
            c[at + 2] += s2;
            c[at + 3] += s3;
        } else {
            c[at] = s0;
            c[at + 1] = s1;
            c[at + 2] = s2;
            c[at + 3] = s3;
        }
    }
}
