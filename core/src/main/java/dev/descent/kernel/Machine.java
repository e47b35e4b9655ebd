package dev.descent.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;
import jdk.incubator.vector.VectorShape;

/**
 * What the kernels need to know of the hardware: the vector width the JIT prefers and how many
 * vector registers the instruction set has (to choose a {@link Tile}), and the CPU's vendor and
 * L2 cache (to size the panels of the blocked product). The last two are read from Linux's
 * {@code /proc} and {@code /sys}; elsewhere they are unknown and the defaults apply.
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

    /** Panel width where nothing better is known: a panel that streams from L3 (see {@link #panelColumns(int, int, String, long)}). */
    static final int WIDE_PANEL = 2048;

    /**
     * Columns of B the blocked product packs at once (its NC) for depth blocks of {@code kc} elements
     * of {@code elementBytes} bytes, on this machine; the system property {@code descent.matmul.nc}
     * forces a width for experiments. The width only changes speed, never a result's bits.
     */
    static int panelColumns(int kc, int elementBytes) {
        Integer forced = Integer.getInteger("descent.matmul.nc");
        if (forced != null && forced > 0) {
            return forced;
        }
        return panelColumns(kc, elementBytes, Caches.VENDOR, Caches.L2_BYTES);
    }

    /**
     * The panel width for a CPU of {@code vendor} with {@code l2Bytes} of L2 per core. The A sliver
     * stays in L1 while the whole panel streams past it once per sliver, so the panel is read again
     * and again from wherever it fits. On an Intel Xeon with 2 MiB of L2 per core (a KVM guest, AVX-512)
     * a panel of half the L2 (1 MiB, NC = 512 in float64) ran n = 1024 at 57–62 GFLOP/s against 42–44
     * with 4 MiB panels from L3, which there feeds one core too slowly for this loop order. On AMD's
     * Zen 3 and Zen 4 the L3 keeps up, and panels sized for their 0.5 and 1 MiB of L2 were slower
     * (NC = 128 on Zen 3 by a third, NC = 384 on Zen 4), so there, and wherever the cache is unknown,
     * the panel is {@link #WIDE_PANEL} wide.
     */
    static int panelColumns(int kc, int elementBytes, String vendor, long l2Bytes) {
        if (!"GenuineIntel".equals(vendor) || l2Bytes <= 0) {
            return WIDE_PANEL;
        }
        long columns = l2Bytes / 2 / ((long) kc * elementBytes);
        return (int) Math.max(64, Math.min(WIDE_PANEL, columns));
    }

    /** Bytes of one core's L2 cache (Linux's {@code /sys/devices/system/cpu/cpu0/cache}), or 0 where unknown. */
    static long l2CacheBytes() {
        for (int i = 0; i < 8; i++) {
            Path dir = Path.of("/sys/devices/system/cpu/cpu0/cache/index" + i);
            String level = read(dir.resolve("level"));
            String type = read(dir.resolve("type"));
            if ("2".equals(level) && ("Unified".equals(type) || "Data".equals(type))) {
                return parseSize(read(dir.resolve("size")));
            }
        }
        return 0;
    }

    /** {@code 2048K} or {@code 1M} as bytes; 0 for anything else. */
    static long parseSize(String size) {
        if (size == null || size.length() < 2) {
            return 0;
        }
        char unit = Character.toUpperCase(size.charAt(size.length() - 1));
        long scale = unit == 'K' ? 1 << 10 : unit == 'M' ? 1 << 20 : 0;
        try {
            return scale * Long.parseLong(size.substring(0, size.length() - 1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The {@code vendor_id} of Linux's {@code /proc/cpuinfo}, e.g. {@code GenuineIntel}; "" where unknown. */
    static String vendor() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(line -> line.startsWith("vendor_id")).findFirst()
                    .map(line -> line.substring(line.indexOf(':') + 1).trim()).orElse("");
        } catch (IOException | RuntimeException e) {
            return ""; // not Linux, or not readable
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** What {@link #vendor()} and {@link #l2CacheBytes()} read, read once for both element types' products. */
    private static final class Caches {
        static final String VENDOR = vendor();
        static final long L2_BYTES = l2CacheBytes();
    }

    /** The only reference to the Vector API here: loaded only when the module is present. */
    private static final class Preferred {
        static int bits() {
            return VectorShape.preferredShape().vectorBitSize();
        }
    }
}
