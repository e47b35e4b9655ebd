package dev.descent.nn;

import dev.descent.ShapeException;
import dev.descent.Tensor;
import java.util.List;

/** The unreduced classification losses behind {@link Loss}: one value per sample (or element). */
final class Classification {
    private Classification() {
    }

    /** Per-sample cross-entropy, {@code [batch]} (or a scalar for one sample). */
    static Tensor crossEntropy(Tensor logits, Tensor target, double labelSmoothing) {
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new IllegalArgumentException("crossEntropy: label smoothing must be in [0, 1], got " + labelSmoothing);
        }
        requireClassScores("crossEntropy", "logits have", logits);
        int classes = logits.shape().size(-1);
        if (target.shape().equals(logits.shape())) {
            // Probabilities: smooth the target itself, t' = (1 − ε)·t + ε/C.
            Tensor t = labelSmoothing == 0 ? target : target.mul(1 - labelSmoothing).add(labelSmoothing / classes);
            return logits.logSoftmax(-1).mul(t).sum(-1).neg();
        }
        // −log softmax(x)[y] written as log Σ eˣ − x_y: the same value, but +0 rather than −0 for a sure answer.
        Tensor lse = logits.logSumExp(-1, false);
        Tensor nll = lse.sub(pick("crossEntropy", "logits have", logits, target));
        if (labelSmoothing == 0) {
            return nll;
        }
        Tensor uniform = lse.sub(logits.mean(-1));
        return nll.mul(1 - labelSmoothing).add(uniform.mul(labelSmoothing));
    }

    /** Per-sample −log p[y]. */
    static Tensor nllLoss(Tensor logProbabilities, Tensor classIndices) {
        requireClassScores("nllLoss", "log-probabilities have", logProbabilities);
        return pick("nllLoss", "log-probabilities have", logProbabilities, classIndices).neg();
    }

    /** Per-element max(x, 0) − x·y + log(1 + e^{−|x|}). */
    static Tensor binaryCrossEntropyWithLogits(Tensor logits, Tensor targets) {
        if (!logits.shape().equals(targets.shape())) {
            throw new ShapeException("binaryCrossEntropyWithLogits: logits have shape " + logits.shape()
                    + " but targets have shape " + targets.shape() + "; they must be equal");
        }
        // softplus(x) = log(e⁰ + eˣ) = max(x, 0) + log(1 + e^{−|x|}), as a log-sum-exp: it never overflows and,
        // unlike the |x| form, its derivative at x = 0 is σ(0) = ½ rather than the 0 of the kinks.
        Tensor softplus = Tensor.stack(List.of(Tensor.zerosLike(logits), logits), -1).logSumExp(-1, false);
        return softplus.sub(logits.mul(targets));
    }

    private static void requireClassScores(String op, String what, Tensor scores) {
        if (scores.dim() != 1 && scores.dim() != 2) {
            throw new ShapeException(op + ": " + what + " shape " + scores.shape()
                    + "; expected [batch, classes] or [classes]");
        }
    }

    /** scores[i, yᵢ] for each sample, after checking that the target holds valid class indices. */
    private static Tensor pick(String op, String what, Tensor scores, Tensor classIndices) {
        int classes = scores.shape().size(-1);
        boolean batched = scores.dim() == 2;
        boolean fits = batched ? classIndices.dim() == 1 && classIndices.shape().size(0) == scores.shape().size(0)
                : classIndices.dim() == 0;
        if (!fits) {
            String expected = batched ? "class indices of shape [" + scores.shape().size(0) + "]" : "a scalar class index";
            if (op.equals("crossEntropy")) {
                expected += " or probabilities of shape " + scores.shape();
            }
            throw new ShapeException(op + ": " + what + " shape " + scores.shape() + " but target has shape "
                    + classIndices.shape() + "; expected " + expected);
        }
        double[] y = classIndices.toArray();
        for (int i = 0; i < y.length; i++) {
            if (!(y[i] >= 0 && y[i] < classes && y[i] == Math.rint(y[i]))) {
                throw new IllegalArgumentException(op + ": target " + format(y[i]) + " at position " + i
                        + " is not a class index; expected a whole number from 0 to " + (classes - 1)
                        + " for " + classes + " classes");
            }
        }
        Tensor index = classIndices.detach().reshape(batched ? new int[] {y.length, 1} : new int[] {1});
        Tensor picked = scores.gather(-1, index);
        return batched ? picked.reshape(y.length) : picked.reshape();
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
