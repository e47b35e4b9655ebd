package dev.descent.playground;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.Tensor;
import dev.descent.data.StandardScaler;
import dev.descent.io.Dataset;
import dev.descent.io.Datasets;
import dev.descent.linear.LinearRegression;
import dev.descent.metrics.Regression;
import dev.descent.optim.DivergenceException;
import dev.descent.train.EpochReport;
import dev.descent.train.Metric;
import dev.descent.train.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Panel 3: linear regression on Boston house prices by full-batch gradient descent, the loss per
 * epoch beside the closed-form optimum's; without standardisation the large features make it diverge.
 */
final class BostonRegression {
    static final int MAX_EPOCHS = 5_000;

    private BostonRegression() {
    }

    /**
     * The data and the closed form's loss, read and solved once rather than per request (training
     * reads them and never writes them).
     */
    private static final class Problem {
        static final Problem RAW = new Problem(false);
        static final Problem STANDARDIZED = new Problem(true);

        final Tensor x;
        final Tensor y;
        final double optimum;

        private Problem(boolean standardize) {
            Dataset boston = Datasets.boston();
            x = standardize ? new StandardScaler().fit(boston.features()).transform(boston.features())
                    : boston.features();
            y = boston.target();
            optimum = Regression.meanSquaredError(y, LinearRegression.closedForm(x, y).predict(x));
        }
    }

    static ObjectNode answer(Request request) {
        double lr = request.number("lr", 1e-12, 10);
        int epochs = request.integer("epochs", 1, MAX_EPOCHS, 1000);
        boolean standardize = request.bool("standardize", true);

        Problem problem = standardize ? Problem.STANDARDIZED : Problem.RAW;
        Tensor x = problem.x;
        Tensor y = problem.y;
        double optimum = problem.optimum;
        List<Double> losses = new ArrayList<>();
        TrainingListener record = new TrainingListener() {
            @Override
            public void epochEnd(EpochReport report) {
                losses.add(report.train(Metric.LOSS));
            }
        };
        ObjectNode o = Json.object();
        String message;
        try {
            LinearRegression model = LinearRegression.gradientDescent(x, y, lr, epochs, record);
            o.putNull("diverged");
            // the trained model's loss, as the Java and the command print it (the curve's points are
            // each epoch's loss before its step)
            double trained = Regression.meanSquaredError(y, model.predict(x));
            message = String.format(Locale.ROOT, "After %s the loss is %.6f; the closed form's optimum is %.6f, %s"
                    + " below it.", Json.count(epochs, "epoch"), trained, optimum, Json.brief(trained - optimum));
        } catch (DivergenceException e) {
            if (e.epoch() > 1) {
                // the loss that gave the divergence away: the model after the epochs before it, measured
                LinearRegression before = LinearRegression.gradientDescent(x, y, lr, e.epoch() - 1);
                losses.subList(e.epoch() - 1, losses.size()).clear();
                losses.add(Regression.meanSquaredError(y, before.predict(x)));
            }
            message = "Diverged at epoch " + e.epoch() + ": " + e.getMessage()
                    + (standardize ? "" : ". The features range from below 1 to several hundred, so the gradient's"
                    + " large components overshoot; standardise them (or take a far smaller learning rate).");
            o.putObject("diverged").put("epoch", e.epoch()).put("message", message);
        }
        o.set("loss", Json.array(losses.stream().mapToDouble(Double::doubleValue).toArray()));
        Json.put(o, "closedForm", optimum);
        o.put("message", message);
        o.put("java", "var boston = Datasets.boston();\n"
                + (standardize ? "var x = new StandardScaler().fit(boston.features()).transform(boston.features());\n"
                        : "var x = boston.features();   // not standardised\n")
                + "var model = LinearRegression.gradientDescent(x, boston.target(), " + Json.format(lr) + ", " + epochs
                + ");\n"
                + "var optimum = LinearRegression.closedForm(x, boston.target());\n"
                + "System.out.println(Regression.meanSquaredError(boston.target(), model.predict(x)));");
        o.put("cli", "descent fit --data boston --model linear --method gd --lr " + Json.format(lr) + " --epochs "
                + epochs + (standardize ? "" : " --no-standardize"));
        return o;
    }
}
