package dev.descent.train;

import dev.descent.NoGrad;
import dev.descent.Scope;
import dev.descent.Tensor;
import dev.descent.data.Preprocessor;
import dev.descent.data.StandardScaler;
import dev.descent.data.TensorDataset;
import dev.descent.nn.Architecture;
import dev.descent.nn.Sequential;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@link Fitting#fit} trained and measured.
 *
 * @param config the run's settings
 * @param architecture the network, with its input and output counts
 * @param task what the model predicts
 * @param classes the class names of a classifier (index i is class i), empty for regression
 * @param preprocessor how the feature columns became the model's inputs (learnt from the training rows)
 * @param scaler the standardisation fitted on the training rows, or null without one
 * @param train the training rows as the model saw them (standardised when asked)
 * @param test the held-out rows, or null without them
 * @param model the trained network, in evaluation mode
 * @param history every epoch's training and held-out metrics
 * @param trainScores the final model's metrics on all training rows (evaluation mode)
 * @param testScores the same on the held-out rows; empty without them
 * @param trainConfusion the confusion matrix on the training rows; null for regression
 * @param testConfusion the confusion matrix on the held-out rows; null for regression or without them
 * @param resumedAfter the epochs a resumed run found done in its checkpoint; 0 for a fresh run
 * @param dropped the rows left out for a missing cell
 * @param seconds the wall-clock time spent training (in this process)
 */
public record FitResult(FitConfig config, Architecture architecture, Task task, List<String> classes,
                        Preprocessor preprocessor, StandardScaler scaler, TensorDataset train, TensorDataset test,
                        Sequential model, History history, Map<Metric, Double> trainScores,
                        Map<Metric, Double> testScores, int[][] trainConfusion, int[][] testConfusion,
                        int resumedAfter, int dropped, double seconds) {
    /**
     * A held-out row the model classifies wrongly.
     *
     * @param row       the row's index in {@link #test()}
     * @param actual    its class index
     * @param predicted the class the model chose
     */
    public record Mistake(int row, int actual, int predicted) {
    }

    /**
     * The first {@code limit} held-out rows, in order, that the classifier gets wrong (the class of
     * the largest logit is not the target), e.g. to show the images a convolutional network
     * confuses. Empty for regression or without held-out rows.
     *
     * @throws IllegalArgumentException if {@code limit} is negative
     */
    public List<Mistake> testMistakes(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("testMistakes: limit must not be negative, got " + limit);
        }
        List<Mistake> found = new ArrayList<>();
        if (test == null || task == Task.REGRESSION) {
            return found;
        }
        Tensor out;
        Scope scope = NoGrad.scope();
        try (scope) {
            out = Outputs.of(model, test.features());
        }
        double[] predicted = task == Task.BINARY_CLASSIFICATION ? out.gt(0.0).reshape(-1).toArray()
                : out.argmax(1, false).toArray();
        double[] actual = test.targets().reshape(-1).toArray();
        for (int i = 0; i < predicted.length && found.size() < limit; i++) {
            if (predicted[i] != actual[i]) {
                found.add(new Mistake(i, (int) actual[i], (int) predicted[i]));
            }
        }
        return found;
    }
}
