package dev.descent.linear;

import dev.descent.DType;
import dev.descent.NoGrad;
import dev.descent.Scope;
import dev.descent.ShapeException;
import dev.descent.Tensor;
import dev.descent.data.DataLoader;
import dev.descent.data.TensorDataset;
import dev.descent.kernel.LeastSquares;
import dev.descent.nn.Linear;
import dev.descent.nn.Loss;
import dev.descent.optim.Sgd;
import dev.descent.train.GradientSource;
import dev.descent.train.History;
import dev.descent.train.Metric;
import dev.descent.train.Trainer;
import dev.descent.train.TrainingListener;
import java.util.Random;

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
        int f = x.shape().size(1);
        // One column at a time, factored in place: a large X is copied once, not twice.
        double[][] columns = new double[f][];
        for (int j = 0; j < f; j++) {
            columns[j] = x.select(1, j).toArray();
        }
        LeastSquares.Solution s;
        try {
            s = LeastSquares.solveInPlace(columns, y.toArray(), true);
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
        return gradientDescent(x, y, learningRate, epochs, null);
    }

    /**
     * Full-batch gradient descent, the course's loop: forward {@code loss = mean((X·w + b − y)²)},
     * backward, update {@code w −= lr·∂loss/∂w} and {@code b −= lr·∂loss/∂b}, zero the gradients.
     * It is the {@link Trainer}'s loop over a {@code Linear(features, 1)} layer starting at zero,
     * {@link Loss#mse} and {@link Sgd}, with one batch of all rows per epoch; for float64 data the
     * loss and its gradient come from one fused kernel rather than the autograd graph (the same
     * formulas, summed in another order, so the last bits can differ from the graph's).
     *
     * @param listener told about every epoch (its training loss is the MSE before that epoch's step), or null
     * @throws dev.descent.optim.DivergenceException if the loss becomes NaN/infinite or explodes
     * @throws IllegalArgumentException if the learning rate is negative or not finite, or epochs is below 1
     */
    public static LinearRegression gradientDescent(Tensor x, Tensor y, double learningRate, int epochs,
                                                   TrainingListener listener) {
        checkData("gradientDescent", x, y);
        if (x.dtype() == DType.FLOAT64) {
            // One fused kernel an epoch instead of the autograd graph: Boston's 1000 epochs in milliseconds.
            return train(x, learningRate, epochs, new FusedMse(x, y), listener);
        }
        return train(x, y, learningRate, epochs, DataLoader.Options.batchSize(x.shape().size(0)), listener);
    }

    /**
     * Mini-batch stochastic gradient descent ({@code torch.optim.SGD} over a shuffled
     * {@code DataLoader}): each epoch visits every sample once, in batches of {@code batchSize},
     * reshuffled from {@code seed} and the epoch number, with one update per batch. An epoch's
     * training loss is the mean over its batches, each measured before its step.
     *
     * @param listener told about every epoch and batch, or null
     * @throws dev.descent.optim.DivergenceException if the loss becomes NaN/infinite or explodes
     * @throws IllegalArgumentException if the learning rate is negative or not finite, epochs is below 1,
     *     or the batch size below 1
     */
    public static LinearRegression sgd(Tensor x, Tensor y, double learningRate, int epochs, int batchSize, long seed,
                                       TrainingListener listener) {
        checkData("sgd", x, y);
        return train(x, y, learningRate, epochs, DataLoader.Options.batchSize(batchSize).withShuffle(seed), listener);
    }

    private static LinearRegression train(Tensor x, Tensor y, double learningRate, int epochs,
                                          DataLoader.Options batching, TrainingListener listener) {
        return train(x, learningRate, epochs,
                GradientSource.of(new DataLoader(new TensorDataset(x, y.reshape(-1, 1)), batching)), listener);
    }

    private static LinearRegression train(Tensor x, double learningRate, int epochs, GradientSource steps,
                                          TrainingListener listener) {
        int f = x.shape().size(1);
        // the layer computes in the features' type: float32 features train a float32 model, as in PyTorch
        Linear layer = (Linear) new Linear(f, 1, new Random(0)).to(x.dtype());
        Scope s = NoGrad.scope();
        try (s) {
            layer.parameters().forEach(p -> p.fillInPlace(0.0));
        }
        Sgd optimizer = new Sgd(layer.parameters(), Sgd.Options.lr(learningRate));
        Trainer trainer = new Trainer(layer, Loss::mse, optimizer,
                Trainer.Options.epochs(epochs).withTrainingMetrics(false));
        if (listener != null) {
            trainer.addListener(listener);
        }
        History history = trainer.fit(steps, null);
        double[] losses = history.train(Metric.LOSS);
        Tensor weight = layer.parameters().get(0);
        return new LinearRegression(weight.reshape(f).toArray(), layer.parameters().get(1).item(), losses);
    }

    /**
     * {@code X·w + b}: one prediction per row of {@code x}, in x's type (float32 features get float32
     * predictions, from the weights rounded to float32).
     *
     * @throws ShapeException if x is not {@code [samples, features]} with this model's feature count
     */
    public Tensor predict(Tensor x) {
        if (x.dim() != 2 || x.shape().size(1) != weights.length) {
            throw new ShapeException("predict: features have shape " + x.shape() + " but the model has "
                    + weights.length + " weights; expected [samples, " + weights.length + "]");
        }
        Scope s = NoGrad.scope();
        try (s) {
            return x.matmul(Tensor.of(weights).to(x.dtype())).add(bias);
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

}
