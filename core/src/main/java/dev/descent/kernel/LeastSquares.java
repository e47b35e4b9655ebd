package dev.descent.kernel;

import java.util.Arrays;

/**
 * Linear least squares with an optional intercept, as {@code numpy.linalg.lstsq} and scikit-learn's
 * {@code LinearRegression} solve it: min ‖X·w + b − y‖₂, and on rank-deficient data the solution of
 * smallest ‖w‖.
 *
 * <p>Method (LAPACK's xGELSY, "complete orthogonal decomposition"): centre the columns when there is
 * an intercept; scale every column and y by powers of two (exact) so that the rank test is relative
 * to each column, not to the largest entry of the matrix; Householder QR with column pivoting
 * (xGEQP3) stops at the numerical rank r, where the largest remaining column norm falls below
 * max(rows, cols)·ε times the first pivot; for r &lt; cols the trapezoid [R₁₁ R₁₂] is reduced to
 * [T 0] by orthogonal transformations from the right (xTZRZF), which gives the minimum-norm
 * solution. The normal equations XᵀX·w = Xᵀy are never formed: their condition number is the
 * square of X's.
 */
public final class LeastSquares {
    private LeastSquares() {
    }

    /**
     * The solution: one weight per column, the intercept (0 without one), the numerical rank of the
     * (centred) features, and the columns left out of the rank (each a combination of the others,
     * or constant when there is an intercept), in the order the pivoting found them.
     */
    public record Solution(double[] weights, double intercept, int rank, int[] dependentColumns) {
    }

    /**
     * Solves min ‖X·w + b − y‖ (b = 0 without an intercept) for X given as its columns
     * ({@code columns[j]} is column j, each of y's length; Householder reflections work down
     * columns), factoring them in place: the columns are overwritten, so that a large X is held
     * once. y is not modified. Any shape is accepted, fewer rows than columns included.
     *
     * @throws ArithmeticException if an input or the solution is not finite (features near the
     *     largest double overflow)
     * @throws IllegalArgumentException if a column's length is not y's
     */
    public static Solution solveInPlace(double[][] columns, double[] y, boolean intercept) {
        double[][] col = columns;
        int rows = y.length;
        int cols = col.length;
        for (double[] c : col) {
            if (c.length != rows) {
                throw new IllegalArgumentException("LeastSquares: a column of " + c.length + " values for " + rows
                        + " targets");
            }
        }
        double[] target = y.clone();
        checkFinite(target, "the target");
        int[] colScale = new int[cols];
        double[] colMean = new double[cols];
        for (int j = 0; j < cols; j++) {
            checkFinite(col[j], "feature column " + j);
            colScale[j] = normalise(col[j], intercept, colMean, j);
        }
        double[] targetMean = new double[1];
        int targetScale = normalise(target, intercept, targetMean, 0);

        int[] perm = new int[cols];
        for (int j = 0; j < cols; j++) {
            perm[j] = j;
        }
        int steps = Math.min(rows, cols);
        double[] diag = new double[steps];
        double[] norms = new double[cols];
        for (int j = 0; j < cols; j++) {
            norms[j] = norm(col[j], 0, rows);
        }
        double tolerance = Math.max(rows, cols) * Math.ulp(1.0) * Arrays.stream(norms).max().orElse(0);
        int rank = 0;
        for (int k = 0; k < steps; k++) {
            int p = k;
            for (int j = k + 1; j < cols; j++) {
                if (norms[j] > norms[p]) {
                    p = j;
                }
            }
            // Recomputed, not downdated: downdating norms loses accuracy exactly where the rank is decided.
            if (!(norms[p] > tolerance)) {
                break;
            }
            swap(col, norms, perm, k, p);
            diag[k] = householder(col, target, k, rows, cols);
            for (int j = k + 1; j < cols; j++) {
                norms[j] = norm(col[j], k + 1, rows);
            }
            rank = k + 1;
        }
        double[] z;
        if (rank == cols) {
            z = minimumNormSolution(col, target, diag, rank, cols, new int[cols]);
        } else {
            // The smallest ‖w‖, not the smallest norm in the scaled units: wⱼ = zⱼ·2^(cⱼ − t), so with
            // uⱼ = zⱼ·2^(cⱼ − c_min) the weights are u times one constant. Solving for u multiplies
            // column j by 2^(c_min − cⱼ) ≤ 1, which can underflow but never overflow.
            int cMin = Arrays.stream(colScale).min().orElse(0);
            int[] shift = new int[cols];
            for (int k = 0; k < cols; k++) {
                shift[k] = cMin - colScale[perm[k]];
            }
            z = minimumNormSolution(col, target, diag, rank, cols, shift);
            for (int k = 0; k < cols; k++) {
                z[k] = Math.scalb(z[k], shift[k]);
            }
        }
        double[] weights = new double[cols];
        double intercept0 = targetMean[0];
        for (int k = 0; k < cols; k++) {
            int j = perm[k];
            double w = Math.scalb(z[k], colScale[j] - targetScale);
            weights[j] = w;
        }
        double b = 0;
        if (intercept) {
            // In the scaled units where the means were taken: ȳ − Σ x̄ⱼ·wⱼ, then back to y's units.
            double[] terms = new double[cols + 1];
            terms[0] = intercept0;
            for (int k = 0; k < cols; k++) {
                terms[k + 1] = -colMean[perm[k]] * z[k];
            }
            double scaled = compensatedSum(terms);
            b = Math.scalb(scaled, -targetScale);
        }
        checkFinite(weights, "the solution");
        if (!Double.isFinite(b)) {
            throw new ArithmeticException("least squares: the intercept overflowed; scale the features or the target");
        }
        int[] dependent = Arrays.copyOfRange(perm, rank, cols);
        return new Solution(weights, b, rank, dependent);
    }

