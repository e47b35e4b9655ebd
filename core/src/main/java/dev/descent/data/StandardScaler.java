package dev.descent.data;

import dev.descent.DType;
import dev.descent.Tensor;

/**
 * Standardises each column to mean 0 and standard deviation 1 ({@code sklearn.preprocessing.StandardScaler}):
 * z = (x − μ) / σ, with μ and σ learned by {@link #fit} on the training rows only.
 *
 * <p>σ is the population standard deviation (dividing by n, as sklearn does), and a constant
 * column gets σ = 1, so it becomes all zeros instead of NaN. Shapes: {@code [n, features]} in
 * and out; μ and σ are {@code [features]}.
 *
 * <pre>{@code
 * jshell> var scaler = new StandardScaler();
 * jshell> Tensor xTrain = scaler.fitTransform(split.train().features());
 * jshell> Tensor xTest = scaler.transform(split.test().features());   // the training μ and σ
 * }</pre>
 */
public final class StandardScaler {
    private static final double EPS = Math.ulp(1.0);

    private Tensor mean;
    private Tensor scale;

    /** An unfitted scaler; call {@link #fit} or {@link #fitTransform} first. */
    public StandardScaler() {
    }

    /**
     * A fitted scaler from saved statistics (sklearn's {@code mean_} and {@code scale_}), e.g. read
     * back from a model file.
     *
     * @throws IllegalArgumentException when the shapes are not one equal {@code [features]}, a mean is
     *     not finite or a scale is not positive and finite
     */
    public static StandardScaler of(Tensor mean, Tensor scale) {
        if (mean == null || scale == null || mean.dim() != 1 || !mean.shape().equals(scale.shape())) {
            throw new IllegalArgumentException("StandardScaler.of: mean and scale must both have shape [features], got "
                    + (mean == null ? "null" : mean.shape()) + " and " + (scale == null ? "null" : scale.shape()));
        }
        double[] m = mean.toArray();
        double[] s = scale.toArray();
        for (int j = 0; j < m.length; j++) {
            if (!Double.isFinite(m[j]) || !(s[j] > 0) || Double.isInfinite(s[j])) {
                throw new IllegalArgumentException("StandardScaler.of: column " + j + " has mean " + m[j] + " and scale "
                        + s[j] + "; the mean must be finite and the scale positive and finite");
            }
        }
        StandardScaler scaler = new StandardScaler();
        scaler.mean = mean.detach().clone();
        scaler.scale = scale.detach().clone();
        return scaler;
    }

    /**
     * Learns each column's mean and population standard deviation from {@code x} ({@code fit}).
     * A column is treated as constant (σ = 1) when its variance is within rounding error of 0, by
     * sklearn's test: var ≤ n·ε·var + (n·μ·ε)², ε the machine epsilon.
     *
     * @return this scaler
     * @throws IllegalArgumentException when {@code x} is not {@code [n, features]} with n ≥ 1, or
     *     holds NaN or infinity (the message names the row and column)
     */
    public StandardScaler fit(Tensor x) {
        check("fit", x);
        int n = x.shape().size(0);
        if (n == 0) {
            throw new IllegalArgumentException("StandardScaler.fit: x has shape " + x.shape() + "; fitting needs at least one row");
        }
        // Column by column, so that the temporaries are the size of a column, not of x: a large data
        // set is held once. Each column reduces as a contiguous [n, 1], exactly as x.mean(0) reduces it.
        int f = x.shape().size(1);
        double[] m = new double[f];
        double[] p = new double[f];
        double[] v = new double[f];
        Tensor input = x.detach();
        for (int j = 0; j < f; j++) {
            Tensor column = input.select(1, j).reshape(n, 1);
            Tensor mu = column.mean(0);
            m[j] = mu.item();
            Tensor deviation = column.sub(mu).to(DType.FLOAT64); // squared in float64 whatever x's type
            // Squares of deviations past about 1e154 overflow (and a column at 1e300 would look constant):
            // the column is scaled by a power of two p near its largest deviation first. That is exact,
            // so σ = p·√(variance/p²) has the very bits of √variance wherever the latter does not overflow.
            double largest = Math.max(deviation.max().item(), -deviation.min().item());
            p[j] = largest > 0 && Double.isFinite(largest) ? Math.scalb(1.0, Math.getExponent(largest)) : 1.0;
            deviation.divInPlace(Tensor.of(p[j]));
            v[j] = deviation.mulInPlace(deviation).mean(0).item(); // squares as x·x, as numpy.var does
        }
        double[] sigma = new double[v.length];
        for (int j = 0; j < v.length; j++) {
            double mj = m[j] / p[j];
            double bound = n * EPS * v[j] + (n * mj * EPS) * (n * mj * EPS);
            sigma[j] = v[j] <= bound ? 1.0 : p[j] * Math.sqrt(v[j]);
        }
        this.mean = Tensor.of(m).to(x.dtype());
        this.scale = Tensor.of(sigma);
        return this;
    }

