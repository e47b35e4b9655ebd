package dev.descent.kernel;

import dev.descent.kernel.Elementwise.Binary;
import dev.descent.kernel.Elementwise.Unary;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The elements of a tensor, row-major, in one element type: {@code StorageF64} holds a
 * {@code double[]}, {@code StorageF32} a {@code float[]} (generated from the float64 source at build
 * time). Every kernel is a method here, so an operation chooses its loops once per call, by the
 * class of its first operand's storage, and never per element; the tensor layer above never names
 * an element type.
 *
 * <p>Operands of one call have the same element type (the caller converts with {@link #cast} first);
 * values cross this boundary as {@code double}, which holds every float32 exactly.
 *
 * <p>The storage also counts the in-place changes made to it ({@link #version()}), shared by every
 * tensor that views it, as PyTorch's version counter is: a gradient rule that saved a tensor can
 * then tell that it was changed through any alias.
 */
public abstract class Storage {
    /** The autograd pass running on each thread, if any, in a slot of its own (cheaper to update than the thread-local). */
    private static final ThreadLocal<Pass[]> CURRENT = ThreadLocal.withInitial(() -> new Pass[1]);
    /** How many passes run now, on any thread. */
    private static final AtomicInteger PASSES = new AtomicInteger();

    // Tagged only while some pass runs, so that the many small tensors of a forward pass or a fused
    // kernel do not each pay for the thread-local lookup.
    private final Pass pass = PASSES.get() == 0 ? null : CURRENT.get()[0];
    private int version;
    /** How often the pass that made this storage handed it on as a gradient (see {@link #handOn()}). */
    private int handedOn;

    /** For the two element types of this package. */
    Storage() {
    }

    /**
     * An autograd pass on one thread, from {@link #beginPass()} to {@link #close()}: the storage made on
     * that thread meanwhile carries it ({@link #madeIn(Pass)}). The engine uses it to tell the gradients
     * its pass made, which nothing outside the pass can hold, from everything else.
     */
    public static final class Pass implements AutoCloseable {
        private final Pass[] slot;
        private final Pass outer;

        private Pass(Pass[] slot) {
            this.slot = slot;
            this.outer = slot[0];
        }

        /** Ends the pass, on the thread that began it; that thread's enclosing pass, if any, is current again. */
        @Override
        public void close() {
            slot[0] = outer;
            PASSES.decrementAndGet();
        }
    }

    /** Begins a pass on the calling thread; close it when the pass ends. */
    public static Pass beginPass() {
        Pass[] slot = CURRENT.get();
        Pass pass = new Pass(slot);
        slot[0] = pass;
        PASSES.incrementAndGet();
        return pass;
    }

    /** Whether this storage was made on {@code pass}'s thread while that pass ran. */
    public final boolean madeIn(Pass pass) {
        return pass != null && this.pass == pass;
    }

    /**
     * Counts one more handing-on of this storage as a gradient. Only the pass that made the storage
     * calls it, on its own thread (for any other storage the count means nothing), so it needs no lock.
     */
    public final void handOn() {
        handedOn++;
    }

    /** How often {@link #handOn()} was called. */
    public final int handedOn() {
        return handedOn;
    }

    /** float64 storage over {@code values}, which it takes ownership of. */
    public static Storage wrap(double[] values) {
        return new StorageF64(values);
    }

    /** float32 storage over {@code values}, which it takes ownership of. */
    public static Storage wrap(float[] values) {
        return new StorageF32(values);
    }

    /** {@code n} zeros of the element type of {@code elementBytes} bytes (8: float64, 4: float32). */
    public static Storage zeros(int elementBytes, int n) {
        return elementBytes == Float.BYTES ? new StorageF32(new float[n]) : new StorageF64(new double[n]);
    }

    /** The elements converted to the type of {@code elementBytes} bytes (rounded to nearest); this storage when it has that type. */
    public final Storage cast(int elementBytes) {
        if (elementBytes == elementBytes()) {
            return this;
        }
        return elementBytes == Float.BYTES ? new StorageF32(floats()) : new StorageF64(values());
    }

    /** How many in-place changes were made to these elements. */
    public final int version() {
        return version;
    }

    /** Records an in-place change. */
    public final void bumpVersion() {
        version++;
    }

    // ---------------------------------------------------------------- elements

    /** Bytes per element: 8 for float64, 4 for float32. */
    public abstract int elementBytes();

    /** The number of elements. */
    public abstract int length();

    /** Element {@code i}, widened to double. */
    public abstract double get(int i);

    /** A copy of every element, widened to double. */
    public abstract double[] values();

    /** A copy of every element, rounded to float. */
    public abstract float[] floats();

    /** A copy in new storage. */
    public abstract Storage copy();

    /** {@code n} elements of this type, all {@code value} (rounded to this type). */
    public abstract Storage filled(int n, double value);

    /** True when some element is NaN or infinite. */
    public abstract boolean hasNonFinite();

    // ---------------------------------------------------------------- elementwise

    /** {@code op(x)} for every element. */
    public abstract Storage unary(Unary op);

    /** {@code x^p} for every element, p rounded to this type. */
    public abstract Storage powScalar(double p);

    /** {@code op(this, b)}, this of shape {@code dims} and b of {@code bDims} broadcast to {@code outDims}. */
    public abstract Storage binary(Binary op, int[] dims, Storage b, int[] bDims, int[] outDims);

    /** {@code this = op(this, b)} in place, b broadcast to this storage's shape {@code dims}. */
    public abstract void binaryInPlace(Binary op, int[] dims, Storage b, int[] bDims);

    /** {@code this != 0 ? a : b} elementwise (NaN counts as true), all three broadcast to {@code outDims}. */
    public abstract Storage where(int[] dims, Storage a, int[] aDims, Storage b, int[] bDims, int[] outDims);

    /** {@code this += other·alpha} in place, both of one length; alpha is rounded to this type first. */
    public abstract void addScaled(Storage other, double alpha);

    /** {@code this += other} in place, both of one length. */
    public abstract void accumulate(Storage other);

    /** Overwrites every element with {@code other}'s, both of one length. */
    public abstract void copyFrom(Storage other);

    // ---------------------------------------------------------------- reductions

    /** Sums over the dimensions flagged in {@code reduce} (pairwise, accumulated in float64). */
    public abstract Storage sum(int[] dims, boolean[] reduce);

    /** Maxima over the flagged dimensions (NaN where a run holds NaN). */
    public abstract Storage max(int[] dims, boolean[] reduce);

    /** Indices of the first maxima along {@code axis}, as float64 (exact for every index). */
    public abstract Storage argmax(int[] dims, int axis);

    // ---------------------------------------------------------------- movement

    /** The elements of shape {@code in} broadcast to shape {@code out}. */
    public abstract Storage expand(int[] in, int[] out);

    /** The elements of shape {@code dims} with the dimensions reordered by {@code perm}. */
    public abstract Storage permute(int[] dims, int[] perm);

    /** Elements {@code [start, start+len)} of the middle dimension of {@code [outer, n, inner]}. */
    public abstract Storage slice(int outer, int n, int inner, int start, int len);

    /** This storage followed by {@code parts} along the middle dimension ({@code sizes[0]} is this one's). */
    public abstract Storage cat(Storage[] parts, int outer, int[] sizes, int inner);

    /** {@code out[o][j][i] = this[o][index[j]][i]} of {@code [outer, n, inner]}. */
    public abstract Storage select(int outer, int n, int inner, int[] index);

    /** The adjoint of {@link #select}: this {@code [outer, k, inner]} added into zeros of {@code [outer, n, inner]}. */
    public abstract Storage selectAdd(int outer, int n, int inner, int[] index);

    /** PyTorch's gather along {@code axis} by an index of shape {@code iDims}. */
    public abstract Storage gather(int[] dims, int[] index, int[] iDims, int axis);

    /** The adjoint of {@link #gather}: zeros of {@code outDims} with this storage's elements added where gather read. */
    public abstract Storage scatterAdd(int[] dims, int[] index, int[] outDims, int axis);

    // ---------------------------------------------------------------- products

    /** The 2-D convolution of this input {@code [N, C, H, W]} with {@code weight [O, C/G, kH, kW]}: {@code [N, O, outH, outW]}. */
    public abstract Storage conv2d(Storage weight, Conv2dGeometry g);

    /** The convolution's adjoint in its input, for this output gradient {@code [N, O, outH, outW]}: {@code [N, C, H, W]}. */
    public abstract Storage conv2dInputGrad(Storage weight, Conv2dGeometry g);

    /** The convolution's adjoint in its weight, for this input and {@code gradOutput}: {@code [O, C/G, kH, kW]}. */
    public abstract Storage conv2dWeightGrad(Storage gradOutput, Conv2dGeometry g);

    /** For each max-pooling window over this {@code [N, C, H, W]}, where its maximum is within the image plane (PyTorch's choice on ties and NaN). */
    public abstract int[] maxPool2dIndices(Conv2dGeometry g);

    /**
     * {@code c[cOff..] = op(this[aOff..])·op(b[bOff..])}, {@code m×k} times {@code k×n}, op transposing
     * where asked (see {@link MatMul}); c is overwritten.
     */
    public abstract void multiply(int aOff, boolean transA, Storage b, int bOff, boolean transB, Storage c, int cOff,
                                  int m, int k, int n);
}
