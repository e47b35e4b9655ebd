package dev.descent.nn;

import dev.descent.ShapeException;
import dev.descent.Tensor;

/**
 * Loss functions, PyTorch's {@code torch.nn.functional} losses ({@code F.mse_loss} is
 * {@code Loss.mse}): each compares a prediction with a target and returns, by default, the mean
 * over all elements (or samples) as a scalar ready for {@code backward()}.
 *
 * <p>Shapes must match exactly. Where PyTorch would broadcast a {@code [506, 1]} prediction
 * against a {@code [506]} target into a {@code [506, 506]} loss (with only a warning), Descent
 * refuses: {@code mse: prediction has shape [506, 1] but target has shape [506]; ...}.
 * Classification losses take class indices as a tensor of whole numbers.
 *
 * <pre>{@code
 * jshell> Loss.mse(Tensor.of(1, 2, 3), Tensor.of(1, 2, 5))      // (0 + 0 + 4)/3
 * $1 ==> tensor(1.3333)
 * jshell> Loss.crossEntropy(Tensor.of(1, 2, 3), Tensor.of(2))   // one sample of class 2: log(e + e² + e³) − 3
 * $2 ==> tensor(0.4076)
 * }</pre>
 */
public final class Loss {
    private Loss() {
    }

    /** How per-element losses become the result, PyTorch's {@code reduction='mean'|'sum'|'none'}. */
    public enum Reduction {
        /** The mean: over all elements, or over samples for the classification losses. */
        MEAN,
        /** The sum. */
        SUM,
        /** No reduction: a loss per element (regression) or per sample (classification). */
        NONE
    }

    // ---------------------------------------------------------------- regression

    /** Mean squared error ({@code F.mse_loss}): L = mean((ŷ − y)²); shapes must be equal. */
    public static Tensor mse(Tensor prediction, Tensor target) {
        return mse(prediction, target, Reduction.MEAN);
    }

    /** Squared error (ŷ − y)² with the given reduction. */
    public static Tensor mse(Tensor prediction, Tensor target, Reduction reduction) {
        requireSameShape("mse", prediction, target);
        return reduce(prediction.sub(target).square(), reduction);
    }

    /** Mean absolute error ({@code F.l1_loss}): L = mean(|ŷ − y|), with sign(0) = 0 as the derivative at 0. */
    public static Tensor l1(Tensor prediction, Tensor target) {
        return l1(prediction, target, Reduction.MEAN);
    }

    /** Absolute error |ŷ − y| with the given reduction. */
    public static Tensor l1(Tensor prediction, Tensor target, Reduction reduction) {
        requireSameShape("l1", prediction, target);
        return reduce(prediction.sub(target).abs(), reduction);
    }

    /** Huber loss with δ = 1 ({@code F.huber_loss}); see {@link #huber(Tensor, Tensor, double, Reduction)}. */
    public static Tensor huber(Tensor prediction, Tensor target) {
        return huber(prediction, target, 1.0, Reduction.MEAN);
    }

    /** Huber loss with the given δ, averaged. */
    public static Tensor huber(Tensor prediction, Tensor target, double delta) {
        return huber(prediction, target, delta, Reduction.MEAN);
    }

    /**
     * Huber loss ({@code nn.HuberLoss(delta)}): with d = ŷ − y, ½d² where |d| &lt; δ and
     * δ·(|d| − ½δ) elsewhere: quadratic near the target, linear (robust to outliers) far from it.
     */
    public static Tensor huber(Tensor prediction, Tensor target, double delta, Reduction reduction) {
        requireSameShape("huber", prediction, target);
        if (!(delta > 0)) {
            throw new IllegalArgumentException("huber: delta must be > 0, got " + delta);
        }
        Tensor d = prediction.sub(target);
        Tensor absolute = d.abs();
        Tensor quadratic = d.square().mul(0.5);
        Tensor linear = absolute.sub(0.5 * delta).mul(delta);
        return reduce(Tensor.where(absolute.lt(delta), quadratic, linear), reduction);
    }

    // ---------------------------------------------------------------- classification

