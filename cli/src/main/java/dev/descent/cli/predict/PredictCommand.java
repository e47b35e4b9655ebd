package dev.descent.cli.predict;

import dev.descent.Tensor;
import dev.descent.cli.common.DataSource;
import dev.descent.cli.common.ExitCode;
import dev.descent.cli.common.Formatting;
import dev.descent.cli.common.Json;
import dev.descent.cli.common.JsonOption;
import dev.descent.cli.common.Outputs;
import dev.descent.cli.common.UserError;
import dev.descent.InvalidSettingException;
import dev.descent.data.Table;
import dev.descent.io.Csv;
import dev.descent.io.Dataset;
import dev.descent.io.Datasets;
import dev.descent.io.FashionMnist;
import dev.descent.io.Numbers;
import dev.descent.io.Predictor;
import dev.descent.io.SavedModel;
import dev.descent.metrics.Regression;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code descent predict}: applies a saved model to new rows. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Predicts with a model saved by descent fit --save: reads the model's columns from a CSV file"
                + " (other columns are ignored unless kept with --keep), applies the preprocessing saved with the"
                + " model, and prints or writes one prediction per row: a number, or a class name for a classifier."
                + " When the data holds the target column too, the metrics go to stderr (or into --json).",
        footer = {"", "Examples:", "  descent predict --model model.safetensors --data new.csv --keep id --out predictions.csv",
            "  descent predict --model digits.safetensors --data digits --probabilities --json",
            "  descent predict --model model.safetensors --describe"})
