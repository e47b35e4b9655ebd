package dev.descent.metrics;

import dev.descent.Tensor;

/**
 * Reads class labels: a vector (or column) of class indices, or a matrix of per-class scores
 * (logits, probabilities, one-hot rows) whose argmax along dimension 1 is the class.
 */
final class Labels {
    private Labels() {
    }

    /** The class of every sample. */
    static int[] classes(String op, String name, Tensor t) {
        if (t == null) {
            throw new IllegalArgumentException(op + ": " + name + " is null");
        }
        Tensor indices;
        if (t.dim() == 2 && t.shape().size(1) > 1) {
            indices = t.argmax(1, false);
        } else if (t.dim() == 1 || t.dim() == 2) {
            indices = t.reshape(-1);
        } else {
            throw new IllegalArgumentException(op + ": " + name + " has shape " + t.shape()
                    + "; it must be class indices [n] or scores [n, classes]");
        }
        double[] v = indices.toArray();
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            if (!(v[i] >= 0) || v[i] != Math.rint(v[i]) || v[i] > Integer.MAX_VALUE - 1) {
                throw new IllegalArgumentException(op + ": " + name + "[" + i + "] = " + v[i]
                        + " is not a class index (0, 1, 2, ...); pass class indices or per-class scores [n, classes]");
            }
            out[i] = (int) v[i];
        }
        return out;
    }

    /** The number of classes a tensor implies: its score columns, or its largest index + 1. */
    static int classCount(Tensor t, int[] classes) {
        int k = t.dim() == 2 && t.shape().size(1) > 1 ? t.shape().size(1) : 0;
        for (int c : classes) {
            k = Math.max(k, c + 1);
        }
        return k;
    }

    static void sameLength(String op, Tensor yTrue, int[] a, Tensor yPred, int[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException(op + ": yTrue " + yTrue.shape() + " and yPred " + yPred.shape()
                    + " hold different numbers of samples (" + a.length + " != " + b.length + ")");
        }
    }
}
