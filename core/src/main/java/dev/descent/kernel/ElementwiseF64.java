package dev.descent.kernel;

import dev.descent.kernel.Elementwise.Binary;
import dev.descent.kernel.Elementwise.Unary;

/**
 * Elementwise arithmetic with NumPy broadcasting; one loop per operation, no per-element dispatch.
 * Functions that Java's {@code Math} has for double only are called through {@link Scalars}, which
 * has them for both element types.
 */
public final class ElementwiseF64 {
    private ElementwiseF64() {
    }

    /** Applies {@code op} to every element of {@code a}. */
    public static double[] unary(Unary op, double[] a) {
        int n = a.length;
        double[] out = new double[n];
        switch (op) {
            case NEG -> { for (int i = 0; i < n; i++) out[i] = -a[i]; }
            case EXP -> { for (int i = 0; i < n; i++) out[i] = Scalars.exp(a[i]); }
            case LOG -> { for (int i = 0; i < n; i++) out[i] = Scalars.log(a[i]); }
            case LOG1P -> { for (int i = 0; i < n; i++) out[i] = Scalars.log1p(a[i]); }
            case SQRT -> { for (int i = 0; i < n; i++) out[i] = Scalars.sqrt(a[i]); }
            case SIN -> { for (int i = 0; i < n; i++) out[i] = Scalars.sin(a[i]); }
            case COS -> { for (int i = 0; i < n; i++) out[i] = Scalars.cos(a[i]); }
            case TANH -> { for (int i = 0; i < n; i++) out[i] = Scalars.tanh(a[i]); }
            case SIGMOID -> { for (int i = 0; i < n; i++) out[i] = Scalars.sigmoid(a[i]); }
            case SIGN -> { for (int i = 0; i < n; i++) out[i] = Math.signum(a[i]); }
            default -> throw new AssertionError(op);
        }
        return out;
    }

    /** {@code a[i]^p} for every element. */
    public static double[] powScalar(double[] a, double p) {
        double[] out = new double[a.length];
        if (p == 2.0) {
            for (int i = 0; i < a.length; i++) out[i] = a[i] * a[i];
        } else {
            for (int i = 0; i < a.length; i++) out[i] = Scalars.pow(a[i], p);
        }
        return out;
    }

    /** {@code op(a, b)} where {@code a} has shape {@code aDims}, {@code b} has {@code bDims}, broadcast to {@code outDims}. */
    public static double[] binary(Binary op, double[] a, int[] aDims, double[] b, int[] bDims, int[] outDims) {
        double[] out = new double[Broadcast.numel(outDims)];
        binaryInto(op, a, aDims, b, bDims, outDims, out);
        return out;
    }

    /**
     * As {@link #binary} but into {@code out} (row-major, shape {@code outDims}), which may be
     * {@code a} itself when {@code a} already has the output's shape: the in-place updates use that.
     * A scalar, a repeated row (a bias) or a value per row (a column such as a row maximum) is read
     * where it lies instead of being copied out to the full shape first.
     */
    public static void binaryInto(Binary op, double[] a, int[] aDims, double[] b, int[] bDims, int[] outDims,
                                  double[] out) {
        int n = out.length;
        Layout la = Layout.of(a.length, aDims, outDims, n);
        Layout lb = Layout.of(b.length, bDims, outDims, n);
        // THRESHOLD (relu's, whose operands have one shape) has no loop with offsets apart: a broadcast
        // operand of it is expanded below
        boolean rowwise = op != Binary.THRESHOLD;
        if (la == Layout.FULL && lb == Layout.FULL) {
            apply(op, a, 0, b, 0, out, 0, n);
        } else if (la == Layout.FULL && lb == Layout.SCALAR) {
            applyScalarRight(op, a, b[0], out, 0, n);
        } else if (rowwise && la == Layout.FULL && lb == Layout.ROW) {
            for (int o = 0; o < n; o += b.length) {
                apply(op, a, o, b, 0, out, o, b.length);
            }
        } else if (rowwise && la == Layout.ROW && lb == Layout.FULL) {
            for (int o = 0; o < n; o += a.length) {
                apply(op, a, 0, b, o, out, o, a.length);
            }
        } else if (rowwise && la == Layout.FULL && lb == Layout.COLUMN) {
            int len = outDims[outDims.length - 1];
            for (int r = 0, o = 0; o < n; r++, o += len) {
                applyScalarRight(op, a, b[r], out, o, o + len);
            }
        } else {
            double[] ea = la == Layout.FULL ? a : CopyF64.expand(a, aDims, outDims);
            double[] eb = lb == Layout.FULL ? b : CopyF64.expand(b, bDims, outDims);
            apply(op, ea, 0, eb, 0, out, 0, n);
        }
    }

