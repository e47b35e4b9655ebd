package dev.descent.kernel;

import java.util.Locale;

/**
 * The register tile of the vector micro-kernel: {@code rows} rows of A times {@code vectors}
 * vectors of B, i.e. {@code rows × vectors·L} elements of C for L lanes per vector.
 *
 * <p>The k-loop keeps {@code rows·vectors} accumulators, {@code vectors} loaded B vectors and one
 * broadcast A value in vector registers: {@link #registers()}. The tile must leave registers spare,
 * or the JIT's register allocator spills an accumulator to the stack at every step. The tile only
 * changes speed: every tile computes each element of C in the same order (see {@link MicroKernelF64}).
 */
enum Tile {
    T4x2(4, 2),
    T5x2(5, 2),
    T6x2(6, 2);

    final int rows;
    final int vectors;

    Tile(int rows, int vectors) {
        this.rows = rows;
        this.vectors = vectors;
    }

    /** Vector registers the k-loop keeps live. */
    int registers() {
        return rows * vectors + vectors + 1;
    }

    /** The tile's name as the system property {@code descent.matmul.tile} spells it, e.g. {@code 5x2}. */
    String label() {
        return rows + "x" + vectors;
    }

    /** The tile named {@code 5x2} (rows × vectors), or an {@link IllegalArgumentException} listing the names. */
    static Tile parse(String label) {
        String wanted = label.trim().toLowerCase(Locale.ROOT);
        for (Tile t : values()) {
            if (t.label().equals(wanted)) {
                return t;
            }
        }
        StringBuilder names = new StringBuilder();
        for (Tile t : values()) {
            names.append(names.length() == 0 ? "" : ", ").append(t.label());
        }
        throw new IllegalArgumentException("matmul tile: unknown tile '" + label + "'; use one of " + names);
    }

    /**
     * The tile for a machine with {@code vectorRegisters} vector registers and elements of
     * {@code elementBytes} bytes: the tallest tile that leaves at least {@link #SPARE_REGISTERS} of
     * them spare. With 16 registers (AVX2) that is 5×2 (13 registers): 6×2 needs 15 and JDK 25's
     * register allocator then spills an accumulator to the stack at every step (about 40% slower on
     * Zen 3). In float32, JDK 25 loads all five broadcast A values of 5×2 ahead of the FMAs, which
     * needs 17 registers and spills (half the speed of 4×2), so float32 takes 4×2 there. With 32
     * registers (AVX-512, AArch64) it is 6×2, the tile measured fastest on Zen 4 in float64; larger
     * tiles were not faster there (8×2 ran 4–5 times slower inside the blocked loop).
     */
    static Tile choose(int vectorRegisters, int elementBytes) {
        if (elementBytes < Double.BYTES && vectorRegisters < 32) {
            return T4x2;
        }
        Tile best = T4x2;
        for (Tile t : values()) {
            if (t.registers() + SPARE_REGISTERS <= vectorRegisters && t.rows > best.rows) {
                best = t;
            }
        }
        return best;
    }

    /** Registers left to the JIT: one (6×2 with AVX2) was not enough for JDK 25. */
    static final int SPARE_REGISTERS = 2;
}
