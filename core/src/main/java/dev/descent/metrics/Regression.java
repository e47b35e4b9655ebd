package dev.descent.metrics;

import dev.descent.Tensor;

/**
 * Regression metrics as {@code sklearn.metrics} computes them: MSE, RMSE, MAE and R², each a
 * plain number (no gradient; for a differentiable loss use the tensor operations).
 *
 * <p>{@code yTrue} and {@code yPred} are {@code [n]} or {@code [n, outputs]}; a vector and a
 * column {@code [n, 1]} may be mixed (they are compared row by row, never broadcast to
 * {@code [n, n]}). With several outputs each metric is computed per output and averaged, as
 * sklearn's {@code multioutput="uniform_average"}. A metric of fewer samples than it needs (none,
 * or one for R²) is undefined: NaN, not an error and not a made-up number.
 *
 * <pre>{@code
 * jshell> Regression.r2Score(yTest, model.forward(xTest))
 * $7 ==> 0.7112
 * }</pre>
 */
public final class Regression {
    private Regression() {
    }

    /** Mean squared error (1/n)·Σ(y − ŷ)² ({@code mean_squared_error}). */
    public static double meanSquaredError(Tensor yTrue, Tensor yPred) {
        return average(perOutput("meanSquaredError", yTrue, yPred, Kind.MSE));
    }

    /** Root mean squared error √MSE ({@code root_mean_squared_error}), per output then averaged. */
    public static double rootMeanSquaredError(Tensor yTrue, Tensor yPred) {
        double[] mse = perOutput("rootMeanSquaredError", yTrue, yPred, Kind.MSE);
        for (int j = 0; j < mse.length; j++) {
            mse[j] = Math.sqrt(mse[j]);
        }
        return average(mse);
    }

    /** Mean absolute error (1/n)·Σ|y − ŷ| ({@code mean_absolute_error}). */
    public static double meanAbsoluteError(Tensor yTrue, Tensor yPred) {
        return average(perOutput("meanAbsoluteError", yTrue, yPred, Kind.MAE));
    }

    /**
     * The coefficient of determination R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)² ({@code r2_score}): 1 for a
     * perfect fit, 0 for always predicting the mean. For a constant {@code yTrue} it is 1 when the
     * predictions are exact and 0 otherwise, as sklearn's {@code force_finite=True}. Undefined (NaN)
     * for fewer than two samples, as in sklearn.
     */
    public static double r2Score(Tensor yTrue, Tensor yPred) {
        return average(perOutput("r2Score", yTrue, yPred, Kind.R2));
    }

    private enum Kind { MSE, MAE, R2 }

    private static double[] perOutput(String op, Tensor yTrue, Tensor yPred, Kind kind) {
        Tensor[] pair = aligned(op, yTrue, yPred);
        Tensor y = pair[0];
        Tensor residual = y.sub(pair[1]);
        if (kind == Kind.MSE) {
            return residual.square().mean(0).toArray();
        }
        if (kind == Kind.MAE) {
            return residual.abs().mean(0).toArray();
        }
        if (y.shape().size(0) < 2) {
            // sklearn: "R^2 score is not well-defined with less than two samples"
            double[] undefined = new double[y.shape().size(1)];
            java.util.Arrays.fill(undefined, Double.NaN);
            return undefined;
        }
        double[] ssRes = residual.square().sum(0).toArray();
        double[] ssTot = y.sub(y.mean(0)).square().sum(0).toArray();
        double[] out = new double[ssRes.length];
        for (int j = 0; j < out.length; j++) {
            out[j] = ssTot[j] != 0 ? 1 - ssRes[j] / ssTot[j] : ssRes[j] == 0 ? 1.0 : 0.0;
        }
        return out;
    }

    /** Both as detached {@code [n, outputs]} matrices, after checking that they pair up row by row. */
    private static Tensor[] aligned(String op, Tensor yTrue, Tensor yPred) {
        if (yTrue == null || yPred == null) {
            throw new IllegalArgumentException(op + ": yTrue and yPred must not be null");
        }
        Tensor a = asMatrix(op, "yTrue", yTrue);
        Tensor b = asMatrix(op, "yPred", yPred);
        if (!a.shape().equals(b.shape())) {
            throw new IllegalArgumentException(op + ": yTrue has shape " + yTrue.shape() + " and yPred has shape "
                    + yPred.shape() + "; they need the same number of samples and outputs");
        }
        return new Tensor[] {a, b};
    }

    private static Tensor asMatrix(String op, String name, Tensor t) {
        if (t.dim() == 1) {
            return t.detach().reshape(-1, 1);
        }
        if (t.dim() == 2) {
            return t.detach();
        }
        throw new IllegalArgumentException(op + ": " + name + " has shape " + t.shape()
                + "; it must be [n] or [n, outputs]");
    }

    private static double average(double[] perOutput) {
        if (perOutput.length == 1) {
            return perOutput[0];
        }
        double sum = 0;
        for (double v : perOutput) {
            sum += v;
        }
        return sum / perOutput.length;
    }
}