    /**
     * Cross-entropy from unnormalised scores ({@code F.cross_entropy}), averaged over the batch:
     * for class indices yᵢ, Lᵢ = −log softmax(xᵢ)[yᵢ] = log Σ_c e^{x_ic} − x_{i,yᵢ}.
     *
     * <p>Shapes: logits {@code [batch, classes]} with class indices {@code [batch]} (whole numbers
     * from 0 to classes − 1), or probabilities {@code [batch, classes]} as target, giving
     * Lᵢ = −Σ_c t_ic·log softmax(xᵢ)_c; a single sample {@code [classes]} takes a scalar index or
     * {@code [classes]} probabilities. As in PyTorch the target's shape tells the two apart. The
     * log-softmax is computed stably: logits of ±1000 give exact, finite results.
     */
    public static Tensor crossEntropy(Tensor logits, Tensor target) {
        return crossEntropy(logits, target, 0.0, Reduction.MEAN);
    }

    /**
     * Cross-entropy with label smoothing ε ({@code label_smoothing=ε}): the target becomes
     * (1 − ε)·target + ε/C, so for class indices Lᵢ = (1 − ε)·(−log pᵢ[yᵢ]) + ε·(−Σ_c log p_ic)/C.
     */
    public static Tensor crossEntropy(Tensor logits, Tensor target, double labelSmoothing) {
        return crossEntropy(logits, target, labelSmoothing, Reduction.MEAN);
    }

    /** Cross-entropy with label smoothing and the given reduction (NONE gives one loss per sample). */
    public static Tensor crossEntropy(Tensor logits, Tensor target, double labelSmoothing, Reduction reduction) {
        return reduce(Classification.crossEntropy(logits, target, labelSmoothing), reduction);
    }

    /**
     * Negative log-likelihood of log-probabilities ({@code F.nll_loss}): Lᵢ = −log pᵢ[yᵢ], averaged;
     * {@code [batch, classes]} with class indices {@code [batch]}. {@code nllLoss(x.logSoftmax(1), y)}
     * equals {@code crossEntropy(x, y)}.
     */
    public static Tensor nllLoss(Tensor logProbabilities, Tensor classIndices) {
        return nllLoss(logProbabilities, classIndices, Reduction.MEAN);
    }

    /** Negative log-likelihood with the given reduction. */
    public static Tensor nllLoss(Tensor logProbabilities, Tensor classIndices, Reduction reduction) {
        return reduce(Classification.nllLoss(logProbabilities, classIndices), reduction);
    }

    /**
     * Binary cross-entropy from logits ({@code F.binary_cross_entropy_with_logits}): for a logit x
     * and target y in [0, 1], L = −y·log σ(x) − (1 − y)·log(1 − σ(x)) = max(x, 0) − x·y + log(1 + e^{−|x|}),
     * averaged; logits and targets have the same shape. Stable for any x (±1000 included).
     */
    public static Tensor binaryCrossEntropyWithLogits(Tensor logits, Tensor targets) {
        return binaryCrossEntropyWithLogits(logits, targets, Reduction.MEAN);
    }

    /** Binary cross-entropy from logits with the given reduction. */
    public static Tensor binaryCrossEntropyWithLogits(Tensor logits, Tensor targets, Reduction reduction) {
        return reduce(Classification.binaryCrossEntropyWithLogits(logits, targets), reduction);
    }

    // ---------------------------------------------------------------- helpers

    static Tensor reduce(Tensor losses, Reduction reduction) {
        return switch (reduction) {
            case MEAN -> losses.mean();
            case SUM -> losses.sum();
            case NONE -> losses;
        };
    }

    /** Refuses broadcasting between prediction and target, the silent [n, 1] against [n] mistake. */
    static void requireSameShape(String op, Tensor prediction, Tensor target) {
        if (prediction.shape().equals(target.shape())) {
            return;
        }
        String message = op + ": prediction has shape " + prediction.shape() + " but target has shape " + target.shape();
        if (prediction.numel() == target.numel()) {
            String dims = prediction.shape().toString();
            message += "; if they hold the same values in order, use target.reshape(" + dims.substring(1, dims.length() - 1)
                    + ")";
        }
        throw new ShapeException(message);
    }
}
