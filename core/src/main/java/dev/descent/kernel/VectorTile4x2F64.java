package dev.descent.kernel;

import static dev.descent.kernel.VectorMicroKernelF64.L;
import static dev.descent.kernel.VectorMicroKernelF64.SPECIES;
import static dev.descent.kernel.VectorMicroKernelF64.store;

import jdk.incubator.vector.DoubleVector;

/**
 * The 4×2 vector tile: 8 accumulators, 11 registers in the k-loop. The smallest tile that keeps
 * enough sums in flight to cover the FMA latency (two FMA units × four cycles = eight); the float32
 * tile with 16 registers, and the baseline the others are measured against.
 */
final class VectorTile4x2F64 implements MicroKernelF64 {
    private static final int MR = 4;
    private static final int NR = VectorMicroKernelF64.NR;
    private static final int AS = VectorMicroKernelF64.aStride(MR);

    static {
        // the k-loop steps B's index as a multiple of A's: NR = 2·L must be a multiple of AS
        if (NR % AS != 0) {
            throw new AssertionError("4x2 tile: B sliver width " + NR + " is not a multiple of A's stride " + AS);
        }
    }

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
        // The loop variable is A's index and B's is a fixed multiple of it (checked above; AS = 4 and L is a
        // power of two, at least 2 on the vector path): the JIT derives it with one lea. Per step 19 instructions on
        // JDK 25 and 22 on JDK 17, against 20–22 and 26 with both indices computed from a step counter, as
        // the taller tiles still do (looping this way, JDK 25 spills one of their accumulators).
        int shift = bOff - aOff * (NR / AS);
        int end = aOff + depth * AS;
        for (int ai = aOff; ai < end; ai += AS) {
            int bi = shift + ai * (NR / AS);
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
        }
        store(c, cOff, accumulate, c00, c01);
        store(c, cOff + ldc, accumulate, c10, c11);
        store(c, cOff + 2 * ldc, accumulate, c20, c21);
        store(c, cOff + 3 * ldc, accumulate, c30, c31);
    }
}
