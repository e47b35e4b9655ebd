package dev.descent.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The micro-kernel on the JDK's Vector API: a tile of 6 rows × 2 vectors (6×16 doubles with
 * 512-bit vectors) held in twelve vector registers for the whole depth.
 *
 * <p>Why this shape: each step loads two B vectors and broadcasts six A values for twelve fused
 * multiply-adds, so loads stay well below the FMA rate; twelve independent accumulators cover the
 * FMA latency; and the loop needs 15 registers, which fits even the 16 of AVX2. Measured on Zen 4
 * (n = 1024, both JDK 17 and 25, runs interleaved in one process), 6×2 and 4×3 tiles were about
 * 8% faster than 4×2; 4×3 needs all 16 AVX2 registers, and 8×2, as fast as the others on its
 * own, ran 4–5 times slower inside the blocked loop.
 *
 * <p>The loop is a plain counted loop with the indices advanced by constants: that is the shape
 * in which JDK 25's JIT removes the bounds checks of the vector loads (unrolling it by hand
 * brought them back and cost 20%); JDK 17 keeps two checks per step either way.
 *
 * <p>This is the only class that names {@code jdk.incubator.vector}; {@link Kernels} loads it only
 * when that module is present.
 */
final class VectorMicroKernel implements MicroKernel {
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int L = SPECIES.length();
    private static final int MR = 6;
    private static final int NR = 2 * L;

    private VectorMicroKernel() {
    }

    /** The vector kernel where vectors hold at least two doubles; the scalar kernel otherwise. */
    static MicroKernel create() {
        return L >= 2 ? new VectorMicroKernel() : ScalarMicroKernel.INSTANCE;
    }

    @Override
    public int rows() {
        return MR;
    }

    @Override
    public int cols() {
        return NR;
    }

    @Override
    public void multiply(int depth, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff, int ldc,
                         boolean accumulate) {
        DoubleVector c00 = DoubleVector.zero(SPECIES);
        DoubleVector c01 = c00;
        DoubleVector c10 = c00;
        DoubleVector c11 = c00;
        DoubleVector c20 = c00;
        DoubleVector c21 = c00;
        DoubleVector c30 = c00;
        DoubleVector c31 = c00;
        DoubleVector c40 = c00;
        DoubleVector c41 = c00;
        DoubleVector c50 = c00;
        DoubleVector c51 = c00;
        for (int p = 0, ai = aOff, bi = bOff; p < depth; p++, ai += MR, bi += NR) {
            DoubleVector b0 = DoubleVector.fromArray(SPECIES, b, bi);
            DoubleVector b1 = DoubleVector.fromArray(SPECIES, b, bi + L);
            DoubleVector ar = DoubleVector.broadcast(SPECIES, a[ai]);
            c00 = ar.fma(b0, c00);
            c01 = ar.fma(b1, c01);
            ar = DoubleVector.broadcast(SPECIES, a[ai + 1]);
            c10 = ar.fma(b0, c10);
            c11 = ar.fma(b1, c11);
            ar = DoubleVector.broadcast(SPECIES, a[ai + 2]);
            c20 = ar.fma(b0, c20);
            c21 = ar.fma(b1, c21);
            ar = DoubleVector.broadcast(SPECIES, a[ai + 3]);
            c30 = ar.fma(b0, c30);
            c31 = ar.fma(b1, c31);
            ar = DoubleVector.broadcast(SPECIES, a[ai + 4]);
            c40 = ar.fma(b0, c40);
            c41 = ar.fma(b1, c41);
            ar = DoubleVector.broadcast(SPECIES, a[ai + 5]);
            c50 = ar.fma(b0, c50);
            c51 = ar.fma(b1, c51);
        }
        store(c, cOff, accumulate, c00, c01);
        store(c, cOff + ldc, accumulate, c10, c11);
        store(c, cOff + 2 * ldc, accumulate, c20, c21);
        store(c, cOff + 3 * ldc, accumulate, c30, c31);
        store(c, cOff + 4 * ldc, accumulate, c40, c41);
        store(c, cOff + 5 * ldc, accumulate, c50, c51);
    }

    private static void store(double[] c, int at, boolean accumulate, DoubleVector s0, DoubleVector s1) {
        if (accumulate) {
            s0 = DoubleVector.fromArray(SPECIES, c, at).add(s0);
            s1 = DoubleVector.fromArray(SPECIES, c, at + L).add(s1);
        }
        s0.intoArray(c, at);
        s1.intoArray(c, at + L);
    }
}
