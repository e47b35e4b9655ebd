package dev.descent.cli.predict;

import dev.descent.Tensor;
import dev.descent.cli.Main;
import dev.descent.cli.common.DataSource;
import dev.descent.cli.common.ExitCode;
import dev.descent.cli.common.Json;
import dev.descent.cli.common.JsonOption;
import dev.descent.cli.common.Outputs;
import dev.descent.cli.common.Formatting;
import dev.descent.io.Csv;
import dev.descent.io.FeatureTable;
import dev.descent.io.Datasets;
import dev.descent.io.Numbers;
import dev.descent.io.Predictor;
import dev.descent.io.SavedModel;
import dev.descent.metrics.Classification;
import dev.descent.metrics.Regression;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code descent predict}: applies a saved model to new rows. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Predicts with a model saved by descent fit --save: reads the model's feature columns from a CSV"
                + " file (other columns are ignored) and prints or writes one prediction per row: a number, or a class"
                + " name for a classifier.",
        footer = {"", "Examples:", "  descent predict --model model.safetensors --data new.csv --out predictions.csv",
            "  descent predict --model digits.safetensors --data digits --probabilities --json"})
public final class PredictCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE.safetensors", description = "A model saved by descent fit.")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE.csv|NAME",
            description = "Rows to predict: a CSV file with a header naming at least the model's features, or a bundled data set.")
    String data;

    @Option(names = "--out", paramLabel = "FILE.csv", description = "Write the predictions here (written whole or not at all).")
    Path out;

    @Option(names = "--probabilities", description = "For a classifier, also give each class's probability.")
    boolean probabilities;

    @Mixin
    JsonOption jsonOption;

    @Override
    public Integer call() {
        Map<String, Path> inputs = new LinkedHashMap<>();
        inputs.put("--model", model);
        inputs.put("--data", Path.of(data));
        Outputs.check(inputs, java.util.Collections.singletonMap("--out", out));
        Predictor predictor = Predictor.load(model);
        SavedModel saved = predictor.saved();
        Tensor x;
        Tensor actual;
        if (!Files.exists(Path.of(data)) && Datasets.names().contains(data)) {
            var d = DataSource.load(data, null, saved.features());
            x = d.features();
            actual = saved.target().equals(d.targetName()) ? d.target() : null;
        } else {
            // One pass over the file (a pipe or a FIFO can only be read once): features and, if it is there, the target.
            FeatureTable table = Csv.readFeatures(Path.of(data), saved.features(), saved.target());
            x = table.features();
            actual = table.target().orElse(null);
        }
        Tensor outputs = predictor.outputs(x);
        boolean withProbabilities = probabilities && predictor.isClassifier();
        List<String> header = new ArrayList<>(List.of(predictor.outputName()));
        if (withProbabilities) {
            for (String c : predictor.classes()) {
                header.add("probability_" + c);
            }
        }
        List<List<String>> rows = rows(predictor, outputs, withProbabilities);
        PrintWriter w = spec.commandLine().getOut();
        if (out != null) {
            if (predictor.isClassifier()) {
                Csv.write(out, header, rows);
            } else {
                Csv.write(out, header, Tensor.of(predictor.values(outputs)));
            }
        }
        if (jsonOption.enabled()) {
            w.println(Json.line(json(predictor, outputs, withProbabilities)));
        } else if (out == null) {
            w.print(Csv.format(header, rows));
        } else {
            w.printf(Locale.ROOT, "predicted %d rows with %s; wrote %s%n", rows.size(), model, out);
        }
        if (actual != null && !jsonOption.enabled()) {
            if (predictor.isClassifier()) {
                double accuracy = Classification.accuracyScore(actual, Tensor.of(toDoubles(predictor.classIndices(outputs))));
                w.printf(Locale.ROOT, "the data has the target %s: accuracy %.4f (%d of %d right)%n", saved.target(),
                        accuracy, Math.round(accuracy * rows.size()), rows.size());
            } else {
                Tensor p = Tensor.of(predictor.values(outputs));
                w.println("the data has the target " + saved.target() + ": MSE "
                        + Formatting.metric("%.6f", Regression.meanSquaredError(actual, p)) + "  RMSE "
                        + Formatting.metric("%.6f", Regression.rootMeanSquaredError(actual, p)) + "  MAE "
                        + Formatting.metric("%.6f", Regression.meanAbsoluteError(actual, p)) + "  R² "
                        + Formatting.metric("%.6f", Regression.r2Score(actual, p)));
            }
        }
        w.flush();
        return ExitCode.OK;
    }

    private static List<List<String>> rows(Predictor predictor, Tensor outputs, boolean withProbabilities) {
        List<List<String>> rows = new ArrayList<>();
        if (!predictor.isClassifier()) {
            for (double v : predictor.values(outputs)) {
                rows.add(List.of(Numbers.shortest(v)));
            }
            return rows;
        }
        List<String> labels = predictor.labels(outputs);
        double[][] p = withProbabilities ? predictor.probabilities(outputs) : null;
        for (int i = 0; i < labels.size(); i++) {
            List<String> row = new ArrayList<>(List.of(labels.get(i)));
            if (p != null) {
                for (double v : p[i]) {
                    row.add(Numbers.shortest(v));
                }
            }
            rows.add(row);
        }
        return rows;
    }

    private static Map<String, Object> json(Predictor predictor, Tensor outputs, boolean withProbabilities) {
        Map<String, Object> o = new LinkedHashMap<>();
        if (!predictor.isClassifier()) {
            o.put("predictions", predictor.values(outputs));
            return o;
        }
        o.put("predictions", predictor.labels(outputs));
        if (withProbabilities) {
            o.put("classes", predictor.classes());
            o.put("probabilities", predictor.probabilities(outputs));
        }
        return o;
    }

    private static double[] toDoubles(int[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }
}