    private static void apply(Binary op, double[] a, int ao, double[] b, int bo, double[] out, int oo, int n) {
        if (ao == oo && bo == oo && applyAligned(op, a, b, out, oo, oo + n)) {
            return;
        }
        switch (op) {
            case ADD -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] + b[bo + i]; }
            case SUB -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] - b[bo + i]; }
            case MUL -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] * b[bo + i]; }
            case DIV -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] / b[bo + i]; }
            case POW -> { for (int i = 0; i < n; i++) out[oo + i] = Scalars.pow(a[ao + i], b[bo + i]); }
            case MAX -> { for (int i = 0; i < n; i++) out[oo + i] = Math.max(a[ao + i], b[bo + i]); }
            case MIN -> { for (int i = 0; i < n; i++) out[oo + i] = Math.min(a[ao + i], b[bo + i]); }
            case GT -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] > b[bo + i] ? 1 : 0; }
            case LT -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] < b[bo + i] ? 1 : 0; }
            case GE -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] >= b[bo + i] ? 1 : 0; }
            case LE -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] <= b[bo + i] ? 1 : 0; }
            case EQ -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] == b[bo + i] ? 1 : 0; }
            case NE -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] != b[bo + i] ? 1 : 0; }
            default -> throw new AssertionError(op); // THRESHOLD: always aligned (see binaryInto)
        }
    }

    /**
     * The common ops on elements {@code [from, to)} of a, b and out, indexed alike. C2 vectorises a loop
     * over two arrays that may be the same one (an in-place update) only when it sees one index for
     * both: with an offset for each, it cannot rule out that a store feeds a later load, and the loop
     * stays scalar (a scaling of 200,704 floats in place took 86–91 µs instead of 17 on Zen 3, JDK 17
     * and 25). False for the other ops.
     */
    private static boolean applyAligned(Binary op, double[] a, double[] b, double[] out, int from, int to) {
        switch (op) {
            case ADD -> { for (int i = from; i < to; i++) out[i] = a[i] + b[i]; }
            case SUB -> { for (int i = from; i < to; i++) out[i] = a[i] - b[i]; }
            case MUL -> { for (int i = from; i < to; i++) out[i] = a[i] * b[i]; }
            case DIV -> { for (int i = from; i < to; i++) out[i] = a[i] / b[i]; }
            case MAX -> { for (int i = from; i < to; i++) out[i] = Math.max(a[i], b[i]); }
            case MIN -> { for (int i = from; i < to; i++) out[i] = Math.min(a[i], b[i]); }
            case THRESHOLD -> threshold(a, b, out, from, to);
            default -> {
                return false;
            }
        }
        return true;
    }

    /** {@code out[i] = op(a[i], s)} for {@code i} in {@code [from, to)}: one index for both arrays, as in {@link #applyAligned}. */
    private static void applyScalarRight(Binary op, double[] a, double s, double[] out, int from, int to) {
        switch (op) {
            case ADD -> { for (int i = from; i < to; i++) out[i] = a[i] + s; }
            case SUB -> { for (int i = from; i < to; i++) out[i] = a[i] - s; }
            case MUL -> { for (int i = from; i < to; i++) out[i] = a[i] * s; }
            case DIV -> { for (int i = from; i < to; i++) out[i] = a[i] / s; }
            case GT -> { for (int i = from; i < to; i++) out[i] = bit(a[i] > s); }
            case LE -> { for (int i = from; i < to; i++) out[i] = bit(a[i] <= s); }
            default -> {
                double[] b = new double[to - from];
                java.util.Arrays.fill(b, s);
                apply(op, a, from, b, 0, out, from, to - from);
            }
        }
    }

    /**
     * {@code a <= 0 ? 0 : b}, NaN in a passing b. Relu's forward (a and b the same elements) is
     * {@code max(a, 0)}, which the JIT vectorises and which agrees on every value, −0 and NaN included.
     */
    private static void threshold(double[] a, double[] b, double[] out, int from, int to) {
        if (a == b) {
            for (int i = from; i < to; i++) out[i] = Math.max(a[i], 0);
        } else {
            for (int i = from; i < to; i++) out[i] = Scalars.select(bit(a[i] <= 0), 0, b[i]);
        }
    }

    /** 1 or 0 through an int, without a branch: see {@link Scalars#select(double, double, double)}. */
    private static double bit(boolean b) {
        return b ? 1 : 0;
    }

    /** {@code cond[i] != 0 ? a[i] : b[i]}, all three broadcast to {@code outDims}; a scalar branch (such as a 0) is not copied out. */
    public static double[] where(double[] cond, int[] cDims, double[] a, int[] aDims, double[] b, int[] bDims,
                                 int[] outDims) {
        int n = Broadcast.numel(outDims);
        double[] c = cond.length == n ? cond : CopyF64.expand(cond, cDims, outDims);
        double[] out = new double[n];
        if (a.length == 1 && n != 1 && b.length == n) {
            double s = a[0];
            for (int i = 0; i < n; i++) {
                out[i] = Scalars.select(c[i], s, b[i]);
            }
            return out;
        }
        if (b.length == 1 && n != 1 && a.length == n) {
            double s = b[0];
            for (int i = 0; i < n; i++) {
                out[i] = Scalars.select(c[i], a[i], s);
            }
            return out;
        }
        double[] ea = a.length == n ? a : CopyF64.expand(a, aDims, outDims);
        double[] eb = b.length == n ? b : CopyF64.expand(b, bDims, outDims);
        for (int i = 0; i < n; i++) {
            out[i] = Scalars.select(c[i], ea[i], eb[i]);
        }
        return out;
    }

    /** {@code t[i] += o[i]·alpha}: the optimizers' update {@code p.add_(g, alpha=-lr)} in one pass. */
    public static void addScaled(double[] t, double[] o, double alpha) {
        for (int i = 0; i < t.length; i++) {
            t[i] += o[i] * alpha;
        }
    }

    /** {@code acc[i] += g[i]}: a gradient added into a leaf's. */
    public static void accumulate(double[] acc, double[] g) {
        for (int i = 0; i < acc.length; i++) {
            acc[i] += g[i];
        }
    }

    /** True when some element is NaN or infinite. */
    public static boolean hasNonFinite(double[] a) {
        for (double v : a) {
            if (!Double.isFinite(v)) {
                return true;
            }
        }
        return false;
    }
}
