package dev.descent.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The mean squared error of a linear model {@code y ≈ X·w + b} and its gradient in a few passes over
 * the data (the residual, its sums, one dot product per column), with nothing allocated: the fused step of full-batch gradient descent for linear
 * regression, where building the autograd graph (about 25 small tensors) and the two generic
 * matrix-vector products would cost more than the arithmetic. X is held column by column, so that
 * the residual is a sum of scaled columns (unit stride, which the JIT vectorises) and each weight's
 * gradient one dot product with the residual.
 *
 * <p>Each dot product is summed in {@link #LANES} interleaved partial sums (row i into sum i mod 4),
 * added in a fixed order at the end: with AVX2 these are the lanes of one 4-lane vector, elsewhere
 * four scalars, so the result has the same bits on AVX2, AVX-512 and without the Vector API.
 * The JIT does not vectorise a plain sum (it may not reorder floating-point additions), which left
 * the dot products scalar and the larger half of a Boston epoch.
 */
public final class LinearMseF64 {
    /** Partial sums per dot product; part of the result, whatever the machine's vector width. */
    static final int LANES = 4;
    /**
     * Whether the JIT's preferred vectors hold exactly {@link #LANES} doubles (AVX2). Not on 128-bit
     * NEON, where they would be emulated, and not with AVX-512: a 4-lane DoubleVector beside the
     * micro-kernel's 8-lane ones gives C2's profiles two vector classes at the Vector API's shared call
     * sites, and then it stopped inlining them: float64 products of n = 1024 ran at 16 GFLOP/s instead
     * of 50 for the rest of the process after one Boston fit (Xeon, AVX-512, JDK 25).
     */
    private static final boolean WIDE_VECTORS = Machine.vectorBits() == LANES * Double.SIZE;

    private LinearMseF64() {
    }

    /**
     * Sets {@code residual = X·w + b − y} and {@code gradient = [∂L/∂w, ∂L/∂b]} for
     * {@code L = mean(residual²)}: {@code ∂L/∂w_j = (2/n)·Σ_i X_ij·r_i}, {@code ∂L/∂b = (2/n)·Σ_i r_i}.
     *
     * @param columns X's f columns, each of the n rows
     * @param y the n targets
     * @param w the f weights
     * @param b the bias
     * @param residual n values, overwritten
     * @param gradient f + 1 values, overwritten: the weights' gradient, then the bias's
     * @return L, the mean of the squared residuals, accumulated in float64
     */
    public static double lossAndGradient(double[][] columns, double[] y, double[] w, double b,
                                         double[] residual, double[] gradient) {
        int n = y.length;
        int f = columns.length;
        residual(columns, y, w, b, residual);
        double scale = 2 / (double) n;
        double squares;
        if (WIDE_VECTORS && Kernels.vectorApiEnabled()) {
            squares = Vectorised.sums(residual, gradient, f);
            Vectorised.dots(columns, residual, scale, gradient);
        } else {
            squares = sums(residual, gradient, f);
            dots(columns, residual, scale, gradient);
        }
        gradient[f] *= scale;
        return squares / n;
    }

    /**
     * {@code residual = b − y + Σ_j w_j·X_j}, adding the columns in order with one FMA each, four
     * columns a pass so that the residual is read and written once per four.
     */
    private static void residual(double[][] columns, double[] y, double[] w, double b, double[] residual) {
        int n = y.length;
        int f = columns.length;
        for (int i = 0; i < n; i++) {
            residual[i] = b - y[i];
        }
        int j = 0;
        for (; j + 3 < f; j += 4) {
            double w0 = w[j];
            double w1 = w[j + 1];
            double w2 = w[j + 2];
            double w3 = w[j + 3];
            double[] c0 = columns[j];
            double[] c1 = columns[j + 1];
            double[] c2 = columns[j + 2];
            double[] c3 = columns[j + 3];
            for (int i = 0; i < n; i++) {
                residual[i] = Math.fma(w3, c3[i], Math.fma(w2, c2[i], Math.fma(w1, c1[i], Math.fma(w0, c0[i], residual[i]))));
            }
        }
        for (; j < f; j++) {
            double wj = w[j];
            double[] c = columns[j];
            for (int i = 0; i < n; i++) {
                residual[i] = Math.fma(wj, c[i], residual[i]);
            }
        }
    }

    /** Returns {@code Σ_i r_i²} and sets {@code out[at] = Σ_i r_i}, each in {@link #LANES} partial sums as {@link #dot}. */
    static double sums(double[] r, double[] out, int at) {
        int n = r.length;
        double l0 = 0;
        double l1 = 0;
        double l2 = 0;
        double l3 = 0;
        double q0 = 0;
        double q1 = 0;
        double q2 = 0;
        double q3 = 0;
        int k = 0;
        for (; k + 3 < n; k += 4) {
            l0 += r[k] * r[k];
            l1 += r[k + 1] * r[k + 1];
            l2 += r[k + 2] * r[k + 2];
            l3 += r[k + 3] * r[k + 3];
            q0 += r[k];
            q1 += r[k + 1];
            q2 += r[k + 2];
            q3 += r[k + 3];
        }
        return finishSums(l0, l1, l2, l3, q0, q1, q2, q3, r, k, out, at);
    }

    /** The partial sums of {@link #sums} added in their fixed order, then the rows from {@code k} on. */
    static double finishSums(double l0, double l1, double l2, double l3, double q0, double q1, double q2, double q3,
                             double[] r, int k, double[] out, int at) {
        double l = (l0 + l1) + (l2 + l3);
        double q = (q0 + q1) + (q2 + q3);
        for (; k < r.length; k++) {
            l += r[k] * r[k];
            q += r[k];
        }
        out[at] = q;
        return l;
    }

    /**
     * {@code gradient[j] = scale·dot(columns[j], r)} for every column, four columns a pass: sixteen
     * independent sums keep both FMA units busy where one column's four wait on each other's latency
     * (1000 Boston epochs in 2.5–2.7 ms instead of 3.6–3.9 on a Xeon with AVX-512, where this path runs).
     */
    static void dots(double[][] columns, double[] r, double scale, double[] gradient) {
        int f = columns.length;
        int n = r.length;
        int j = 0;
        for (; j + 3 < f; j += 4) {
            double[] c0 = columns[j];
            double[] c1 = columns[j + 1];
            double[] c2 = columns[j + 2];
            double[] c3 = columns[j + 3];
            double s00 = 0, s01 = 0, s02 = 0, s03 = 0;
            double s10 = 0, s11 = 0, s12 = 0, s13 = 0;
            double s20 = 0, s21 = 0, s22 = 0, s23 = 0;
            double s30 = 0, s31 = 0, s32 = 0, s33 = 0;
            int k = 0;
            for (; k + 3 < n; k += 4) {
                double r0 = r[k];
                double r1 = r[k + 1];
                double r2 = r[k + 2];
                double r3 = r[k + 3];
                s00 = Math.fma(c0[k], r0, s00);
                s01 = Math.fma(c0[k + 1], r1, s01);
                s02 = Math.fma(c0[k + 2], r2, s02);
                s03 = Math.fma(c0[k + 3], r3, s03);
                s10 = Math.fma(c1[k], r0, s10);
                s11 = Math.fma(c1[k + 1], r1, s11);
                s12 = Math.fma(c1[k + 2], r2, s12);
                s13 = Math.fma(c1[k + 3], r3, s13);
                s20 = Math.fma(c2[k], r0, s20);
                s21 = Math.fma(c2[k + 1], r1, s21);
                s22 = Math.fma(c2[k + 2], r2, s22);
                s23 = Math.fma(c2[k + 3], r3, s23);
                s30 = Math.fma(c3[k], r0, s30);
                s31 = Math.fma(c3[k + 1], r1, s31);
                s32 = Math.fma(c3[k + 2], r2, s32);
                s33 = Math.fma(c3[k + 3], r3, s33);
            }
            gradient[j] = scale * finish(s00, s01, s02, s03, c0, r, k);
            gradient[j + 1] = scale * finish(s10, s11, s12, s13, c1, r, k);
            gradient[j + 2] = scale * finish(s20, s21, s22, s23, c2, r, k);
            gradient[j + 3] = scale * finish(s30, s31, s32, s33, c3, r, k);
        }
        for (; j < f; j++) {
            gradient[j] = scale * dot(columns[j], r);
        }
    }

    /** {@code Σ_i c_i·r_i} in {@link #LANES} partial sums: see the class comment. */
    static double dot(double[] c, double[] r) {
        int n = r.length;
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int k = 0;
        for (; k + 3 < n; k += 4) {
            s0 = Math.fma(c[k], r[k], s0);
            s1 = Math.fma(c[k + 1], r[k + 1], s1);
            s2 = Math.fma(c[k + 2], r[k + 2], s2);
            s3 = Math.fma(c[k + 3], r[k + 3], s3);
        }
        return finish(s0, s1, s2, s3, c, r, k);
    }

    /** The partial sums added in their fixed order, then the rows from {@code k} on, one FMA each. */
    static double finish(double s0, double s1, double s2, double s3, double[] c, double[] r, int k) {
        double s = (s0 + s1) + (s2 + s3);
        for (; k < r.length; k++) {
            s = Math.fma(c[k], r[k], s);
        }
        return s;
    }

    /**
     * The sums on 4-lane vectors; the only reference to the Vector API here, loaded only when it is
     * used: where the machine's preferred vectors hold four doubles (see {@link #WIDE_VECTORS}).
     */
    static final class Vectorised {
        static final VectorSpecies<Double> SPECIES =
                VectorSpecies.of(double.class, VectorShape.forBitSize(LANES * Double.SIZE));

        /** {@code gradient[j] = scale·dot(columns[j], r)} for every column, four columns a pass (one load of r for four). */
        static void dots(double[][] columns, double[] r, double scale, double[] gradient) {
            int f = columns.length;
            int n4 = SPECIES.loopBound(r.length);
            int j = 0;
            for (; j + 3 < f; j += 4) {
                double[] c0 = columns[j];
                double[] c1 = columns[j + 1];
                double[] c2 = columns[j + 2];
                double[] c3 = columns[j + 3];
                DoubleVector s0 = DoubleVector.zero(SPECIES);
                DoubleVector s1 = s0;
                DoubleVector s2 = s0;
                DoubleVector s3 = s0;
                for (int k = 0; k < n4; k += LANES) {
                    DoubleVector rk = DoubleVector.fromArray(SPECIES, r, k);
                    s0 = DoubleVector.fromArray(SPECIES, c0, k).fma(rk, s0);
                    s1 = DoubleVector.fromArray(SPECIES, c1, k).fma(rk, s1);
                    s2 = DoubleVector.fromArray(SPECIES, c2, k).fma(rk, s2);
                    s3 = DoubleVector.fromArray(SPECIES, c3, k).fma(rk, s3);
                }
                gradient[j] = scale * finish(s0, c0, r, n4);
                gradient[j + 1] = scale * finish(s1, c1, r, n4);
                gradient[j + 2] = scale * finish(s2, c2, r, n4);
                gradient[j + 3] = scale * finish(s3, c3, r, n4);
            }
            for (; j < f; j++) {
                double[] c = columns[j];
                DoubleVector s = DoubleVector.zero(SPECIES);
                for (int k = 0; k < n4; k += LANES) {
                    s = DoubleVector.fromArray(SPECIES, c, k).fma(DoubleVector.fromArray(SPECIES, r, k), s);
                }
                gradient[j] = scale * finish(s, c, r, n4);
            }
        }

        /** As {@link LinearMseF64#sums}, the partial sums in the lanes of two vectors. */
        static double sums(double[] r, double[] out, int at) {
            int n4 = SPECIES.loopBound(r.length);
            DoubleVector l = DoubleVector.zero(SPECIES);
            DoubleVector q = l;
            for (int k = 0; k < n4; k += LANES) {
                DoubleVector rk = DoubleVector.fromArray(SPECIES, r, k);
                l = l.add(rk.mul(rk));
                q = q.add(rk);
            }
            return finishSums(l.lane(0), l.lane(1), l.lane(2), l.lane(3), q.lane(0), q.lane(1), q.lane(2), q.lane(3), r, n4,
                    out, at);
        }

        private static double finish(DoubleVector s, double[] c, double[] r, int k) {
            return LinearMseF64.finish(s.lane(0), s.lane(1), s.lane(2), s.lane(3), c, r, k);
        }
    }
}
