package dev.descent.nn;

import dev.descent.ShapeException;
import dev.descent.Tensor;
import dev.descent.nn.Loss.CrossEntropyOptions;
import dev.descent.nn.Loss.Reduction;
import java.util.List;

/**
 * The classification losses behind {@link Loss}, with PyTorch's shapes, class weights, ignored
 * targets and reductions.
 *
 * <p>Scores have the classes along dimension 1 ({@code [N, C]} or {@code [N, C, d₁, …]}), or are a
 * single sample {@code [C]}; class-index targets have the scores' shape without the class
 * dimension, probability targets the scores' shape.
 */
final class ClassificationLosses {
    private ClassificationLosses() {
    }

    /** Cross-entropy of unnormalised scores. */
    static Tensor crossEntropy(Tensor logits, Tensor target, CrossEntropyOptions o) {
        int classDim = classDim("crossEntropy", "logits have", logits);
        int classes = logits.shape().size(classDim);
        Tensor weight = checkWeight("crossEntropy", o.weight(), classes);
        if (target.shape().equals(logits.shape())) {
            return probabilityTarget(logits, target, weight, classDim, o);
        }
        // Per element, −log softmax(x)[y] written as log Σ eˣ − x_y: the same value, but +0 rather than
        // −0 for a sure answer.
        Targets t = Targets.of("crossEntropy", "logits have", logits, target, classDim, o.ignoreIndex(), true);
        Tensor lse = logits.logSumExp(classDim, false);
        Tensor nll = lse.sub(t.pick(logits, classDim));
        Tensor nllLoss = t.weightedReduce(nll, weight, o.reduction());
        if (o.labelSmoothing() == 0) {
            return nllLoss;
        }
        // PyTorch's smoothing term: −Σ_c w_c·log p_c per element, then reduced as the NLL term is.
        Tensor logp = logits.sub(lse.unsqueeze(classDim));
        Tensor perClass = weight == null ? logp : logp.mul(alongClassDim(weight, logits.dim(), classDim));
        Tensor smooth = t.masked(perClass.sum(classDim).neg());
        Tensor smoothLoss = switch (o.reduction()) {
            case NONE -> smooth;
            case SUM -> smooth.sum();
            case MEAN -> weight == null ? smooth.sum().div(t.count()) : smooth.sum().div(t.weights(weight).sum());
        };
        return nllLoss.mul(1 - o.labelSmoothing()).add(smoothLoss.mul(o.labelSmoothing() / classes));
    }

    /** −Σ_c w_c·t'_c·log softmax(x)_c with t' = (1 − ε)·t + ε/C; the mean is over elements, as PyTorch's. */
    private static Tensor probabilityTarget(Tensor logits, Tensor target, Tensor weight, int classDim,
                                            CrossEntropyOptions o) {
        if (o.ignoreIndex() != CrossEntropyOptions.DEFAULT.ignoreIndex()) {
            throw new IllegalArgumentException("crossEntropy: ignoreIndex works with class-index targets only, not with"
                    + " probabilities of shape " + target.shape());
        }
        int classes = logits.shape().size(classDim);
        double eps = o.labelSmoothing();
        Tensor t = eps == 0 ? target : target.mul(1 - eps).add(eps / classes);
        Tensor terms = logits.logSoftmax(classDim).mul(t);
        if (weight != null) {
            terms = terms.mul(alongClassDim(weight, logits.dim(), classDim));
        }
        return Loss.reduce(terms.sum(classDim).neg(), o.reduction());
    }

    /** Negative log-likelihood of log-probabilities: −w_y·log p[y] per element. */
    static Tensor nllLoss(Tensor logProbabilities, Tensor target, CrossEntropyOptions o) {
        if (o.labelSmoothing() != 0) {
            throw new IllegalArgumentException("nllLoss: label smoothing is for crossEntropy; got " + o.labelSmoothing());
        }
        int classDim = classDim("nllLoss", "log-probabilities have", logProbabilities);
        Tensor weight = checkWeight("nllLoss", o.weight(), logProbabilities.shape().size(classDim));
        Targets t = Targets.of("nllLoss", "log-probabilities have", logProbabilities, target, classDim, o.ignoreIndex(),
                false);
        return t.weightedReduce(t.pick(logProbabilities, classDim).neg(), weight, o.reduction());
    }

