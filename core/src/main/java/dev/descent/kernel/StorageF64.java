package dev.descent.kernel;

import dev.descent.kernel.Elementwise.Binary;
import dev.descent.kernel.Elementwise.Unary;
import java.util.Arrays;

/**
 * {@link Storage} over a {@code double[]}: each method hands the array to the loops of this element
 * type. The float32 storage is generated from this file (see {@link MatMul}); a type marked wide
 * stays 64-bit there, because it is what crosses the element-type-neutral boundary.
 */
final class StorageF64 extends Storage {
    final double[] a;

    StorageF64(double[] a) {
        this.a = a;
    }

    private static double[] of(Storage s) {
        return ((StorageF64) s).a;
    }

    @Override
    public int elementBytes() {
        return Double.BYTES;
    }

    @Override
    public int length() {
        return a.length;
    }

    @Override
    public double/*wide*/ get(int i) {
        return a[i];
    }

    @Override
    public double/*wide*/[] values() {
        double/*wide*/[] out = new double/*wide*/[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i];
        }
        return out;
    }

    @Override
    @SuppressWarnings("cast") // redundant in the float32 copy, where the elements are floats already
    public float[] floats() {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (float) a[i];
        }
        return out;
    }

    @Override
    public Storage copy() {
        return new StorageF64(a.clone());
    }

    @Override
    @SuppressWarnings("cast") // narrows the value in the float32 copy
    public Storage filled(int n, double/*wide*/ value) {
        double[] out = new double[n];
        Arrays.fill(out, (double) value);
        return new StorageF64(out);
    }

    @Override
    public boolean hasNonFinite() {
        return ElementwiseF64.hasNonFinite(a);
    }

    @Override
    public Storage unary(Unary op) {
        return new StorageF64(ElementwiseF64.unary(op, a));
    }

    @Override
    @SuppressWarnings("cast") // narrows the exponent in the float32 copy
    public Storage powScalar(double/*wide*/ p) {
        return new StorageF64(ElementwiseF64.powScalar(a, (double) p));
    }

    @Override
    public Storage binary(Binary op, int[] dims, Storage b, int[] bDims, int[] outDims) {
        return new StorageF64(ElementwiseF64.binary(op, a, dims, of(b), bDims, outDims));
    }

    @Override
    public void binaryInPlace(Binary op, int[] dims, Storage b, int[] bDims) {
        ElementwiseF64.binaryInto(op, a, dims, of(b), bDims, dims, a);
    }

    @Override
    public Storage where(int[] dims, Storage x, int[] xDims, Storage y, int[] yDims, int[] outDims) {
        return new StorageF64(ElementwiseF64.where(a, dims, of(x), xDims, of(y), yDims, outDims));
    }

    @Override
    @SuppressWarnings("cast") // narrows alpha in the float32 copy, as PyTorch's add_(other, alpha) does
    public void addScaled(Storage other, double/*wide*/ alpha) {
        ElementwiseF64.addScaled(a, of(other), (double) alpha);
    }

    @Override
    public void accumulate(Storage other) {
        ElementwiseF64.accumulate(a, of(other));
    }

    @Override
    public void copyFrom(Storage other) {
        System.arraycopy(of(other), 0, a, 0, a.length);
    }

    @Override
    public Storage sum(int[] dims, boolean[] reduce) {
        return new StorageF64(ReduceF64.sum(a, dims, reduce));
    }

    @Override
    public Storage max(int[] dims, boolean[] reduce) {
        return new StorageF64(ReduceF64.max(a, dims, reduce));
    }

    @Override
    public Storage argmax(int[] dims, int axis) {
        return Storage.wrap(ReduceF64.argmax(a, dims, axis));
    }

    @Override
    public Storage expand(int[] in, int[] out) {
        return new StorageF64(CopyF64.expand(a, in, out));
    }

    @Override
    public Storage permute(int[] dims, int[] perm) {
        return new StorageF64(CopyF64.permute(a, dims, perm));
    }

    @Override
    public Storage slice(int outer, int n, int inner, int start, int len) {
        return new StorageF64(IndexingF64.slice(a, outer, n, inner, start, len));
    }

    @Override
    public Storage cat(Storage[] parts, int outer, int[] sizes, int inner) {
        double[][] arrays = new double[parts.length][];
        for (int p = 0; p < parts.length; p++) {
            arrays[p] = of(parts[p]);
        }
        return new StorageF64(IndexingF64.cat(arrays, outer, sizes, inner));
    }

    @Override
    public Storage select(int outer, int n, int inner, int[] index) {
        return new StorageF64(IndexingF64.select(a, outer, n, inner, index));
    }

    @Override
    public Storage selectAdd(int outer, int n, int inner, int[] index) {
        return new StorageF64(IndexingF64.selectAdd(a, outer, n, inner, index));
    }

    @Override
    public Storage gather(int[] dims, int[] index, int[] iDims, int axis) {
        return new StorageF64(IndexingF64.gather(a, dims, index, iDims, axis));
    }

    @Override
    public Storage scatterAdd(int[] dims, int[] index, int[] outDims, int axis) {
        return new StorageF64(IndexingF64.scatterAdd(a, dims, index, outDims, axis));
    }

    @Override
    public void multiply(int aOff, boolean transA, Storage b, int bOff, boolean transB, Storage c, int cOff,
                         int m, int k, int n) {
        MatMulF64.multiply(a, aOff, transA, of(b), bOff, transB, of(c), cOff, m, k, n);
    }

    @Override
    public Storage conv2d(Storage weight, Conv2dGeometry g) {
        return new StorageF64(ConvolutionF64.forward(a, of(weight), g));
    }

    @Override
    public Storage conv2dInputGrad(Storage weight, Conv2dGeometry g) {
        return new StorageF64(ConvolutionF64.inputGrad(a, of(weight), g));
    }

    @Override
    public Storage conv2dWeightGrad(Storage gradOutput, Conv2dGeometry g) {
        return new StorageF64(ConvolutionF64.weightGrad(a, of(gradOutput), g));
    }

    @Override
    public int[] maxPool2dIndices(Conv2dGeometry g) {
        return ConvolutionF64.maxPoolIndices(a, g);
    }
}
