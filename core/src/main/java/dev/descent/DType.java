package dev.descent;

import java.util.Locale;

/**
 * The element type of a tensor, PyTorch's {@code torch.float64} and {@code torch.float32}.
 *
 * <p>float64 is the default: gradients checked against finite differences and results "correct to
 * the last digit" need its 16 digits. float32 halves the memory and the memory traffic, and the
 * vector units do twice as many float32 operations per instruction, so training runs faster with
 * about 7 digits (ε = 2⁻²³ ≈ 1.2e-7).
 *
 * <p>Operands of different types are promoted as in PyTorch: float32 with float64 gives float64,
 * except that a Java number ({@code x.mul(2.0)}, as a Python number in PyTorch) never promotes a
 * tensor, and a 0-dimensional tensor does not promote a tensor with dimensions: a float32 tensor
 * times a Java {@code double}, or times {@code Tensor.of(2.0)}, stays float32.
 * Sums over float32 accumulate in float64 and round once; matrix products accumulate in float32 with
 * fused multiply-adds.
 *
 * <pre>{@code
 * jshell> var x = Tensor.ones(DType.FLOAT32, 2, 3);
 * jshell> x.mul(2.0).dtype()
 * $2 ==> float32
 * jshell> x.add(Tensor.ones(2, 3)).dtype()
 * $3 ==> float64
 * }</pre>
 */
public enum DType {
    /** 64-bit IEEE 754 ({@code torch.float64}, {@code torch.double}): the default. */
    FLOAT64(Double.BYTES, Math.ulp(1.0)),
    /** 32-bit IEEE 754 ({@code torch.float32}, {@code torch.float}). */
    FLOAT32(Float.BYTES, Math.ulp(1.0f));

    private final int elementSize;
    private final double eps;

    DType(int elementSize, double eps) {
        this.elementSize = elementSize;
        this.eps = eps;
    }

    /** Bytes per element ({@code element_size()}): 8 or 4. */
    public int elementSize() {
        return elementSize;
    }

    /** The distance from 1 to the next larger number ({@code torch.finfo(dtype).eps}): 2⁻⁵² or 2⁻²³. */
    public double eps() {
        return eps;
    }

    /** The type of the result of a binary operation on these two, as PyTorch promotes (see the class comment). */
    static DType promote(Tensor a, Tensor b) {
        DType x = a.dtype();
        DType y = b.dtype();
        if (x == y) {
            return x;
        }
        if (a.isWrappedNumber() != b.isWrappedNumber()) {
            return a.isWrappedNumber() ? y : x;
        }
        if (a.dim() == 0 && b.dim() > 0) {
            return y;
        }
        if (b.dim() == 0 && a.dim() > 0) {
            return x;
        }
        return FLOAT64;
    }

    /** The type of {@code elementSize}-byte elements. */
    static DType ofSize(int elementSize) {
        return elementSize == Float.BYTES ? FLOAT32 : FLOAT64;
    }

    /**
     * The type named {@code float64} or {@code float32} (also {@code double}, {@code float}, with or
     * without {@code torch.}, any case), as written on the command line and in files.
     *
     * @throws IllegalArgumentException for any other name
     */
    public static DType parse(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        n = n.startsWith("torch.") ? n.substring("torch.".length()) : n;
        return switch (n) {
            case "float64", "double", "f64" -> FLOAT64;
            case "float32", "float", "f32" -> FLOAT32;
            default -> throw new IllegalArgumentException("dtype: unknown type '" + name + "'; use float64 or float32");
        };
    }

    /** {@code float64} or {@code float32}, as PyTorch names them without the {@code torch.} prefix. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
