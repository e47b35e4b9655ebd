package dev.descent.io;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Builds safetensors files byte by byte for tests, independently of the writer. */
final class SafetensorsBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** Starts a file with the 8-byte little-endian header length {@code length}, as given. */
    static SafetensorsBytes headerLength(long length) {
        SafetensorsBytes b = new SafetensorsBytes();
        b.out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(length).array());
        return b;
    }

    /** Starts a file with {@code json} as the header (not padded) and its true length. */
    static SafetensorsBytes header(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return headerLength(bytes.length).raw(bytes);
    }

    SafetensorsBytes raw(byte... bytes) {
        out.writeBytes(bytes);
        return this;
    }

    SafetensorsBytes f64(double... values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            b.putDouble(v);
        }
        return raw(b.array());
    }

    SafetensorsBytes f32(float... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return raw(b.array());
    }

    SafetensorsBytes shorts(int... values) {
        ByteBuffer b = ByteBuffer.allocate(2 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            b.putShort((short) v);
        }
        return raw(b.array());
    }

    SafetensorsBytes ints(int... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            b.putInt(v);
        }
        return raw(b.array());
    }

    SafetensorsBytes longs(long... values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putLong(v);
        }
        return raw(b.array());
    }

    SafetensorsBytes zeros(int n) {
        return raw(new byte[n]);
    }

    byte[] bytes() {
        return out.toByteArray();
    }
}
