package dev.descent.cli;

import dev.descent.Tensor;
import dev.descent.io.Csv;
import dev.descent.io.CsvTable;
import dev.descent.io.Datasets;
import dev.descent.io.SavedModel;
import dev.descent.metrics.Regression;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code descent predict}: applies a saved model to new rows. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Predicts with a model saved by descent fit --save: reads the model's feature columns from a CSV"
                + " file (other columns are ignored) and prints or writes one prediction per row.",
        footer = {"", "Example:", "  descent predict --model model.safetensors --data new.csv --out predictions.csv"})
final class PredictCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE.safetensors", description = "A model saved by descent fit.")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE.csv|NAME",
            description = "Rows to predict: a CSV file with a header naming at least the model's features, or a bundled data set.")
    String data;

    @Option(names = "--out", paramLabel = "FILE.csv", description = "Write the predictions here (written whole or not at all).")
    Path out;

    @Option(names = "--json", description = "Print {\"predictions\": [...]} instead of text.")
    boolean json;

    @Override
    public Integer call() {
        SavedModel saved = SavedModel.load(model);
        Predictor predictor = Predictor.of(saved);
        Tensor x;
        Tensor actual = null;
        if (!Files.exists(Path.of(data)) && Datasets.names().contains(data)) {
            var d = DataSource.load(data, null, saved.features());
            x = d.features();
            actual = saved.target().equals(d.targetName()) ? d.target() : null;
        } else {
            CsvTable table = Csv.readNumeric(Path.of(data), saved.features());
            x = table.values();
            if (Csv.readNumeric(Path.of(data)).columns().contains(saved.target())) {
                actual = Csv.readNumeric(Path.of(data), List.of(saved.target())).values().reshape(-1);
            }
        }
        Tensor predictions = predictor.predict(x);
        PrintWriter w = spec.commandLine().getOut();
        String column = predictor.outputName();
        if (out != null) {
            Csv.write(out, List.of(column), predictions);
        }
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("predictions", predictor.jsonValues(predictions));
            w.println(Json.line(o));
        } else if (out == null) {
            w.println(column);
            for (Object v : predictor.jsonValues(predictions)) {
                w.println(v instanceof Double d ? MinimizeText.num(d) : v);
            }
        } else {
            w.printf(Locale.ROOT, "predicted %d rows with %s; wrote %s%n", predictions.shape().size(0), model, out);
        }
        if (actual != null && !json && !predictor.isClassifier()) {
            w.printf(Locale.ROOT, "the data has the target %s: MSE %.6f  RMSE %.6f  MAE %.6f  R² %.6f%n", saved.target(),
                    Regression.mse(actual, predictions), Regression.rmse(actual, predictions),
                    Regression.mae(actual, predictions), Regression.r2(actual, predictions));
        }
        w.flush();
        return Main.OK;
    }
}
