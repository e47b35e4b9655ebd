package dev.descent.kernel;

/** Elementwise arithmetic with NumPy broadcasting; one loop per operation, no per-element dispatch. */
public final class Elementwise {
    private Elementwise() {
    }

    /** Operations of one argument. */
    public enum Unary { NEG, EXP, LOG, LOG1P, SQRT, SIN, COS, TANH, SIGMOID, SIGN }

    /** Operations of two arguments; comparisons give 1.0 for true and 0.0 for false. */
    public enum Binary { ADD, SUB, MUL, DIV, POW, MAX, MIN, GT, LT, GE, LE, EQ, NE }

    /** Applies {@code op} to every element of {@code a}. */
    public static double[] unary(Unary op, double[] a) {
        int n = a.length;
        double[] out = new double[n];
        switch (op) {
            case NEG -> { for (int i = 0; i < n; i++) out[i] = -a[i]; }
            case EXP -> { for (int i = 0; i < n; i++) out[i] = Math.exp(a[i]); }
            case LOG -> { for (int i = 0; i < n; i++) out[i] = Math.log(a[i]); }
            case LOG1P -> { for (int i = 0; i < n; i++) out[i] = Math.log1p(a[i]); }
            case SQRT -> { for (int i = 0; i < n; i++) out[i] = Math.sqrt(a[i]); }
            case SIN -> { for (int i = 0; i < n; i++) out[i] = Math.sin(a[i]); }
            case COS -> { for (int i = 0; i < n; i++) out[i] = Math.cos(a[i]); }
            case TANH -> { for (int i = 0; i < n; i++) out[i] = Math.tanh(a[i]); }
            case SIGMOID -> { for (int i = 0; i < n; i++) out[i] = sigmoid(a[i]); }
            case SIGN -> { for (int i = 0; i < n; i++) out[i] = Math.signum(a[i]); }
            default -> throw new AssertionError(op);
        }
        return out;
    }

    /**
     * The logistic function 1/(1+e^-x), evaluated so that neither branch overflows: for x &lt; 0 it
     * uses e^x/(1+e^x), which is exact where the textbook form would compute 1/(1+∞).
     */
    public static double sigmoid(double x) {
        if (x >= 0) {
            return 1.0 / (1.0 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1.0 + e);
    }

    /** {@code a[i]^p} for every element. */
    public static double[] powScalar(double[] a, double p) {
        double[] out = new double[a.length];
        if (p == 2.0) {
            for (int i = 0; i < a.length; i++) out[i] = a[i] * a[i];
        } else {
            for (int i = 0; i < a.length; i++) out[i] = Math.pow(a[i], p);
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
        if (la == Layout.FULL && lb == Layout.FULL) {
            apply(op, a, 0, b, 0, out, 0, n);
        } else if (la == Layout.FULL && lb == Layout.SCALAR) {
            applyScalarRight(op, a, 0, b[0], out, 0, n);
        } else if (la == Layout.FULL && lb == Layout.ROW) {
            for (int o = 0; o < n; o += b.length) {
                apply(op, a, o, b, 0, out, o, b.length);
            }
        } else if (la == Layout.ROW && lb == Layout.FULL) {
            for (int o = 0; o < n; o += a.length) {
                apply(op, a, 0, b, o, out, o, a.length);
            }
        } else if (la == Layout.FULL && lb == Layout.COLUMN) {
            int len = outDims[outDims.length - 1];
            for (int r = 0, o = 0; o < n; r++, o += len) {
                applyScalarRight(op, a, o, b[r], out, o, len);
            }
        } else {
            double[] ea = la == Layout.FULL ? a : Broadcast.expand(a, aDims, outDims);
            double[] eb = lb == Layout.FULL ? b : Broadcast.expand(b, bDims, outDims);
            apply(op, ea, 0, eb, 0, out, 0, n);
        }
    }

    private static void apply(Binary op, double[] a, int ao, double[] b, int bo, double[] out, int oo, int n) {
        switch (op) {
            case ADD -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] + b[bo + i]; }
            case SUB -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] - b[bo + i]; }
            case MUL -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] * b[bo + i]; }
            case DIV -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] / b[bo + i]; }
            case POW -> { for (int i = 0; i < n; i++) out[oo + i] = Math.pow(a[ao + i], b[bo + i]); }
            case MAX -> { for (int i = 0; i < n; i++) out[oo + i] = Math.max(a[ao + i], b[bo + i]); }
            case MIN -> { for (int i = 0; i < n; i++) out[oo + i] = Math.min(a[ao + i], b[bo + i]); }
            case GT -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] > b[bo + i] ? 1 : 0; }
            case LT -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] < b[bo + i] ? 1 : 0; }
            case GE -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] >= b[bo + i] ? 1 : 0; }
            case LE -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] <= b[bo + i] ? 1 : 0; }
            case EQ -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] == b[bo + i] ? 1 : 0; }
            case NE -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] != b[bo + i] ? 1 : 0; }
            default -> throw new AssertionError(op);
        }
    }

    private static void applyScalarRight(Binary op, double[] a, int ao, double s, double[] out, int oo, int n) {
        switch (op) {
            case ADD -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] + s; }
            case SUB -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] - s; }
            case MUL -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] * s; }
            case DIV -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] / s; }
            case GT -> { for (int i = 0; i < n; i++) out[oo + i] = bit(a[ao + i] > s); }
            case LE -> { for (int i = 0; i < n; i++) out[oo + i] = bit(a[ao + i] <= s); }
            default -> {
                double[] b = new double[n];
                java.util.Arrays.fill(b, s);
                apply(op, a, ao, b, 0, out, oo, n);
            }
        }
    }

    /**
     * 1.0 or 0.0 through an int, not a double conditional move: x86 has none for doubles, so the
     * JIT emits a branch, mispredicted about half the time on relu's masks (random signs).
     */
    private static double bit(boolean b) {
        return b ? 1 : 0;
    }

    /** {@code c != 0 ? a : b} (NaN counts as true) by masking bits, without a branch, for the reason given at {@link #bit}. */
    private static double select(double c, double a, double b) {
        long cb = Double.doubleToRawLongBits(c) << 1;
        long mask = (cb | -cb) >> 63;
        return Double.longBitsToDouble((Double.doubleToRawLongBits(a) & mask) | (Double.doubleToRawLongBits(b) & ~mask));
    }

    /** {@code cond[i] != 0 ? a[i] : b[i]}, all three broadcast to {@code outDims}; a scalar branch (relu's 0) is not copied out. */
    public static double[] where(double[] cond, int[] cDims, double[] a, int[] aDims, double[] b, int[] bDims,
                                 int[] outDims) {
        int n = Broadcast.numel(outDims);
        double[] c = cond.length == n ? cond : Broadcast.expand(cond, cDims, outDims);
        double[] out = new double[n];
        if (a.length == 1 && n != 1 && b.length == n) {
            double s = a[0];
            for (int i = 0; i < n; i++) {
                out[i] = select(c[i], s, b[i]);
            }
            return out;
        }
        if (b.length == 1 && n != 1 && a.length == n) {
            double s = b[0];
            for (int i = 0; i < n; i++) {
                out[i] = select(c[i], a[i], s);
            }
            return out;
        }
        double[] ea = a.length == n ? a : Broadcast.expand(a, aDims, outDims);
        double[] eb = b.length == n ? b : Broadcast.expand(b, bDims, outDims);
        for (int i = 0; i < n; i++) {
            out[i] = select(c[i], ea[i], eb[i]);
        }
        return out;
    }
}
