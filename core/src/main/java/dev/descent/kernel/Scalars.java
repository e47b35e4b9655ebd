package dev.descent.kernel;

/**
 * The scalar functions the generated kernels call, once per element type. Java's {@code Math} has
 * most of them for {@code double} only; the float32 kernels are generated from the float64 ones by
 * text substitution (see {@link MatMul}), so a call such as {@code Scalars.exp(a[i])} must name a
 * function that exists for {@code float} too. A float32 result is the float64 result rounded once,
 * which is as close as float32 can be for exp, log and sqrt, and within one rounding for the rest.
 */
final class Scalars {
    private Scalars() {
    }

    static double exp(double x) {
        return Math.exp(x);
    }

    static float exp(float x) {
        return (float) Math.exp(x);
    }

    static double log(double x) {
        return Math.log(x);
    }

    static float log(float x) {
        return (float) Math.log(x);
    }

    static double log1p(double x) {
        return Math.log1p(x);
    }

    static float log1p(float x) {
        return (float) Math.log1p(x);
    }

    static double sqrt(double x) {
        return Math.sqrt(x);
    }

    static float sqrt(float x) {
        return (float) Math.sqrt(x);
    }

    static double sin(double x) {
        return Math.sin(x);
    }

    static float sin(float x) {
        return (float) Math.sin(x);
    }

    static double cos(double x) {
        return Math.cos(x);
    }

    static float cos(float x) {
        return (float) Math.cos(x);
    }

    static double tanh(double x) {
        return Math.tanh(x);
    }

    static float tanh(float x) {
        return (float) Math.tanh(x);
    }

    static double pow(double x, double p) {
        return Math.pow(x, p);
    }

    static float pow(float x, float p) {
        return (float) Math.pow(x, p);
    }

    /**
     * The logistic function 1/(1+e^-x), evaluated so that neither branch overflows: for x &lt; 0 it
     * uses e^x/(1+e^x), which is exact where the textbook form would compute 1/(1+∞).
     */
    static double sigmoid(double x) {
        if (x >= 0) {
            return 1 / (1 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1 + e);
    }

    /** The float64 logistic function rounded once to float32. */
    static float sigmoid(float x) {
        return (float) sigmoid((double) x);
    }

    /**
     * {@code c != 0 ? a : b} (NaN counts as true) by masking bits, without a branch: x86 has no
     * conditional move for floating-point registers, so the JIT emits a branch for the conditional,
     * mispredicted about half the time on relu's masks (random signs).
     */
    static double select(double c, double a, double b) {
        long cb = Double.doubleToRawLongBits(c) << 1;
        long mask = (cb | -cb) >> 63;
        return Double.longBitsToDouble((Double.doubleToRawLongBits(a) & mask) | (Double.doubleToRawLongBits(b) & ~mask));
    }

    /** As {@link #select(double, double, double)} for float32. */
    static float select(float c, float a, float b) {
        int cb = Float.floatToRawIntBits(c) << 1;
        int mask = (cb | -cb) >> 31;
        return Float.intBitsToFloat((Float.floatToRawIntBits(a) & mask) | (Float.floatToRawIntBits(b) & ~mask));
    }
}
