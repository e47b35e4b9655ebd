package dev.descent.cli.fit;

import dev.descent.DType;
import dev.descent.Tensor;
import dev.descent.cli.common.Formatting;
import dev.descent.cli.plot.Charts;
import dev.descent.data.StandardScaler;
import dev.descent.io.SavedModel;
import dev.descent.linear.LinearRegression;
import dev.descent.metrics.Regression;
import dev.descent.nn.Architecture;
import dev.descent.train.FitConfig;
import dev.descent.train.Preparation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.JFreeChart;

/** What {@code descent fit} reports for linear regression: metrics, weights, the closed-form reference. */
final class LinearReport implements FitReport {
    /** Gradient descent that ends this far above the least-squares optimum (relative train MSE) gets a warning. */
    private static final double FAR_FROM_OPTIMUM = 0.01;

    private final String data;
    private final FitOptions.Method method;
    private final LinearFit fit;
    private final Preparation prepared;
    private final FitConfig config;
    private final StandardScaler scaler;
    private final List<String> featureNames;
    private final int testRows;

    LinearReport(String data, FitOptions.Method method, LinearFit fit, Preparation prepared, FitConfig config) {
        this.data = data;
        this.method = method;
        this.fit = fit;
        this.prepared = prepared;
        this.config = config;
        this.scaler = prepared.scaler();
        this.featureNames = prepared.preprocessor().outputNames();
        this.testRows = prepared.test() == null ? 0 : prepared.test().size();
    }

    /** What is about to be fitted, printed before the first epoch. */
    static void header(PrintWriter out, String data, FitOptions.Method method, Preparation p, FitConfig config) {
        int testRows = p.test() == null ? 0 : p.test().size();
        out.printf(Locale.ROOT, "fit %s: %s (%,d for training, %,d for testing), %s, target %s%s%n", data,
                Formatting.count(p.rows(), "sample", "samples"), p.train().size(), testRows,
                NetworkReport.features(p), config.target(), NetworkReport.dropped(p));
        String standardized = p.scaler() != null ? ", standardized features" : "";
        if (method == FitOptions.Method.closed) {
            out.println("method closed: least squares by QR (the analytic way)" + standardized);
        } else {
            out.printf(Locale.ROOT, "method %s: learning rate %s, %s%s%s, seed %d%n", method,
                    Formatting.num(config.optimizer().learningRate()), Formatting.count(config.epochs(), "epoch", "epochs"),
                    method == FitOptions.Method.sgd ? " of shuffled mini-batches of " + config.batchSize() : "",
                    standardized, config.seed());
        }
        if (config.dtype() != DType.FLOAT64) {
            out.println("in " + config.dtype() + ": the weights and the data");
        }
        out.flush();
    }

    /** How far this fit's train MSE is above the least-squares optimum's, relative to it; NaN without a reference. */
    double gapToOptimum() {
        LinearRegression exact = fit.closedForm();
        if (exact == null || method == FitOptions.Method.closed) {
            return Double.NaN;
        }
        double best = Regression.meanSquaredError(fit.trainY(), exact.predict(fit.trainX()));
        double mine = Regression.meanSquaredError(fit.trainY(), fit.model().predict(fit.trainX()));
        return (mine - best) / Math.max(best, Double.MIN_NORMAL);
    }

    /**
     * The model as a file: one {@code nn.Linear(features, 1)} in a Sequential, described as
     * {@code linear;in=F;out=1;...}, so that descent predict rebuilds it like any network.
     */
    @Override
    public SavedModel model() {
        LinearRegression m = fit.model();
        int f = featureNames.size();
        Map<String, Tensor> weights = new LinkedHashMap<>();
        weights.put("0.weight", m.weights().reshape(1, f));
        weights.put("0.bias", Tensor.of(new double[] {m.bias()}));
        return new SavedModel(Architecture.of("linear", f, 1).describe(), featureNames, config.target(), List.of(),
                scaler, weights, prepared.preprocessor());
    }