    /**
     * Scales {@code v} by a power of two (exact) so that its largest entry is about 1, subtracts its
     * mean when asked (kept in {@code mean[at]}, in the scaled units), then scales again so that its
     * norm is about 1. Returns the total power of two applied.
     */
    private static int normalise(double[] v, boolean centre, double[] mean, int at) {
        double max = 0;
        for (double e : v) {
            max = Math.max(max, Math.abs(e));
        }
        int scale = max == 0 ? 0 : -Math.getExponent(max);
        scaleBy(v, scale);
        if (centre && v.length > 0) {
            double m = compensatedSum(v) / v.length;
            for (int i = 0; i < v.length; i++) {
                v[i] -= m;
            }
            mean[at] = m;
        }
        double n = norm(v, 0, v.length);
        if (n > 0) {
            int again = -Math.getExponent(n);
            scaleBy(v, again);
            mean[at] = Math.scalb(mean[at], again);
            scale += again;
        }
        return scale;
    }

    /** Σv with Neumaier's compensation: the means decide the intercept, so they get every digit. */
    private static double compensatedSum(double[] v) {
        double sum = 0;
        double lost = 0;
        for (double e : v) {
            double t = sum + e;
            lost += Math.abs(sum) >= Math.abs(e) ? (sum - t) + e : (e - t) + sum;
            sum = t;
        }
        return sum + lost;
    }

