package dev.descent.linear;

import dev.descent.NoGrad;
import dev.descent.Scope;
import dev.descent.ShapeException;
import dev.descent.Tensor;
import dev.descent.kernel.LeastSquares;
import dev.descent.data.Batch;
import dev.descent.data.DataLoader;
import dev.descent.data.TensorDataset;
import dev.descent.optim.Divergence;
import dev.descent.optim.Sgd;
import java.util.Arrays;
import java.util.List;

/**
 * The course's model {@code y = X·w + b}: one weight per feature and a bias, for many samples at
 * once ({@code X} is {@code [samples, features]}, {@code y} is {@code [samples]}). sklearn's
 * {@code LinearRegression}, or PyTorch's {@code nn.Linear(features, 1)} trained on MSE.
 *
 * <pre>{@code
 * var exact = LinearRegression.closedForm(x, y);                 // the analytic way
 * var gd = LinearRegression.gradientDescent(x, y, 0.1, 1000);    // the iterative way
 * gd.predict(x);                                                 // [samples]
 * }</pre>
 */
public final class LinearRegression {
    private final double[] weights;
    private final double bias;
    private final double[] lossHistory;
    private final int[] dependentFeatures;

    private LinearRegression(double[] weights, double bias, double[] lossHistory) {
        this(weights, bias, lossHistory, new int[0]);
    }

    private LinearRegression(double[] weights, double bias, double[] lossHistory, int[] dependentFeatures) {
        this.weights = weights;
        this.bias = bias;
        this.lossHistory = lossHistory;
        this.dependentFeatures = dependentFeatures;
    }

    /** A model with given coefficients, e.g. loaded from a file. */
    public static LinearRegression of(Tensor weights, double bias) {
        if (weights.dim() != 1) {
            throw new ShapeException("LinearRegression: weights must be a vector, got shape " + weights.shape());
        }
        return new LinearRegression(weights.toArray(), bias, new double[0]);
    }

    /**
     * The analytic way: the least-squares solution of {@code X·w + b = y}, as scikit-learn's
     * {@code LinearRegression().fit} computes it: the features and target are centred (so the bias
     * is ȳ − x̄·w and takes no part in the rank), then solved by Householder QR with column pivoting,
     * never by the normal equations XᵀX·w = Xᵀy. When features are linearly dependent (a duplicate,
     * a constant, one a multiple of another) the solution is not unique and the one of smallest ‖w‖
     * is returned, as {@code numpy.linalg.lstsq} does; {@link #dependentFeatures()} names the
     * features that were found to be combinations of the others. See {@link LeastSquares}.
     *
     * @throws ShapeException if x is not {@code [samples, features]} or y not {@code [samples]}
     * @throws IllegalArgumentException if there are no samples, or a value or the solution is not finite
     */
    public static LinearRegression closedForm(Tensor x, Tensor y) {
        checkData("closedForm", x, y);
        int n = x.shape().size(0);
        int f = x.shape().size(1);
        LeastSquares.Solution s;
        try {
            s = LeastSquares.solve(x.toArray(), n, f, y.toArray(), true);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("closedForm: " + e.getMessage(), e);
        }
        return new LinearRegression(s.weights(), s.intercept(), new double[0], s.dependentColumns());
    }

    /**
     * The features (0-based column indices) that the closed form found to be linear combinations of
     * the others (or constant), so that their weights are not determined by the data; empty when the
     * features are independent, and for models trained by gradient descent.
     */
    public int[] dependentFeatures() {
        return dependentFeatures.clone();
    }

    /** Full-batch gradient descent from w = 0, b = 0 on the mean squared error. */
    public static LinearRegression gradientDescent(Tensor x, Tensor y, double learningRate, int epochs) {
        return gradientDescent(x, y, learningRate, epochs, EpochListener.NONE);
    }