    /**
     * z = (x − μ) / σ, column by column ({@code transform}); differentiable in {@code x}.
     *
     * @throws IllegalStateException before {@link #fit}
     * @throws IllegalArgumentException when the number of columns differs from the fitted one, or
     *     {@code x} holds NaN or infinity
     */
    public Tensor transform(Tensor x) {
        checkFitted("transform", x);
        return x.sub(mean).div(scale);
    }

    /**
     * {@link #transform} into {@code x} itself, for data the caller owns and no longer needs
     * unscaled (scikit-learn's {@code StandardScaler(copy=False)}): no second copy of a large data
     * set. For float64 x the same values as {@link #transform}, bit for bit; x keeps its type, so a
     * float32 x is divided by σ rounded to float32 (where {@code transform} would return float64).
     *
     * @return x
     * @throws IllegalStateException before {@link #fit}, or when x is part of a recorded graph
     * @throws IllegalArgumentException as {@link #transform}
     */
    public Tensor transformInPlace(Tensor x) {
        checkFitted("transformInPlace", x);
        return x.subInPlace(mean).divInPlace(scale);
    }

    /**
     * x = z·σ + μ, undoing {@link #transform} up to rounding ({@code inverse_transform}).
     *
     * @throws IllegalStateException before {@link #fit}
     * @throws IllegalArgumentException as {@link #transform}
     */
    public Tensor inverseTransform(Tensor z) {
        checkFitted("inverseTransform", z);
        return z.mul(scale).add(mean);
    }

    /** {@code fit(x)} then {@code transform(x)} ({@code fit_transform}). */
    public Tensor fitTransform(Tensor x) {
        return fit(x).transform(x);
    }

    /** True once {@link #fit} (or {@link #of}) has set the statistics. */
    public boolean isFitted() {
        return mean != null;
    }

    /** Each column's mean μ, {@code [features]} (sklearn's {@code mean_}; a copy). */
    public Tensor mean() {
        requireFitted("mean");
        return mean.detach().clone();
    }

    /** Each column's scale σ, {@code [features]} (sklearn's {@code scale_}; 1 for constant columns; a copy). */
    public Tensor scale() {
        requireFitted("scale");
        return scale.detach().clone();
    }

    private void requireFitted(String op) {
        if (mean == null) {
            throw new IllegalStateException("StandardScaler." + op + ": the scaler is not fitted yet; call fit(x) or"
                    + " fitTransform(x) on the training features first");
        }
    }

    private void checkFitted(String op, Tensor x) {
        requireFitted(op);
        check(op, x);
        if (x.shape().size(1) != mean.numel()) {
            throw new IllegalArgumentException("StandardScaler." + op + ": x has shape " + x.shape()
                    + " but the scaler was fitted on " + mean.numel() + " columns");
        }
    }

    private static void check(String op, Tensor x) {
        if (x == null) {
            throw new IllegalArgumentException("StandardScaler." + op + ": x is null");
        }
        if (x.dim() != 2) {
            throw new IllegalArgumentException("StandardScaler." + op + ": x has shape " + x.shape()
                    + "; it must be [samples, features]" + (x.dim() == 1 ? " (use x.reshape(-1, 1) for one feature)" : ""));
        }
        if (x.allFinite()) {
            return; // no copy of a large data set just to look at it
        }
        double[] v = x.toArray();
        int columns = x.shape().size(1);
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException("StandardScaler." + op + ": row " + i / columns + ", column "
                        + i % columns + " is " + v[i] + " (rows and columns count from 0); remove or fill missing"
                        + " and infinite values before scaling");
            }
        }
    }
}