    /**
     * Binary cross-entropy of probabilities ({@code F.binary_cross_entropy}): −[y·log p + (1 − y)·log(1 − p)],
     * each log clamped at −100 as PyTorch does, so p = 0 or 1 gives a finite loss.
     */
    static Tensor binaryCrossEntropy(Tensor probabilities, Tensor targets, Reduction reduction) {
        requireSameShape("binaryCrossEntropy", "probabilities have", probabilities, targets);
        double[] p = probabilities.toArray();
        for (int i = 0; i < p.length; i++) {
            if (!(p[i] >= 0 && p[i] <= 1)) {
                throw new IllegalArgumentException("binaryCrossEntropy: probability " + p[i] + " at position " + i
                        + " is outside [0, 1]; for scores (logits) use binaryCrossEntropyWithLogits");
            }
        }
        Tensor floor = Tensor.of(-100.0).to(probabilities.dtype());
        Tensor logP = probabilities.log().maximum(floor);
        Tensor logQ = probabilities.neg().add(1.0).log().maximum(floor);
        Tensor losses = targets.mul(logP).add(targets.neg().add(1.0).mul(logQ)).neg();
        return Loss.reduce(losses, reduction);
    }

    /**
     * (1 − y)·x + (1 + (w₊ − 1)·y)·softplus(−x) per element, PyTorch's form of
     * −w₊·y·log σ(x) − (1 − y)·log(1 − σ(x)); w₊ (null for 1) broadcasts against the logits.
     */
    static Tensor binaryCrossEntropyWithLogits(Tensor logits, Tensor targets, Tensor posWeight, Reduction reduction) {
        requireSameShape("binaryCrossEntropyWithLogits", "logits have", logits, targets);
        // softplus(z) = log(e⁰ + eᶻ) as a log-sum-exp: it never overflows and, unlike the |z| form, its
        // derivative at z = 0 is σ(0) = ½ rather than the 0 of a kink.
        Tensor softplusOfMinusX = Tensor.stack(List.of(Tensor.zerosLike(logits), logits.neg()), -1).logSumExp(-1, false);
        Tensor losses;
        if (posWeight == null) {
            losses = targets.neg().add(1.0).mul(logits).add(softplusOfMinusX);
        } else {
            try {
                dev.descent.Shape.broadcast("binaryCrossEntropyWithLogits", posWeight.shape(), logits.shape());
            } catch (ShapeException e) {
                throw new ShapeException("binaryCrossEntropyWithLogits: posWeight has shape " + posWeight.shape()
                        + ", which does not broadcast against logits of shape " + logits.shape()
                        + "; give one weight per class (the last dimension)");
            }
            Tensor logWeight = posWeight.sub(1.0).mul(targets).add(1.0);
            losses = targets.neg().add(1.0).mul(logits).add(logWeight.mul(softplusOfMinusX));
        }
        return Loss.reduce(losses, reduction);
    }

    private static void requireSameShape(String op, String what, Tensor scores, Tensor targets) {
        if (!scores.shape().equals(targets.shape())) {
            throw new ShapeException(op + ": " + what + " shape " + scores.shape() + " but targets have shape "
                    + targets.shape() + "; they must be equal");
        }
    }

    private static int classDim(String op, String what, Tensor scores) {
        if (scores.dim() == 0) {
            throw new ShapeException(op + ": " + what + " shape []; expected [classes], [batch, classes] or"
                    + " [batch, classes, d1, ...]");
        }
        return scores.dim() == 1 ? 0 : 1;
    }

    private static Tensor checkWeight(String op, Tensor weight, int classes) {
        if (weight != null && (weight.dim() != 1 || weight.shape().size(0) != classes)) {
            throw new ShapeException(op + ": class weights have shape " + weight.shape() + "; expected [" + classes
                    + "], one per class");
        }
        return weight == null ? null : weight.detach();
    }

