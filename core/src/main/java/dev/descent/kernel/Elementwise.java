package dev.descent.kernel;

/** Elementwise arithmetic with NumPy broadcasting; one loop per operation, no per-element dispatch. */
public final class Elementwise {
    private Elementwise() {
    }

    /** Operations of one argument. */
    public enum Unary { NEG, EXP, LOG, LOG1P, SQRT, SIN, COS, TANH, SIGMOID, ABS, SIGN, RECIPROCAL }

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
            case ABS -> { for (int i = 0; i < n; i++) out[i] = Math.abs(a[i]); }
            case SIGN -> { for (int i = 0; i < n; i++) out[i] = Math.signum(a[i]); }
            case RECIPROCAL -> { for (int i = 0; i < n; i++) out[i] = 1.0 / a[i]; }
            default -> throw new AssertionError(op);
        }
        return out;
    }

    /**
     * The logistic function 1/(1+e^-x), evaluated so that neither branch overflows: for x < 0 it
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
        int n = Broadcast.numel(outDims);
        double[] out = new double[n];
        if (a.length == n && b.length == n) {
            apply(op, a, b, out, n);
        } else if (a.length == n && b.length == 1) {
            applyScalarRight(op, a, b[0], out, n);
        } else {
            double[] ea = a.length == n ? a : Broadcast.expand(a, aDims, outDims);
            double[] eb = b.length == n ? b : Broadcast.expand(b, bDims, outDims);
            apply(op, ea, eb, out, n);
        }
        return out;
    }

    private static void apply(Binary op, double[] a, double[] b, double[] out, int n) {
        switch (op) {
            case ADD -> { for (int i = 0; i < n; i++) out[i] = a[i] + b[i]; }
            case SUB -> { for (int i = 0; i < n; i++) out[i] = a[i] - b[i]; }
            case MUL -> { for (int i = 0; i < n; i++) out[i] = a[i] * b[i]; }
            case DIV -> { for (int i = 0; i < n; i++) out[i] = a[i] / b[i]; }
            case POW -> { for (int i = 0; i < n; i++) out[i] = Math.pow(a[i], b[i]); }
            case MAX -> { for (int i = 0; i < n; i++) out[i] = Math.max(a[i], b[i]); }
            case MIN -> { for (int i = 0; i < n; i++) out[i] = Math.min(a[i], b[i]); }
            case GT -> { for (int i = 0; i < n; i++) out[i] = a[i] > b[i] ? 1 : 0; }
            case LT -> { for (int i = 0; i < n; i++) out[i] = a[i] < b[i] ? 1 : 0; }
            case GE -> { for (int i = 0; i < n; i++) out[i] = a[i] >= b[i] ? 1 : 0; }
            case LE -> { for (int i = 0; i < n; i++) out[i] = a[i] <= b[i] ? 1 : 0; }
            case EQ -> { for (int i = 0; i < n; i++) out[i] = a[i] == b[i] ? 1 : 0; }
            case NE -> { for (int i = 0; i < n; i++) out[i] = a[i] != b[i] ? 1 : 0; }
            default -> throw new AssertionError(op);
        }
    }

    private static void applyScalarRight(Binary op, double[] a, double s, double[] out, int n) {
        switch (op) {
            case ADD -> { for (int i = 0; i < n; i++) out[i] = a[i] + s; }
            case SUB -> { for (int i = 0; i < n; i++) out[i] = a[i] - s; }
            case MUL -> { for (int i = 0; i < n; i++) out[i] = a[i] * s; }
            case DIV -> { for (int i = 0; i < n; i++) out[i] = a[i] / s; }
            default -> {
                double[] b = new double[n];
                java.util.Arrays.fill(b, s);
                apply(op, a, b, out, n);
            }
        }
    }

    /** {@code cond[i] != 0 ? a[i] : b[i]}, all three broadcast to {@code outDims}. */
    public static double[] where(double[] cond, int[] cDims, double[] a, int[] aDims, double[] b, int[] bDims,
                                 int[] outDims) {
        int n = Broadcast.numel(outDims);
        double[] c = cond.length == n ? cond : Broadcast.expand(cond, cDims, outDims);
        double[] ea = a.length == n ? a : Broadcast.expand(a, aDims, outDims);
        double[] eb = b.length == n ? b : Broadcast.expand(b, bDims, outDims);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = c[i] != 0 ? ea[i] : eb[i];
        }
        return out;
    }
}
