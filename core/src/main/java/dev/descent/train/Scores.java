package dev.descent.train;

import dev.descent.Tensor;
import dev.descent.metrics.Classification;
import dev.descent.metrics.Regression;
import java.util.EnumMap;
import java.util.Map;

/** Computes a task's metrics from a loss value, the model's outputs and the targets. */
final class Scores {
    private Scores() {
    }

    static Map<Metric, Double> of(Task task, double loss, Tensor outputs, Tensor targets) {
        Map<Metric, Double> out = new EnumMap<>(Metric.class);
        out.put(Metric.LOSS, loss);
        switch (task) {
            case CLASSIFICATION -> out.put(Metric.ACCURACY, Classification.accuracyScore(targets, outputs));
            // One logit per sample: class 1 when the logit is positive; soft targets count as their nearer class.
            case BINARY_CLASSIFICATION -> out.put(Metric.ACCURACY,
                    Classification.accuracyScore(targets.ge(0.5).reshape(-1), outputs.gt(0.0).reshape(-1)));
            case REGRESSION -> {
                Tensor y = targets.dim() == 1 && outputs.dim() == 2 ? targets.reshape(-1, 1) : targets;
                out.put(Metric.MSE, Regression.meanSquaredError(y, outputs));
                out.put(Metric.RMSE, Regression.rootMeanSquaredError(y, outputs));
                out.put(Metric.MAE, Regression.meanAbsoluteError(y, outputs));
                out.put(Metric.R2, Regression.r2Score(y, outputs));
            }
        }
        return out;
    }
}
