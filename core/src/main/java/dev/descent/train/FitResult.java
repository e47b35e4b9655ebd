package dev.descent.train;

import dev.descent.data.Preprocessor;
import dev.descent.data.StandardScaler;
import dev.descent.data.TensorDataset;
import dev.descent.nn.Architecture;
import dev.descent.nn.Sequential;
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
}