    /**
     * Full-batch gradient descent, the course's loop with autograd: forward
     * {@code loss = mean((X·w + b − y)²)}, backward, update {@code w −= lr·∂loss/∂w} and
     * {@code b −= lr·∂loss/∂b} under no-grad, zero the gradients.
     *
     * @throws dev.descent.optim.DivergenceException if the loss becomes NaN/infinite or explodes
     */
    public static LinearRegression gradientDescent(Tensor x, Tensor y, double learningRate, int epochs,
                                                   EpochListener listener) {
        checkData("gradientDescent", x, y);
        checkSettings(learningRate, epochs);
        int f = x.shape().size(1);
        Tensor w = Tensor.zeros(f).requiresGrad(true);
        Tensor b = Tensor.zeros().requiresGrad(true);
        Tensor lr = Tensor.of(learningRate);
        Divergence watch = new Divergence("fit", learningRate, "try a smaller learning rate or --standardize");
        double[] history = new double[epochs];
        for (int epoch = 1; epoch <= epochs; epoch++) {
            Tensor residual = x.matmul(w).add(b).sub(y);
            Tensor loss = residual.square().mean();
            double value = loss.item();
            watch.check(epoch, value);
            history[epoch - 1] = value;
            loss.backward();
            try (Scope s = NoGrad.scope()) {
                w.subInPlace(w.grad().mul(lr));
                b.subInPlace(b.grad().mul(lr));
            }
            w.zeroGrad();
            b.zeroGrad();
            listener.epochEnd(epoch, value);
        }
        return new LinearRegression(w.toArray(), b.item(), history);
    }

    /**
     * Mini-batch stochastic gradient descent ({@code torch.optim.SGD} over a shuffled
     * {@code DataLoader}): each epoch visits every sample once, in batches of {@code batchSize},
     * reshuffled from {@code seed} and the epoch number, with one update per batch. The loss reported
     * to the listener is the full-data MSE after the epoch.
     */
    public static LinearRegression sgd(Tensor x, Tensor y, double learningRate, int epochs, int batchSize, long seed,
                                       EpochListener listener) {
        checkData("sgd", x, y);
        checkSettings(learningRate, epochs);
        int f = x.shape().size(1);
        Tensor w = Tensor.zeros(f).requiresGrad(true);
        Tensor b = Tensor.zeros().requiresGrad(true);
        Sgd optimizer = new Sgd(List.of(w, b), Sgd.Options.lr(learningRate));
        DataLoader batches = new DataLoader(new TensorDataset(x, y), DataLoader.Options.batchSize(batchSize).withShuffle(seed));
        Divergence watch = new Divergence("fit", learningRate, "try a smaller learning rate or --standardize");
        double[] history = new double[epochs];
        for (int epoch = 1; epoch <= epochs; epoch++) {
            for (Batch batch : batches) {
                Tensor loss = batch.features().matmul(w).add(b).sub(batch.targets()).square().mean();
                loss.backward();
                optimizer.step();
                optimizer.zeroGrad();
            }
            double value;
            try (Scope s = NoGrad.scope()) {
                value = x.matmul(w).add(b).sub(y).square().mean().item();
            }
            watch.check(epoch, value);
            history[epoch - 1] = value;
            listener.epochEnd(epoch, value);
        }
        return new LinearRegression(w.toArray(), b.item(), history);
    }

    /** {@code X·w + b}: one prediction per row of {@code x}. */
    public Tensor predict(Tensor x) {
        if (x.dim() != 2 || x.shape().size(1) != weights.length) {
            throw new ShapeException("predict: features have shape " + x.shape() + " but the model has "
                    + weights.length + " weights; expected [samples, " + weights.length + "]");
        }
        try (Scope s = NoGrad.scope()) {
            return x.matmul(Tensor.of(weights)).add(bias);
        }
    }

    /** The weights w, one per feature. */
    public Tensor weights() {
        return Tensor.of(weights);
    }

    /** The bias b. */
    public double bias() {
        return bias;
    }

    /** The training MSE after each epoch (empty for the closed form). */
    public double[] lossHistory() {
        return lossHistory.clone();
    }

    static void checkData(String op, Tensor x, Tensor y) {
        if (x.dim() != 2) {
            throw new ShapeException(op + ": features must be [samples, features], got shape " + x.shape());
        }
        if (y.dim() != 1 || y.shape().size(0) != x.shape().size(0)) {
            throw new ShapeException(op + ": target has shape " + y.shape() + " but features have shape " + x.shape()
                    + "; expected a target of shape [" + x.shape().size(0) + "]");
        }
        if (x.shape().size(0) == 0) {
            throw new IllegalArgumentException(op + ": no samples to fit");
        }
    }

    static void checkSettings(double learningRate, int epochs) {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("fit: learning rate must be a positive number, got " + learningRate);
        }
        if (epochs < 0) {
            throw new IllegalArgumentException("fit: epochs must be at least 0, got " + epochs);
        }
    }
}
