package dev.descent.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.zip.GZIPOutputStream;

/** Builds IDX files byte by byte for tests, independently of the reader; big-endian as the format is. */
final class IdxBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** Starts a file: two zero bytes, the type code, the number of sizes, then the sizes. */
    static IdxBytes header(int type, int... sizes) {
        IdxBytes b = new IdxBytes().raw((byte) 0, (byte) 0, (byte) type, (byte) sizes.length);
        return b.ints(sizes);
    }

    IdxBytes raw(byte... bytes) {
        out.writeBytes(bytes);
        return this;
    }

    /** Unsigned (0..255) or signed (-128..127) bytes, each as its low 8 bits. */
    IdxBytes bytes(int... values) {
        for (int v : values) {
            out.write(v);
        }
        return this;
    }

    IdxBytes shorts(int... values) {
        ByteBuffer b = ByteBuffer.allocate(2 * values.length);
        for (int v : values) {
            b.putShort((short) v);
        }
        return raw(b.array());
    }

    IdxBytes ints(int... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length);
        for (int v : values) {
            b.putInt(v);
        }
        return raw(b.array());
    }

    IdxBytes floats(float... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length);
        for (float v : values) {
            b.putFloat(v);
        }
        return raw(b.array());
    }

    IdxBytes doubles(double... values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length);
        for (double v : values) {
            b.putDouble(v);
        }
        return raw(b.array());
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    byte[] gzipped() {
        return gzip(bytes());
    }

    static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
            gz.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return zipped.toByteArray();
    }
}
