package dev.descent;

import dev.descent.kernel.Storage;
import java.util.Arrays;
import java.util.Random;

/** Building tensors from arrays, ranges and random generators, and reading values back. */
final class Creation {
    private Creation() {
    }

    static Tensor fromRows(double[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        double[] data = new double[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != cols) {
                throw new ShapeException("of: row " + i + " has " + rows[i].length + " values but row 0 has " + cols);
            }
            System.arraycopy(rows[i], 0, data, i * cols, cols);
        }
        return Tensor.constant(data, Shape.of(rows.length, cols));
    }

    static Tensor fromRows(float[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        float[] data = new float[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != cols) {
                throw new ShapeException("of: row " + i + " has " + rows[i].length + " values but row 0 has " + cols);
            }
            System.arraycopy(rows[i], 0, data, i * cols, cols);
        }
        return new Tensor(Storage.wrap(data), Shape.of(rows.length, cols));
    }

    /** Refuses values that do not fill a shape exactly. */
    static void checkFill(String op, int length, Shape shape) {
        if (length != shape.numel()) {
            throw new ShapeException(op + ": " + length + " values cannot fill shape " + shape + " ("
                    + shape.numel() + " elements)");
        }
    }

    static Tensor fromBlocks(double[][][] blocks) {
        int rows = blocks.length == 0 ? 0 : blocks[0].length;
        int cols = rows == 0 ? 0 : blocks[0][0].length;
        double[] data = new double[blocks.length * rows * cols];
        for (int b = 0; b < blocks.length; b++) {
            if (blocks[b].length != rows) {
                throw new ShapeException("of: block " + b + " has " + blocks[b].length + " rows but block 0 has " + rows);
            }
            for (int i = 0; i < rows; i++) {
                if (blocks[b][i].length != cols) {
                    throw new ShapeException("of: block " + b + " row " + i + " has " + blocks[b][i].length
                            + " values but block 0 row 0 has " + cols);
                }
                System.arraycopy(blocks[b][i], 0, data, (b * rows + i) * cols, cols);
            }
        }
        return Tensor.constant(data, Shape.of(blocks.length, rows, cols));
    }