    /** The per-class weights as a tensor that broadcasts along {@code classDim} of a rank-{@code rank} tensor. */
    private static Tensor alongClassDim(Tensor weight, int rank, int classDim) {
        int[] shape = new int[rank];
        java.util.Arrays.fill(shape, 1);
        shape[classDim] = weight.numel();
        return weight.reshape(shape);
    }

    /** Class-index targets, checked, with the ignored positions masked out. */
    private record Targets(Tensor safeIndex, Tensor keep, int[] classes, Tensor target) {
        static Targets of(String op, String what, Tensor scores, Tensor target, int classDim, int ignoreIndex,
                          boolean probabilitiesAllowed) {
            int[] expected = scores.shape().dims();
            int[] withoutClass = new int[expected.length - 1];
            for (int i = 0, j = 0; i < expected.length; i++) {
                if (i != classDim) {
                    withoutClass[j++] = expected[i];
                }
            }
            if (!target.shape().equals(dev.descent.Shape.of(withoutClass))) {
                String want = withoutClass.length == 0 ? "a scalar class index"
                        : "class indices of shape " + dev.descent.Shape.of(withoutClass);
                if (probabilitiesAllowed) {
                    want += " or probabilities of shape " + scores.shape();
                }
                throw new ShapeException(op + ": " + what + " shape " + scores.shape() + " but target has shape "
                        + target.shape() + "; expected " + want);
            }
            int classes = scores.shape().size(classDim);
            double[] y = target.toArray();
            int[] index = new int[y.length];
            double[] safe = new double[y.length];
            double[] keep = new double[y.length];
            for (int i = 0; i < y.length; i++) {
                if (y[i] == ignoreIndex) {
                    continue;
                }
                if (!(y[i] >= 0 && y[i] < classes && y[i] == Math.rint(y[i]))) {
                    throw new IllegalArgumentException(op + ": target " + format(y[i]) + " at position " + i
                            + " is not a class index; expected a whole number from 0 to " + (classes - 1)
                            + " for " + classes + " classes" + (ignoreIndex == CrossEntropyOptions.DEFAULT.ignoreIndex() ? ""
                            : " (or the ignored value " + ignoreIndex + ")"));
                }
                index[i] = (int) y[i];
                safe[i] = y[i];
                keep[i] = 1;
            }
            int[] dims = target.shape().dims();
            // the mask takes the scores' type, so that the loss keeps it (a float32 mask for float32 logits)
            return new Targets(Tensor.of(safe).reshape(dims), Tensor.of(keep).reshape(dims).to(scores.dtype()), index,
                    target.detach());
        }

        /** scores[..., y, ...] at each element (0 where ignored, read at class 0 and then masked). */
        Tensor pick(Tensor scores, int classDim) {
            Tensor picked = scores.gather(classDim, safeIndex.unsqueeze(classDim)).squeeze(classDim);
            return masked(picked);
        }

        /** {@code values} where the target is not ignored, 0 where it is (a where, so a −∞ there gives no NaN). */
        Tensor masked(Tensor values) {
            return Tensor.where(keep, values, Tensor.zeros(values.dtype()));
        }

        /** The number of targets not ignored. */
        double count() {
            return keep.sum().item();
        }

        /** w[y] at each element, 0 where ignored. */
        Tensor weights(Tensor weight) {
            return weight.indexSelect(0, classes).reshape(target.shape().dims()).mul(keep);
        }

        /** Σ w_y·loss / Σ w_y for the mean, as PyTorch's weighted NLL; the sum or the elements otherwise. */
        Tensor weightedReduce(Tensor losses, Tensor weight, Reduction reduction) {
            Tensor w = weight == null ? keep : weights(weight);
            Tensor weighted = weight == null ? masked(losses) : masked(losses.mul(w));
            return switch (reduction) {
                case NONE -> weighted;
                case SUM -> weighted.sum();
                case MEAN -> weighted.sum().div(w.sum());
            };
        }
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
