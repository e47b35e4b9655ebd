package dev.descent.kernel;

import java.util.Locale;
import jdk.incubator.vector.VectorShape;

/**
 * What the kernels need to know of the hardware to choose a {@link Tile}: the vector width the JIT
 * prefers and how many vector registers the instruction set has.
 */
final class Machine {
    private Machine() {
    }

    /** Bits of the vector shape the JIT prefers (e.g. 256 with AVX2, 512 with AVX-512); 0 without the Vector API. */
    static int vectorBits() {
        return Kernels.vectorApiAvailable() ? Preferred.bits() : 0;
    }

    /**
     * Vector registers the JIT may allocate: 32 on AArch64 and on x86 with AVX-512 (zmm0–31), else
     * 16 (ymm0–15 with AVX2). When the JIT prefers 256-bit vectors on an AVX-512 machine the true
     * count may be 32; assuming 16 only costs a smaller tile.
     */
    static int vectorRegisters(int vectorBits) {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (arch.equals("aarch64") || arch.equals("arm64")) {
            return 32;
        }
        return vectorBits >= 512 ? 32 : 16;
    }

    /** The only reference to the Vector API here: loaded only when the module is present. */
    private static final class Preferred {
        static int bits() {
            return VectorShape.preferredShape().vectorBitSize();
        }
    }
}