public final class PredictCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE.safetensors", description = "A model saved by descent fit.")
    Path model;

    @Option(names = "--data", paramLabel = "FILE.csv|NAME",
            description = "Rows to predict: a CSV file with a header naming at least the model's columns, or a bundled data set.")
    String data;

    @Option(names = "--out", paramLabel = "FILE.csv", description = "Write the predictions here (written whole or not at all).")
    Path out;

    @Option(names = "--keep", paramLabel = "COLUMN[,COLUMN...]|all", split = ",",
            description = "Copy these input columns (an id, a name; or all) beside the predictions, so they join back to the input.")
    List<String> keep;

    @Option(names = "--probabilities", description = "For a classifier, also give each class's probability, in columns headed by the class names.")
    boolean probabilities;

    @Option(names = "--describe", description = "Print the columns, types, categories and preprocessing the model expects, and stop.")
    boolean describe;

    @Mixin
    JsonOption jsonOption;

    @Override
    public Integer call() {
        PrintWriter w = spec.commandLine().getOut();
        if (describe) {
            SavedModel saved = Predictor.load(model).saved();
            if (jsonOption.enabled()) {
                w.println(Json.line(ModelDescription.json(saved)));
            } else {
                w.print(ModelDescription.text(model.toString(), saved));
            }
            w.flush();
            return ExitCode.OK;
        }
        if (data == null) {
            throw new UserError("--data: name the rows to predict (a CSV file or a bundled data set), or ask for --describe");
        }
        Map<String, Path> inputs = new LinkedHashMap<>();
        inputs.put("--model", model);
        inputs.put("--data", Path.of(data));
        Outputs.check(inputs, Collections.singletonMap("--out", out));
        Predictor predictor = Predictor.load(model);
        SavedModel saved = predictor.saved();
        Rows rows = read(predictor);
        Tensor outputs;
        try {
            outputs = predictor.outputs(rows.table);
        } catch (InvalidSettingException e) {
            // The model's preprocessing refuses a cell: how it handles them was chosen when it was fitted.
            String said = e.describe(setting -> "descent fit --" + setting);
            throw new UserError("--data " + said.substring(said.indexOf(": ") + 2), e);
        } catch (IllegalArgumentException e) {
            throw new UserError("--data " + e.getMessage());
        }
        List<String> kept = keptColumns(rows.table);
        if (probabilities && !predictor.isClassifier()) {
            throw new UserError("--probabilities: " + model + " predicts numbers (regression); class probabilities"
                    + " come from a classifier");
        }
        boolean withProbabilities = probabilities;
        List<String> header = new ArrayList<>(kept);
        header.add(predictor.outputName());
        if (withProbabilities) {
            header.addAll(predictor.classes());
        }
        List<String> clash = header.stream().filter(h -> java.util.Collections.frequency(header, h) > 1).distinct().toList();
        if (!clash.isEmpty()) {
            throw new UserError("--keep: the kept column" + (clash.size() == 1 ? " " : "s ") + DataSource.quoted(clash)
                    + " would have the name of a prediction column; keep the others by name");
        }
        List<List<String>> lines = lines(predictor, outputs, withProbabilities, rows.table, kept);
        if (out != null) {
            Csv.write(out, header, lines);
        }
        Map<String, Object> metrics = metrics(predictor, outputs, rows.actual);
        if (jsonOption.enabled()) {
            Map<String, Object> o = json(predictor, outputs, withProbabilities);
            if (!kept.isEmpty()) {
                Map<String, Object> columns = new LinkedHashMap<>();
                for (int k = 0; k < kept.size(); k++) {
                    int index = k;
                    columns.put(kept.get(k), lines.stream().map(l -> l.get(index)).toList());
                }
                o.put("kept", columns);
            }
            if (!metrics.isEmpty()) {
                o.put("metrics", metrics);
            }
            w.println(Json.line(o));
        } else if (out == null) {
            w.print(Csv.format(header, lines));
        } else {
            w.println("predicted " + Formatting.count(lines.size(), "row", "rows") + " with " + model + "; wrote " + out);
        }
        w.flush();
        if (!metrics.isEmpty() && !jsonOption.enabled()) {
            PrintWriter e = spec.commandLine().getErr();
            e.println(metricsLine(saved.target(), metrics, lines.size()));
            e.flush();
        }
        return ExitCode.OK;
    }

    /** The rows to predict, and the true labels or values when the data has the target. */
    private record Rows(Table table, List<String> actual) {
    }

    private Rows read(Predictor predictor) {
        SavedModel saved = predictor.saved();
        Table table;
        List<String> bundledClasses = List.of();
        if (DataSource.isBundled(data)) {
            Dataset d = Datasets.load(data);
            table = d.table();
            bundledClasses = d.classNames();
        } else if (DataSource.isFashionMnist(data)) {
            // the published test images, which training on fashion-mnist held out
            Dataset test = FashionMnist.load(FashionMnist.defaultDirectory(), 0, Integer.MAX_VALUE).test();
            table = test.table();
            bundledClasses = test.classNames();
        } else {
            Path file = Path.of(data);
            if (!Files.exists(file)) {
                throw new UserError("--data " + data + ": no such file, and not a bundled data set (bundled: "
                        + String.join(", ", Datasets.names()) + ")");
            }
            // One pass over the file (a pipe or a FIFO can only be read once): the model's columns, the kept ones
            // and the target when it is there. Kept columns and categories are read as text, so 007 stays 007.
            Set<String> asText = new LinkedHashSet<>(predictor.textColumns());
            // The header alone, read once, where the file can be opened twice; a pipe gets no target or extra text.
            List<String> header = Files.isRegularFile(file) ? Csv.columns(file) : List.of();
            List<String> columns = null;
            if (keepsAll()) {
                header.stream().filter(c -> !predictor.columns().contains(c) && !c.equals(saved.target()))
                        .forEach(asText::add);
            } else {
                columns = new ArrayList<>(predictor.columns());
                for (String k : keep == null ? List.<String>of() : DataSource.unquoted(keep)) {
                    if (!columns.contains(k)) {
                        columns.add(k);
                        asText.add(k);
                    }
                }
                if (header.contains(saved.target()) && !columns.contains(saved.target())) {
                    columns.add(saved.target());
                }
            }
            table = Csv.readTable(file, columns, asText);
        }
        return new Rows(table, actual(table, saved, bundledClasses));
    }

    private boolean keepsAll() {
        return keep != null && keep.size() == 1 && keep.get(0).equals("all");
    }

    private List<String> keptColumns(Table table) {
        if (keep == null) {
            return List.of();
        }
        if (keepsAll()) {
            return table.names();
        }
        List<String> names = DataSource.unquoted(keep);
        List<String> absent = names.stream().filter(k -> !table.has(k)).toList();
        if (!absent.isEmpty()) {
            throw new UserError("--keep: " + data + " has no column" + (absent.size() == 1 ? " " : "s ")
                    + DataSource.quoted(absent) + " (columns: " + DataSource.quoted(table.names()) + ")");
        }
        return List.copyOf(new LinkedHashSet<>(names));
    }

    /** The target's cells as the model names them (a class name, or a number), or null when the data lacks it. */
    private static List<String> actual(Table table, SavedModel saved, List<String> bundledClasses) {
        if (!table.has(saved.target())) {
            return null;
        }
        Table.Column c = table.column(saved.target());
        List<String> out = new ArrayList<>(c.size());
        for (int r = 0; r < c.size(); r++) {
            String v = c.text(r);
            if (v != null && !bundledClasses.isEmpty() && c instanceof Table.Numbers n) {
                v = bundledClasses.get((int) n.values()[r]);
            }
            out.add(v);
        }
        return out;
    }

    private static List<List<String>> lines(Predictor predictor, Tensor outputs, boolean withProbabilities,
                                            Table table, List<String> kept) {
        List<String> predicted = predictor.isClassifier() ? predictor.labels(outputs)
                : java.util.Arrays.stream(predictor.values(outputs)).mapToObj(Numbers::shortest).toList();
        double[][] p = withProbabilities ? predictor.probabilities(outputs) : null;
        List<List<String>> lines = new ArrayList<>();
        for (int i = 0; i < predicted.size(); i++) {
            List<String> row = new ArrayList<>();
            for (String k : kept) {
                String v = table.column(k).text(i);
                row.add(v == null ? "" : v);
            }
            row.add(predicted.get(i));
            if (p != null) {
                for (double v : p[i]) {
                    row.add(Numbers.shortest(v));
                }
            }
            lines.add(row);
        }
        return lines;
    }

    /** Accuracy for a classifier, MSE, RMSE, MAE and R² for a regression; empty without a target. */
    private static Map<String, Object> metrics(Predictor predictor, Tensor outputs, List<String> actual) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (actual == null) {
            return m;
        }
        if (predictor.isClassifier()) {
            List<String> labels = predictor.labels(outputs);
            int right = 0;
            int scored = 0;
            for (int i = 0; i < labels.size(); i++) {
                if (actual.get(i) != null) { // a row without its label is predicted, not scored
                    scored++;
                    right += labels.get(i).equals(actual.get(i)) ? 1 : 0;
                }
            }
            if (scored == 0) {
                return m;
            }
            m.put("accuracy", (double) right / scored);
            m.put("correct", right);
            m.put("scored", scored);
            return m;
        }
        double[] y = new double[actual.size()];
        for (int i = 0; i < y.length; i++) {
            String v = actual.get(i);
            if (v == null) {
                return m; // a target with gaps is not scored
            }
            y[i] = Double.parseDouble(v);
        }
        Tensor a = Tensor.of(y);
        Tensor p = Tensor.of(predictor.values(outputs));
        m.put("mse", Regression.meanSquaredError(a, p));
        m.put("rmse", Regression.rootMeanSquaredError(a, p));
        m.put("mae", Regression.meanAbsoluteError(a, p));
        m.put("r2", Regression.r2Score(a, p));
        return m;
    }

    private static String metricsLine(String target, Map<String, Object> m, int rows) {
        if (m.containsKey("accuracy")) {
            return "the data has the target " + Table.quoted(target) + ": accuracy "
                    + Formatting.metric("%.4f", (double) m.get("accuracy")) + " (" + m.get("correct") + " of "
                    + m.get("scored") + " right" + ((int) m.get("scored") < rows ? "; " + Formatting.count(
                    rows - (int) m.get("scored"), "row", "rows") + " without a label left out" : "") + ")";
        }
        return "the data has the target " + Table.quoted(target) + ": MSE " + Formatting.metric("%.6f", (double) m.get("mse"))
                + "  RMSE " + Formatting.metric("%.6f", (double) m.get("rmse"))
                + "  MAE " + Formatting.metric("%.6f", (double) m.get("mae"))
                + "  R² " + Formatting.metric("%.6f", (double) m.get("r2"));
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
}
