package dev.descent.metrics;

import dev.descent.Tensor;

/**
 * Classification metrics as {@code sklearn.metrics} computes them: accuracy, the confusion matrix
 * and per-class precision, recall and F1.
 *
 * <p>Labels are class indices {@code [n]} (or {@code [n, 1]}), or per-class scores
 * {@code [n, classes]} such as logits, whose argmax is the class. Unless given, the number of
 * classes K is the number of score columns or the largest index + 1; unlike sklearn, which only
 * counts labels that occur, a class that never occurs still gets a row (and scores 0).
 *
 * <pre>{@code
 * jshell> Classification.accuracyScore(yTest, model.forward(xTest))   // logits [n, 10]
 * $5 ==> 0.9733
 * }</pre>
 * Precision, recall and F1 follow sklearn's {@code zero_division=0}: a class never predicted has
 * precision 0, a class that never occurs has recall 0.
 */
public final class Classification {
    private Classification() {
    }

    /** The fraction of samples whose predicted class is the true one ({@code accuracy_score}). */
    public static double accuracyScore(Tensor yTrue, Tensor yPred) {
        int[] t = Labels.classes("accuracyScore", "yTrue", yTrue);
        int[] p = Labels.classes("accuracyScore", "yPred", yPred);
        Labels.sameLength("accuracyScore", yTrue, t, yPred, p);
        int correct = 0;
        for (int i = 0; i < t.length; i++) {
            correct += t[i] == p[i] ? 1 : 0;
        }
        return (double) correct / t.length;
    }

    /**
     * Counts C[i][j] of samples of true class i predicted as class j ({@code confusion_matrix}):
     * rows are true classes, columns predicted ones, the diagonal the correct predictions.
     */
    public static int[][] confusionMatrix(Tensor yTrue, Tensor yPred) {
        int[] t = Labels.classes("confusionMatrix", "yTrue", yTrue);
        int[] p = Labels.classes("confusionMatrix", "yPred", yPred);
        return count(yTrue, t, yPred, p, Math.max(Labels.classCount(yTrue, t), Labels.classCount(yPred, p)));
    }

    /**
     * As {@link #confusionMatrix(Tensor, Tensor)} with K = {@code numClasses} rows and columns.
     *
     * @throws IllegalArgumentException when a label is {@code numClasses} or more
     */
    public static int[][] confusionMatrix(Tensor yTrue, Tensor yPred, int numClasses) {
        if (numClasses < 1) {
            throw new IllegalArgumentException("confusionMatrix: numClasses must be at least 1, got " + numClasses);
        }
        int[] t = Labels.classes("confusionMatrix", "yTrue", yTrue);
        int[] p = Labels.classes("confusionMatrix", "yPred", yPred);
        int k = Math.max(Labels.classCount(yTrue, t), Labels.classCount(yPred, p));
        if (k > numClasses) {
            throw new IllegalArgumentException("confusionMatrix: the labels imply " + k + " classes but numClasses is "
                    + numClasses + "; pass the true number of classes");
        }
        return count(yTrue, t, yPred, p, numClasses);
    }

    /** Per class c: TP / (TP + FP), the share of predictions of c that are right ({@code precision_score(average=None)}). */
    public static double[] precisionScore(Tensor yTrue, Tensor yPred) {
        return precisionScore(confusionMatrix(yTrue, yPred));
    }

    /** Per class c: TP / (TP + FN), the share of samples of c found ({@code recall_score(average=None)}). */
    public static double[] recallScore(Tensor yTrue, Tensor yPred) {
        return recallScore(confusionMatrix(yTrue, yPred));
    }

    /** Per class c: F1 = 2·TP / (2·TP + FP + FN), the harmonic mean of precision and recall ({@code f1_score(average=None)}). */
    public static double[] f1Score(Tensor yTrue, Tensor yPred) {
        return f1Score(confusionMatrix(yTrue, yPred));
    }

    /** Per-class precision from a confusion matrix (rows true, columns predicted). */
    public static double[] precisionScore(int[][] confusion) {
        int k = checkSquare(confusion);
        double[] out = new double[k];
        for (int c = 0; c < k; c++) {
            out[c] = ratio(confusion[c][c], column(confusion, c));
        }
        return out;
    }

    /** Per-class recall from a confusion matrix (rows true, columns predicted). */
    public static double[] recallScore(int[][] confusion) {
        int k = checkSquare(confusion);
        double[] out = new double[k];
        for (int c = 0; c < k; c++) {
            out[c] = ratio(confusion[c][c], row(confusion, c));
        }
        return out;
    }

    /** Per-class F1 from a confusion matrix: 2·TP / (predicted + actual), as sklearn computes it. */
    public static double[] f1Score(int[][] confusion) {
        int k = checkSquare(confusion);
        double[] out = new double[k];
        for (int c = 0; c < k; c++) {
            out[c] = ratio(2L * confusion[c][c], column(confusion, c) + row(confusion, c));
        }
        return out;
    }

    private static int[][] count(Tensor yTrue, int[] t, Tensor yPred, int[] p, int k) {
        Labels.sameLength("confusionMatrix", yTrue, t, yPred, p);
        int[][] c = new int[k][k];
        for (int i = 0; i < t.length; i++) {
            c[t[i]][p[i]]++;
        }
        return c;
    }

    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? 0.0 : (double) numerator / denominator;
    }

    private static long row(int[][] c, int i) {
        long s = 0;
        for (int v : c[i]) {
            s += v;
        }
        return s;
    }

    private static long column(int[][] c, int j) {
        long s = 0;
        for (int[] r : c) {
            s += r[j];
        }
        return s;
    }

    private static int checkSquare(int[][] c) {
        if (c == null || c.length == 0) {
            throw new IllegalArgumentException("confusion matrix: it is empty; pass the result of confusionMatrix(yTrue, yPred)");
        }
        for (int[] r : c) {
            if (r == null || r.length != c.length) {
                throw new IllegalArgumentException("confusion matrix: it must be square (K×K), but a row has "
                        + (r == null ? "no" : String.valueOf(r.length)) + " entries for " + c.length + " rows");
            }
            for (int v : r) {
                if (v < 0) {
                    throw new IllegalArgumentException("confusion matrix: counts must not be negative, found " + v);
                }
            }
        }
        return c.length;
    }
}