    private static void scaleBy(double[] v, int power) {
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.scalb(v[i], power);
        }
    }

    /** Reflects column k below row k onto its diagonal, applies the reflection to the later columns and the target; returns R[k][k]. */
    private static double householder(double[][] col, double[] target, int k, int rows, int cols) {
        double[] v = col[k];
        double norm = norm(v, k, rows);
        double alpha = v[k] > 0 ? -norm : norm;
        v[k] -= alpha; // v is now the Householder vector u; the reflection is I − 2uuᵀ/(uᵀu)
        double uu = 0;
        for (int i = k; i < rows; i++) {
            uu += v[i] * v[i];
        }
        for (int j = k + 1; j < cols; j++) {
            reflect(v, col[j], k, rows, uu);
        }
        reflect(v, target, k, rows, uu);
        return alpha;
    }

    /**
     * Solves [R₁₁ R₁₂]·z = c (c the first {@code rank} entries of Qᵀy) for the z of smallest norm: the
     * trapezoid is reduced to [T 0] by Householder reflections from the right, row by row from the
     * last, then z = (those reflections)·[T⁻¹c; 0]. Column j of the trapezoid is first multiplied by
     * 2^shift[j].
     */
    private static double[] minimumNormSolution(double[][] col, double[] c, double[] diag, int rank, int cols,
                                                int[] shift) {
        double[][] m = new double[rank][cols];
        for (int i = 0; i < rank; i++) {
            m[i][i] = Math.scalb(diag[i], shift[i]);
            for (int j = i + 1; j < cols; j++) {
                m[i][j] = Math.scalb(col[j][i], shift[j]);
            }
        }
        double[][] reflectors = new double[rank][];
        double[] tau = new double[rank];
        if (rank < cols) {
            for (int k = rank - 1; k >= 0; k--) {
                // v touches coordinate k and the trailing coordinates rank..cols−1.
                double tail = 0;
                for (int j = rank; j < cols; j++) {
                    tail = Math.hypot(tail, m[k][j]);
                }
                if (tail == 0) {
                    continue;
                }
                double beta = Math.hypot(m[k][k], tail);
                if (m[k][k] > 0) {
                    beta = -beta;
                }
                double[] v = new double[cols];
                v[k] = m[k][k] - beta;
                for (int j = rank; j < cols; j++) {
                    v[j] = m[k][j];
                }
                double vv = v[k] * v[k];
                for (int j = rank; j < cols; j++) {
                    vv += v[j] * v[j];
                }
                reflectors[k] = v;
                tau[k] = 2 / vv;
                for (int i = 0; i <= k; i++) {
                    double dot = m[i][k] * v[k];
                    for (int j = rank; j < cols; j++) {
                        dot += m[i][j] * v[j];
                    }
                    double f = tau[k] * dot;
                    m[i][k] -= f * v[k];
                    for (int j = rank; j < cols; j++) {
                        m[i][j] -= f * v[j];
                    }
                }
            }
        }
        double[] z = new double[cols];
        for (int k = rank - 1; k >= 0; k--) {
            double s = c[k];
            for (int j = k + 1; j < rank; j++) {
                s -= m[k][j] * z[j];
            }
            z[k] = s / m[k][k];
        }
        for (int k = 0; k < rank; k++) {
            double[] v = reflectors[k];
            if (v == null) {
                continue;
            }
            double dot = z[k] * v[k];
            for (int j = rank; j < cols; j++) {
                dot += z[j] * v[j];
            }
            double f = tau[k] * dot;
            z[k] -= f * v[k];
            for (int j = rank; j < cols; j++) {
                z[j] -= f * v[j];
            }
        }
        return z;
    }

    private static void swap(double[][] col, double[] norms, int[] perm, int a, int b) {
        if (a == b) {
            return;
        }
        double[] c = col[a];
        col[a] = col[b];
        col[b] = c;
        double n = norms[a];
        norms[a] = norms[b];
        norms[b] = n;
        int p = perm[a];
        perm[a] = perm[b];
        perm[b] = p;
    }

    private static double norm(double[] v, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += v[i] * v[i];
        }
        return Math.sqrt(sum);
    }

    private static void reflect(double[] u, double[] target, int from, int rows, double uu) {
        double dot = 0;
        for (int i = from; i < rows; i++) {
            dot += u[i] * target[i];
        }
        double f = 2 * dot / uu;
        for (int i = from; i < rows; i++) {
            target[i] -= f * u[i];
        }
    }

    private static void checkFinite(double[] v, String what) {
        for (double e : v) {
            if (!Double.isFinite(e)) {
                throw new ArithmeticException("least squares: " + what + " holds " + e
                        + "; every value must be finite (scale features near the largest double)");
            }
        }
    }
}
