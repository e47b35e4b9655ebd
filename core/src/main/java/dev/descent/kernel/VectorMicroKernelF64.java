package dev.descent.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The micro-kernels on the JDK's Vector API: one class per {@link Tile}, because a tile's
 * accumulators must be named locals for the JIT to keep them in registers (an array of vectors
 * would live in memory). This class picks the kernel for a tile and holds what the tiles share.
 *
 * <p>Each tile's loop is a plain counted loop with one loop variable and every index an affine function
 * of it, the shape in which the JIT removes the bounds checks of the loads. With the indices advanced
 * as separate variables JDK 17 kept two checks per step even for 4×2; unrolling by hand brought checks
 * and spills back on both JDKs. 4×2 loops over A's index itself (see its k-loop); 5×2 and 6×2 over
 * the depth p ({@code off + p·stride}), since looping over A's index made JDK 25 load all their
 * broadcasts first and spill an accumulator.
 *
 * <p>Only the {@code Vector*} classes and {@code Machine.Preferred} name {@code jdk.incubator.vector};
 * they are loaded only when that module is present.
 */
final class VectorMicroKernelF64 {
    static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    /** Lanes per vector. */
    static final int L = SPECIES.length();
    /** Columns of every tile's B sliver: two vectors. */
    static final int NR = 2 * L;

    private VectorMicroKernelF64() {
    }

    /** The kernel for {@code tile}; the scalar kernel where a vector holds fewer than two elements. */
    static MicroKernelF64 create(Tile tile) {
        if (L < 2) {
            return ScalarMicroKernelF64.INSTANCE;
        }
        return switch (tile) {
            case T4x2 -> new VectorTile4x2F64();
            case T5x2 -> new VectorTile5x2F64();
            case T6x2 -> new VectorTile6x2F64();
        };
    }

    /**
     * Before JDK 20 the JIT rewrote {@code p·5} as {@code (p<<2)+p} and then no longer recognised it as
     * a multiple of p, so it kept two bounds checks per step on the A loads of 5×2 and 6×2 (JDK-8291669,
     * fixed in JDK 20). There the packed A sliver is padded to a power of two per step, which removes
     * them: 12% faster on JDK 17 in the blocked loop; on JDK 25 the padding measured 10% slower.
     */
    static final boolean PAD_A = Runtime.version().feature() < 20;

    /** Elements per depth step of a packed A sliver for a tile of {@code mr} rows: see {@link #PAD_A}. */
    static int aStride(int mr) {
        return PAD_A && Integer.bitCount(mr) != 1 ? Integer.highestOneBit(mr) << 1 : mr;
    }

    /** Copies one row of a B sliver, {@link #NR} elements from {@code src} at {@code from} to {@code dst} at {@code to}. */
    static void copySliverRow(double[] src, int from, double[] dst, int to) {
        DoubleVector.fromArray(SPECIES, src, from).intoArray(dst, to);
        DoubleVector.fromArray(SPECIES, src, from + L).intoArray(dst, to + L);
    }

    /** Writes (or adds) one accumulated row of two vectors into C at {@code at}. */
    static void store(double[] c, int at, boolean accumulate, DoubleVector s0, DoubleVector s1) {
        store(c, at, accumulate, s0);
        store(c, at + L, accumulate, s1);
    }

    /** Writes (or adds) one accumulated vector into C at {@code at}. */
    static void store(double[] c, int at, boolean accumulate, DoubleVector s) {
        if (accumulate) {
            s = DoubleVector.fromArray(SPECIES, c, at).add(s);
        }
        s.intoArray(c, at);
    }
}
