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
     * The options of {@link #crossEntropy(Tensor, Tensor, CrossEntropyOptions)} and
     * {@link #nllLoss(Tensor, Tensor, CrossEntropyOptions)}, PyTorch's keyword arguments.
     *
     * @param weight a weight per class ({@code [C]}), or null for equal weights; the mean is then
     *     Σ w_y·L / Σ w_y, as PyTorch's
     * @param ignoreIndex a target value that contributes nothing, not even to the mean's count
     *     (PyTorch's default −100 is no class at all)
     * @param labelSmoothing ε in [0, 1] (cross-entropy only): the target becomes (1 − ε)·target + ε/C
     * @param reduction how the per-element losses are combined
     */
    public record CrossEntropyOptions(Tensor weight, int ignoreIndex, double labelSmoothing, Reduction reduction) {
        /** No weights, ignore index −100, no smoothing, the mean: PyTorch's defaults. */
        public static final CrossEntropyOptions DEFAULT = new CrossEntropyOptions(null, -100, 0, Reduction.MEAN);

        /**
         * Checks the values.
         *
         * @throws IllegalArgumentException if label smoothing is outside [0, 1] or reduction is null
         */
        public CrossEntropyOptions {
            if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
                throw new IllegalArgumentException("crossEntropy: label smoothing must be in [0, 1], got " + labelSmoothing);
            }
            if (reduction == null) {
                throw new IllegalArgumentException("crossEntropy: reduction must be MEAN, SUM or NONE, not null");
            }
        }

        /** These options with per-class weights ({@code [C]}, or null). */
        public CrossEntropyOptions withWeight(Tensor value) {
            return new CrossEntropyOptions(value, ignoreIndex, labelSmoothing, reduction);
        }

        /** These options with another ignored target value. */
        public CrossEntropyOptions withIgnoreIndex(int value) {
            return new CrossEntropyOptions(weight, value, labelSmoothing, reduction);
        }

        /** These options with label smoothing ε. */
        public CrossEntropyOptions withLabelSmoothing(double value) {
            return new CrossEntropyOptions(weight, ignoreIndex, value, reduction);
        }

        /** These options with another reduction. */
        public CrossEntropyOptions withReduction(Reduction value) {
            return new CrossEntropyOptions(weight, ignoreIndex, labelSmoothing, value);
        }
    }

    /**
     * Cross-entropy from unnormalised scores ({@code F.cross_entropy}), averaged: for class indices y,
     * L = −log softmax(x)[y] = log Σ_c e^{x_c} − x_y per element.
     *
     * <p>Shapes: logits {@code [N, C]} with class indices {@code [N]} (whole numbers from 0 to C − 1),
     * {@code [N, C, d₁, …]} with {@code [N, d₁, …]} (a loss per position, as for images), or one
     * sample {@code [C]} with a scalar index. Probabilities of the logits' shape are a target too,
     * giving L = −Σ_c t_c·log softmax(x)_c; as in PyTorch the target's shape tells the two apart. The
     * log-softmax is computed stably: logits of ±1000 give exact, finite results.
     *
     * @throws ShapeException if the shapes do not pair up as above
     * @throws IllegalArgumentException if a target is not a whole number in [0, C)
     */
    public static Tensor crossEntropy(Tensor logits, Tensor target) {
        return crossEntropy(logits, target, CrossEntropyOptions.DEFAULT);
    }

    /**
     * Cross-entropy with label smoothing ε ({@code label_smoothing=ε}): the target becomes
     * (1 − ε)·target + ε/C, so for class indices L = (1 − ε)·(−log p[y]) + ε·(−Σ_c log p_c)/C.
     */
    public static Tensor crossEntropy(Tensor logits, Tensor target, double labelSmoothing) {
        return crossEntropy(logits, target, CrossEntropyOptions.DEFAULT.withLabelSmoothing(labelSmoothing));
    }

    /** Cross-entropy with label smoothing and the given reduction (NONE gives one loss per element). */
    public static Tensor crossEntropy(Tensor logits, Tensor target, double labelSmoothing, Reduction reduction) {
        return crossEntropy(logits, target, CrossEntropyOptions.DEFAULT.withLabelSmoothing(labelSmoothing)
                .withReduction(reduction));
    }

    /**
     * Cross-entropy with class weights, an ignored target value, label smoothing and a reduction
     * ({@code F.cross_entropy(x, y, weight, ignore_index, reduction, label_smoothing)}); shapes as
     * {@link #crossEntropy(Tensor, Tensor)}.
     *
     * @throws ShapeException if the shapes do not pair up, or the weights are not one per class
     * @throws IllegalArgumentException if a target is not a class index nor the ignored value
     */
    public static Tensor crossEntropy(Tensor logits, Tensor target, CrossEntropyOptions options) {
        return ClassificationLosses.crossEntropy(logits, target, options);
    }

    /**
     * Negative log-likelihood of log-probabilities ({@code F.nll_loss}): L = −log p[y], averaged; the
     * shapes of {@link #crossEntropy(Tensor, Tensor)} with class indices. {@code nllLoss(x.logSoftmax(1), y)}
     * equals {@code crossEntropy(x, y)}.
     */
    public static Tensor nllLoss(Tensor logProbabilities, Tensor classIndices) {
        return nllLoss(logProbabilities, classIndices, CrossEntropyOptions.DEFAULT);
    }

    /** Negative log-likelihood with the given reduction. */
    public static Tensor nllLoss(Tensor logProbabilities, Tensor classIndices, Reduction reduction) {
        return nllLoss(logProbabilities, classIndices, CrossEntropyOptions.DEFAULT.withReduction(reduction));
    }

    /**
     * Negative log-likelihood with class weights, an ignored target value and a reduction
     * ({@code F.nll_loss(x, y, weight, ignore_index, reduction)}): −w_y·log p[y] per element.
     *
     * @throws ShapeException if the shapes do not pair up, or the weights are not one per class
     * @throws IllegalArgumentException if a target is not a class index nor the ignored value, or the
     *     options ask for label smoothing
     */
    public static Tensor nllLoss(Tensor logProbabilities, Tensor classIndices, CrossEntropyOptions options) {
        return ClassificationLosses.nllLoss(logProbabilities, classIndices, options);
    }

    /**
     * Binary cross-entropy of probabilities ({@code F.binary_cross_entropy}):
     * L = −[y·log p + (1 − y)·log(1 − p)] averaged, each log clamped at −100 as PyTorch does.
     * For scores (logits) prefer {@link #binaryCrossEntropyWithLogits(Tensor, Tensor)}, which is stable.
     *
     * @throws ShapeException if the shapes differ
     * @throws IllegalArgumentException if a probability is outside [0, 1]
     */
    public static Tensor binaryCrossEntropy(Tensor probabilities, Tensor targets) {
        return binaryCrossEntropy(probabilities, targets, Reduction.MEAN);
    }

    /** Binary cross-entropy of probabilities with the given reduction. */
    public static Tensor binaryCrossEntropy(Tensor probabilities, Tensor targets, Reduction reduction) {
        return ClassificationLosses.binaryCrossEntropy(probabilities, targets, reduction);
    }

    /**
     * Binary cross-entropy from logits ({@code F.binary_cross_entropy_with_logits}): for a logit x
     * and target y in [0, 1], L = −y·log σ(x) − (1 − y)·log(1 − σ(x)), averaged; logits and targets
     * have the same shape. Stable for any x (±1000 included).
     *
     * @throws ShapeException if the shapes differ
     */
    public static Tensor binaryCrossEntropyWithLogits(Tensor logits, Tensor targets) {
        return binaryCrossEntropyWithLogits(logits, targets, null, Reduction.MEAN);
    }

    /** Binary cross-entropy from logits with the given reduction. */
    public static Tensor binaryCrossEntropyWithLogits(Tensor logits, Tensor targets, Reduction reduction) {
        return binaryCrossEntropyWithLogits(logits, targets, null, reduction);
    }

    /**
     * Binary cross-entropy from logits with a weight w₊ on the positive term ({@code pos_weight}):
     * L = −w₊·y·log σ(x) − (1 − y)·log(1 − σ(x)); w₊ broadcasts against the logits (one per class,
     * the last dimension) and null means 1. w₊ &gt; 1 raises recall, &lt; 1 precision.
     *
     * @throws ShapeException if the shapes differ or w₊ does not broadcast
     */
    public static Tensor binaryCrossEntropyWithLogits(Tensor logits, Tensor targets, Tensor posWeight,
                                                      Reduction reduction) {
        return ClassificationLosses.binaryCrossEntropyWithLogits(logits, targets, posWeight, reduction);
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