    /** The shape of a new tensor, refused with the creating op's name when a size is negative. */
    static Shape shape(String op, int... dims) {
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 0) {
                throw new ShapeException(op + ": size " + dims[i] + " at dimension " + i + " of "
                        + Arrays.toString(dims) + " is negative");
            }
        }
        return Shape.of(dims);
    }

    static Tensor full(DType dtype, double value, Shape s) {
        return new Tensor(Storage.zeros(dtype.elementSize(), 0).filled(s.numel(), value), s);
    }

    static Tensor arange(double start, double end, double step) {
        if (step == 0 || !Double.isFinite(step) || !Double.isFinite(start) || !Double.isFinite(end)) {
            throw new IllegalArgumentException("arange: start " + start + ", end " + end + " and step " + step
                    + " must be finite with a non-zero step");
        }
        if ((end - start) * step < 0) {
            throw new IllegalArgumentException("arange: from " + start + " to " + end + " with step " + step
                    + " never arrives; the step's sign must lead from start to end");
        }
        int n = (int) Math.ceil((end - start) / step);
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = start + i * step;
        }
        return Tensor.constant(d, Shape.of(n));
    }

    static Tensor linspace(double start, double end, int steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("linspace: steps " + steps + " must be at least 0");
        }
        double[] d = new double[steps];
        double step = steps > 1 ? (end - start) / (steps - 1) : 0;
        for (int i = 0; i < steps; i++) {
            d[i] = i == steps - 1 && steps > 1 ? end : start + i * step;
        }
        return Tensor.constant(d, Shape.of(steps));
    }

    static Tensor eye(int n) {
        shape("eye", n, n);
        double[] d = new double[n * n];
        for (int i = 0; i < n; i++) {
            d[i * n + i] = 1;
        }
        return Tensor.constant(d, Shape.of(n, n));
    }

    static Tensor uniform(Random rng, double low, double high, Shape s) {
        if (!(low < high)) {
            throw new IllegalArgumentException("uniform: low " + low + " must be less than high " + high);
        }
        double[] d = new double[s.numel()];
        for (int i = 0; i < d.length; i++) {
            d[i] = low + (high - low) * rng.nextDouble();
        }
        return Tensor.constant(d, s);
    }

    /**
     * As {@link #uniform(Random, double, double, Shape)} in type {@code dtype}, each sample rounded
     * once, except that one that would round up to {@code high} becomes the float just below it.
     */
    static Tensor uniform(Random rng, DType dtype, double low, double high, Shape s) {
        if (dtype == DType.FLOAT64) {
            return uniform(rng, low, high, s);
        }
        if (!(low < high)) {
            throw new IllegalArgumentException("uniform: low " + low + " must be less than high " + high);
        }
        float[] d = new float[s.numel()];
        for (int i = 0; i < d.length; i++) {
            float v = (float) (low + (high - low) * rng.nextDouble());
            // a sample just below high may round up to it (1 − 2⁻⁵³ → 1f): keep the interval half-open
            d[i] = v < high ? v : Math.nextDown(v);
        }
        return new Tensor(Storage.wrap(d), s);
    }

    /** As {@link #normal(Random, Shape)} in type {@code dtype}, each sample rounded once. */
    static Tensor normal(Random rng, DType dtype, Shape s) {
        if (dtype == DType.FLOAT64) {
            return normal(rng, s);
        }
        float[] d = new float[s.numel()];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) rng.nextGaussian();
        }
        return new Tensor(Storage.wrap(d), s);
    }

    static Tensor normal(Random rng, Shape s) {
        double[] d = new double[s.numel()];
        for (int i = 0; i < d.length; i++) {
            d[i] = rng.nextGaussian();
        }
        return Tensor.constant(d, s);
    }

    static Tensor randint(Random rng, long low, long high, Shape s) {
        if (low >= high) {
            throw new IllegalArgumentException("randint: low " + low + " must be less than high " + high);
        }
        double[] d = new double[s.numel()];
        long span = high - low;
        for (int i = 0; i < d.length; i++) {
            d[i] = low + Math.floorMod(rng.nextLong(), span);
        }
        return Tensor.constant(d, s);
    }

    static int flatIndex(Shape s, int[] index) {
        if (index.length != s.rank()) {
            throw new ShapeException("get: " + index.length + " indices given for shape " + s);
        }
        int flat = 0;
        for (int i = 0; i < index.length; i++) {
            int n = s.size(i);
            int v = index[i] < 0 ? index[i] + n : index[i];
            if (v < 0 || v >= n) {
                throw new ShapeException("get: index " + index[i] + " is out of bounds for dimension " + i
                        + " of size " + n + " in shape " + s);
            }
            flat = flat * n + v;
        }
        return flat;
    }

    static double[][] toRows(Tensor t) {
        if (t.dim() != 2) {
            throw new ShapeException("toArray2d: needs a 2-dimensional tensor, got shape " + t.shape());
        }
        int rows = t.shape().size(0);
        int cols = t.shape().size(1);
        double[][] out = new double[rows][];
        double[] all = t.data.values();
        for (int i = 0; i < rows; i++) {
            out[i] = Arrays.copyOfRange(all, i * cols, (i + 1) * cols);
        }
        return out;
    }

    static boolean allClose(Tensor a, Tensor b, double rtol, double atol) {
        Shape s = Shape.broadcast("allClose", a.shape(), b.shape());
        double[] av = (a.shape().equals(s) ? a.data : a.data.expand(a.dims(), s.dimsUnsafe())).values();
        double[] bv = (b.shape().equals(s) ? b.data : b.data.expand(b.dims(), s.dimsUnsafe())).values();
        for (int i = 0; i < av.length; i++) {
            double x = av[i];
            double y = bv[i];
            boolean same = x == y || (Double.isNaN(x) && Double.isNaN(y)) || Math.abs(x - y) <= atol + rtol * Math.abs(y);
            if (!same) {
                return false;
            }
        }
        return true;
    }
}
