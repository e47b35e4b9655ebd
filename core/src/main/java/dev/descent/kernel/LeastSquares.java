package dev.descent.kernel;

/**
 * Least squares by Householder QR: minimises ‖A·x − b‖₂ without forming AᵀA, whose condition
 * number is the square of A's (the normal equations lose twice the digits).
 */
public final class LeastSquares {
    private LeastSquares() {
    }

    /**
     * Solves {@code min ‖A·x − b‖} for a row-major {@code rows×cols} matrix A with
     * {@code rows ≥ cols}; A and b are not modified.
     *
     * @throws IllegalArgumentException if A is rank-deficient (a column is a combination of others)
     */
    public static double[] solve(double[] a, int rows, int cols, double[] b) {
        if (rows < cols) {
            throw new IllegalArgumentException("least squares: " + rows + " samples cannot determine " + cols
                    + " coefficients; need at least as many samples as coefficients");
        }
        // Column-major copy: Householder reflections work down columns.
        double[][] col = new double[cols][rows];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                col[j][i] = a[i * cols + j];
            }
        }
        double[] y = b.clone();
        double[] diag = new double[cols];
        double scale = 0;
        for (double[] c : col) {
            for (double v : c) {
                scale = Math.max(scale, Math.abs(v));
            }
        }
        for (int k = 0; k < cols; k++) {
            double[] v = col[k];
            double norm = 0;
            for (int i = k; i < rows; i++) {
                norm = Math.hypot(norm, v[i]);
            }
            if (norm <= 1e-12 * Math.max(scale, Double.MIN_NORMAL) * Math.sqrt(rows)) {
                throw new IllegalArgumentException("least squares: column " + k + " is (nearly) a linear combination of"
                        + " the others, so the solution is not unique; remove duplicate or constant features");
            }
            double alpha = v[k] > 0 ? -norm : norm;
            v[k] -= alpha; // v is now the Householder vector u; the reflection is I - 2uuᵀ/(uᵀu)
            double uu = 0;
            for (int i = k; i < rows; i++) {
                uu += v[i] * v[i];
            }
            for (int j = k + 1; j < cols; j++) {
                reflect(v, col[j], k, rows, uu);
            }
            reflect(v, y, k, rows, uu);
            diag[k] = alpha;
        }
        double[] x = new double[cols];
        for (int k = cols - 1; k >= 0; k--) {
            double s = y[k];
            for (int j = k + 1; j < cols; j++) {
                s -= col[j][k] * x[j];
            }
            x[k] = s / diag[k];
        }
        return x;
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
}
