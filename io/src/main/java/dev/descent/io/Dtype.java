package dev.descent.io;

import dev.descent.DType;
import java.nio.ByteBuffer;

/**
 * The element types of a safetensors file, named as in its header ({@code "F64"}, {@code "BF16"},
 * ...): PyTorch's {@code torch.float64}, {@code torch.bfloat16} and so on.
 *
 * <p>Reading gives float32 tensors for {@link #F32}, and for {@link #F16} and {@link #BF16} (widened,
 * exactly: both are subsets of float32), and float64 tensors for every other type (exact, except 64-bit
 * integers beyond 2^53). Writing supports {@link #F64} and {@link #F32}.
 */
public enum Dtype {
    F64(8), F32(4), F16(2), BF16(2), I64(8), I32(4), I16(2), I8(1), U64(8), U32(4), U16(2), U8(1), BOOL(1);

    private final int byteSize;

    Dtype(int byteSize) {
        this.byteSize = byteSize;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** True for the types Descent can write: F64 and F32. */
    public boolean isWritable() {
        return this == F64 || this == F32;
    }

    /** The tensor type this element type reads into: float32 for F32, F16 and BF16, float64 for the rest. */
    public DType tensorType() {
        return this == F32 || this == F16 || this == BF16 ? DType.FLOAT32 : DType.FLOAT64;
    }

    /** The element type that holds a tensor of type {@code dtype} exactly: F64 or F32. */
    public static Dtype of(DType dtype) {
        return dtype == DType.FLOAT32 ? F32 : F64;
    }

    /** The type named {@code name} in a header, or {@code null} when Descent does not know it. */
    static Dtype fromHeader(String name) {
        for (Dtype dtype : values()) {
            if (dtype.name().equals(name)) {
                return dtype;
            }
        }
        return null;
    }

    /** Reads one element from a little-endian buffer as a double. */
    double read(ByteBuffer in) {
        return switch (this) {
            case F64 -> in.getDouble();
            case F32 -> in.getFloat();
            case F16 -> halfToDouble(in.getShort());
            case BF16 -> Float.intBitsToFloat((in.getShort() & 0xffff) << 16);
            case I64 -> in.getLong();
            case I32 -> in.getInt();
            case I16 -> in.getShort();
            case I8 -> in.get();
            case U64 -> unsignedToDouble(in.getLong());
            case U32 -> Integer.toUnsignedLong(in.getInt());
            case U16 -> in.getShort() & 0xffff;
            case U8 -> in.get() & 0xff;
            // NumPy's rule: any non-zero byte is true.
            case BOOL -> in.get() != 0 ? 1.0 : 0.0;
        };
    }

    /** Writes one element to a little-endian buffer; only for writable types. */
    void write(ByteBuffer out, double value) {
        switch (this) {
            case F64 -> out.putDouble(value);
            case F32 -> out.putFloat((float) value);
            default -> throw new IllegalArgumentException("safetensors: Descent writes F64 or F32, not " + this);
        }
    }

    /** IEEE 754 binary16 to double: sign, 5 exponent bits (bias 15), 10 fraction bits. */
    static double halfToDouble(short bits) {
        int exponent = (bits >>> 10) & 0x1f;
        int fraction = bits & 0x3ff;
        double magnitude;
        if (exponent == 0) {
            magnitude = fraction * 0x1p-24;
        } else if (exponent == 31) {
            magnitude = fraction == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
        } else {
            magnitude = (1024 + fraction) * Math.scalb(1.0, exponent - 25);
        }
        return bits < 0 ? -magnitude : magnitude;
    }

    /** An unsigned 64-bit integer to the nearest double. */
    static double unsignedToDouble(long bits) {
        if (bits >= 0) {
            return bits;
        }
        // Halve (keeping the lowest bit so rounding stays correct), convert, double again.
        return ((bits >>> 1) | (bits & 1)) * 2.0;
    }
}
