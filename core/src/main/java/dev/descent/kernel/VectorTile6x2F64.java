package dev.descent.kernel;

import static dev.descent.kernel.VectorMicroKernelF64.L;
import static dev.descent.kernel.VectorMicroKernelF64.SPECIES;
import static dev.descent.kernel.VectorMicroKernelF64.store;

import jdk.incubator.vector.DoubleVector;

/**
 * The 6×2 vector tile: 12 accumulators, 15 registers in the k-loop. The tile for 32 vector
 * registers (AVX-512); with the 16 of AVX2, JDK 25 spills an accumulator to the stack every step.
 */
final class VectorTile6x2F64 implements MicroKernelF64 {
    private static final int MR = 6;
    private static final int NR = VectorMicroKernelF64.NR;
    private static final int AS = VectorMicroKernelF64.aStride(MR);

    @Override
    public int rows() {
        return MR;
    }

    @Override
    public int aStride() {
        return AS;
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
        for (int p = 0; p < depth; p++) {
            int ai = aOff + p * AS;
            int bi = bOff + p * NR;
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
}
