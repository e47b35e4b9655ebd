package dev.descent.kernel;

/**
 * The mean squared error of a linear model {@code y ≈ X·w + b} and its gradient in two passes over
 * the data, with nothing allocated: the fused step of full-batch gradient descent for linear
 * regression, where building the autograd graph (about 25 small tensors) and the two generic
 * matrix-vector products would cost more than the arithmetic. X is held column by column, so that
 * the residual is a sum of scaled columns (unit stride, which the JIT vectorises) and each weight's
 * gradient one dot product with the residual.
 */
public final class LinearMseF64 {
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
    public static double/*wide*/ lossAndGradient(double[][] columns, double[] y, double[] w, double b,
                                                 double[] residual, double[] gradient) {
        int n = y.length;
        int f = columns.length;
        for (int i = 0; i < n; i++) {
            residual[i] = b - y[i];
        }
        for (int j = 0; j < f; j++) {
            double wj = w[j];
            double[] c = columns[j];
            for (int i = 0; i < n; i++) {
                residual[i] = Math.fma(wj, c[i], residual[i]);
            }
        }
        double/*wide*/ l0 = 0;
        double/*wide*/ l1 = 0;
        double r0 = 0;
        double r1 = 0;
        int i = 0;
        for (; i + 1 < n; i += 2) {
            double/*wide*/ a = residual[i];
            double/*wide*/ c = residual[i + 1];
            l0 += a * a;
            l1 += c * c;
            r0 += residual[i];
            r1 += residual[i + 1];
        }
        if (i < n) {
            double/*wide*/ a = residual[i];
            l0 += a * a;
            r0 += residual[i];
        }
        double scale = 2 / (double) n;
        int j = 0;
        // Four columns a pass, each with two sums (even and odd rows): eight independent chains keep
        // both FMA units busy, where one sum would wait on the adder at every row.
        for (; j + 3 < f; j += 4) {
            double[] c0 = columns[j];
            double[] c1 = columns[j + 1];
            double[] c2 = columns[j + 2];
            double[] c3 = columns[j + 3];
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            double t0 = 0;
            double t1 = 0;
            double t2 = 0;
            double t3 = 0;
            int k = 0;
            for (; k + 1 < n; k += 2) {
                double ra = residual[k];
                double rb = residual[k + 1];
                s0 = Math.fma(c0[k], ra, s0);
                s1 = Math.fma(c1[k], ra, s1);
                s2 = Math.fma(c2[k], ra, s2);
                s3 = Math.fma(c3[k], ra, s3);
                t0 = Math.fma(c0[k + 1], rb, t0);
                t1 = Math.fma(c1[k + 1], rb, t1);
                t2 = Math.fma(c2[k + 1], rb, t2);
                t3 = Math.fma(c3[k + 1], rb, t3);
            }
            if (k < n) {
                double ra = residual[k];
                s0 = Math.fma(c0[k], ra, s0);
                s1 = Math.fma(c1[k], ra, s1);
                s2 = Math.fma(c2[k], ra, s2);
                s3 = Math.fma(c3[k], ra, s3);
            }
            gradient[j] = scale * (s0 + t0);
            gradient[j + 1] = scale * (s1 + t1);
            gradient[j + 2] = scale * (s2 + t2);
            gradient[j + 3] = scale * (s3 + t3);
        }
        for (; j < f; j++) {
            double[] c = columns[j];
            double s = 0;
            double t = 0;
            int k = 0;
            for (; k + 1 < n; k += 2) {
                s = Math.fma(c[k], residual[k], s);
                t = Math.fma(c[k + 1], residual[k + 1], t);
            }
            if (k < n) {
                s = Math.fma(c[k], residual[k], s);
            }
            gradient[j] = scale * (s + t);
        }
        gradient[f] = scale * (r0 + r1);
        return (l0 + l1) / n;
    }
}