    @Override
    public JFreeChart chart() {
        JFreeChart chart;
        int rows = fit.trainY().shape().size(0);
        String title = "Linear regression on " + data + " (" + method + "), the " + Formatting.count(rows,
                "training row", "training rows");
        if (method == FitOptions.Method.closed) {
            chart = Charts.predictedVsActual(title, config.target(), fit.trainY().toArray(),
                    fit.model().predict(fit.trainX()).toArray());
        } else {
            double[] history = fit.model().lossHistory();
            List<Charts.Series> series = new ArrayList<>(List.of(new Charts.Series("train", history)));
            LinearRegression exact = fit.closedForm();
            if (exact != null) {
                // The least-squares optimum as a level line: where gradient descent is heading.
                double[] best = new double[history.length];
                Arrays.fill(best, Regression.meanSquaredError(fit.trainY(), exact.predict(fit.trainX())));
                series.add(new Charts.Series("least squares (closed form)", best));
            }
            chart = Charts.perEpoch(title, "training MSE", series);
        }
        return chart;
    }

    @Override
    public Map<String, Object> json() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("data", data);
        o.put("target", config.target());
        o.put("method", method.name());
        o.put("features", prepared.preprocessor().columns());
        o.put("inputs", featureNames);
        o.put("missing", config.missing().key());
        o.put("rows_dropped", prepared.dropped());
        o.put("seed", config.seed());
        o.put("dtype", config.dtype().toString());
        o.put("weights", byFeature(fit.model().weights().toArray()));
        o.put("bias", fit.model().bias());
        o.put("standardized", scaler != null);
        if (scaler != null) {
            o.put("weights_original_units", byFeature(originalWeights()));
            o.put("bias_original_units", originalBias());
        }
        o.put("dependent_features", dependentFeatures());
        o.put("train", metrics(fit.trainX(), fit.trainY()));
        o.put("test", testRows == 0 ? null : metrics(fit.testX(), fit.testY()));
        o.put("epochs", method == FitOptions.Method.closed ? 0 : config.epochs());
        if (method != FitOptions.Method.closed) {
            o.put("learning_rate", config.optimizer().learningRate());
        }
        LinearRegression exact = fit.closedForm();
        if (exact != null && method != FitOptions.Method.closed) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("mse", Regression.meanSquaredError(fit.trainY(), exact.predict(fit.trainX())));
            c.put("max_weight_difference", maxWeightDifference(exact));
            c.put("bias_difference", Math.abs(fit.model().bias() - exact.bias()));
            c.put("relative_mse_gap", gapToOptimum());
            o.put("closed_form", c);
            o.put("converged", farFromOptimum() == null);
            o.put("warning", farFromOptimum());
        }
        return o;
    }

    /** The end of the report, after the header (and the epoch rows): warnings, scores, weights, files. */
    @Override
    public void text(PrintWriter out, Path saved, Path plotted, Path checkpoints) {
        int f = featureNames.size();
        List<String> dependent = dependentFeatures();
        if (!dependent.isEmpty()) {
            out.println("warning: " + (dependent.size() == 1 ? "feature " : "features ")
                    + dependent.stream().map(LinearReport::quoted).collect(java.util.stream.Collectors.joining(", "))
                    + (dependent.size() == 1 ? " is a linear combination" : " are linear combinations")
                    + " of the others (or constant), so the least-squares weights are not unique; the closed form"
                    + " gives the smallest ones (minimum norm, as numpy.linalg.lstsq)");
        }
        out.println("train: " + metricsLine(metrics(fit.trainX(), fit.trainY())));
        if (testRows > 0) {
            out.println("test:  " + metricsLine(metrics(fit.testX(), fit.testY())));
        }
        out.println(scaler != null ? "weights (per standard deviation of each feature; original units beside them):"
                : "weights:");
        double[] w = fit.model().weights().toArray();
        double[] orig = scaler != null ? originalWeights() : null;
        int width = Math.max(4, featureNames.stream().mapToInt(n -> quoted(n).length()).max().orElse(4));
        for (int i = 0; i < f; i++) {
            out.printf(Locale.ROOT, "  %-" + width + "s %14.6f%s%n", quoted(featureNames.get(i)), w[i],
                    orig == null ? "" : String.format(Locale.ROOT, " %16.8g", orig[i]));
        }
        out.printf(Locale.ROOT, "  %-" + width + "s %14.6f%s%n", "bias", fit.model().bias(),
                scaler == null ? "" : String.format(Locale.ROOT, " %16.8g", originalBias()));
        LinearRegression exact = fit.closedForm();
        if (exact != null && method != FitOptions.Method.closed) {
            out.printf(Locale.ROOT, "closed-form solution: train MSE %.6f; this fit's weights differ from it by at most"
                            + " %s, its bias by %s%n", Regression.meanSquaredError(fit.trainY(), exact.predict(fit.trainX())),
                    Formatting.num(maxWeightDifference(exact)), Formatting.num(Math.abs(fit.model().bias() - exact.bias())));
            String far = farFromOptimum();
            if (far != null) {
                out.println("warning: " + far);
            }
        }
        if (saved != null) {
            out.println("model: " + saved);
        }
        if (plotted != null) {
            out.println("plot:  " + plotted);
        }
    }

    /** The warning for a run that ended far above the least-squares optimum, or null. */
    private String farFromOptimum() {
        double gap = gapToOptimum();
        if (!(gap > FAR_FROM_OPTIMUM)) {
            return null;
        }
        return String.format(Locale.ROOT, "%s ended %s above the least-squares optimum (train MSE); train longer"
                + " (--epochs) or with a larger --lr%s, or use --method closed", method == FitOptions.Method.gd
                ? "gradient descent" : "stochastic gradient descent", percent(gap),
                scaler == null ? ", standardize the features (--standardize)" : "");
    }

    /** {@code 35 %}, {@code 2.5 %}, {@code 1.2e3 %}: a relative gap as a person reads it. */
    private static String percent(double gap) {
        double p = gap * 100;
        return (p < 1000 ? Formatting.num(Math.round(p * 10) / 10.0) : Formatting.num(Double.parseDouble(
                String.format(Locale.ROOT, "%.2g", p)))) + " %";
    }

    /** The features the closed form found to depend on the others, by name. */
    private List<String> dependentFeatures() {
        LinearRegression exact = fit.closedForm();
        List<String> names = new java.util.ArrayList<>();
        if (exact != null) {
            for (int i : exact.dependentFeatures()) {
                names.add(featureNames.get(i));
            }
        }
        return names;
    }

    /** A column name as CSV would write it: quoted when it holds a comma, a quote or a space, so it never reads as two. */
    static String quoted(String name) {
        return name.matches(".*[,\\s\"].*") ? "\"" + name.replace("\"", "\"\"") + "\"" : name;
    }

    private Map<String, Double> metrics(Tensor x, Tensor y) {
        Tensor p = fit.model().predict(x);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("mse", Regression.meanSquaredError(y, p));
        m.put("rmse", Regression.rootMeanSquaredError(y, p));
        m.put("mae", Regression.meanAbsoluteError(y, p));
        m.put("r2", Regression.r2Score(y, p));
        return m;
    }

    private static String metricsLine(Map<String, Double> m) {
        return "MSE " + Formatting.metric("%.6f", m.get("mse")) + "  RMSE " + Formatting.metric("%.6f", m.get("rmse"))
                + "  MAE " + Formatting.metric("%.6f", m.get("mae")) + "  R² " + Formatting.metric("%.6f", m.get("r2"));
    }

    private Map<String, Double> byFeature(double[] w) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < w.length; i++) {
            m.put(featureNames.get(i), w[i]);
        }
        return m;
    }

    /** With z = (x − mean)/scale, y = Σ wᵢzᵢ + b = Σ (wᵢ/scaleᵢ)·xᵢ + (b − Σ wᵢ·meanᵢ/scaleᵢ). */
    private double[] originalWeights() {
        double[] w = fit.model().weights().toArray();
        double[] s = scaler.scale().toArray();
        for (int i = 0; i < w.length; i++) {
            w[i] /= s[i];
        }
        return w;
    }

    private double originalBias() {
        double[] w = originalWeights();
        double[] m = scaler.mean().toArray();
        double b = fit.model().bias();
        for (int i = 0; i < w.length; i++) {
            b -= w[i] * m[i];
        }
        return b;
    }

    private double maxWeightDifference(LinearRegression exact) {
        return fit.model().weights().sub(exact.weights()).abs().max().item();
    }
}
