package dev.descent.cli.fit;

import dev.descent.Tensor;
import dev.descent.cli.common.Formatting;
import dev.descent.cli.plot.ChartFiles;
import dev.descent.cli.plot.TrainingCharts;
import dev.descent.io.AtomicFiles;
import dev.descent.io.Dataset;
import dev.descent.io.SavedModel;
import dev.descent.train.EpochReport;
import dev.descent.train.FitConfig;
import dev.descent.train.FitResult;
import dev.descent.train.History;
import dev.descent.train.Metric;
import dev.descent.train.Task;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.JFreeChart;

/** What {@code descent fit} reports for a network (or logistic regression) trained by the training loop. */
final class NetworkReport implements FitReport {
    private static final int TABLE_ROWS = 10;

    private final FitResult fit;
    private final Dataset data;
    private final FitConfig s;

    NetworkReport(FitResult fit, Dataset data) {
        this.fit = fit;
        this.data = data;
        this.s = fit.config();
    }

    /** The model as a file: the architecture's description, PyTorch's parameter names, the class names and the scaler. */
    @Override
    public SavedModel model() {
        Map<String, Tensor> weights = new LinkedHashMap<>(fit.model().stateDict());
        return new SavedModel(fit.architecture().describe(), data.featureNames(), data.targetName(),
                fit.classes(), fit.scaler(), weights);
    }

    @Override
    public void plot(Path file) {
        History h = fit.history();
        boolean held = fit.test() != null;
        List<TrainingCharts.Series> loss = new ArrayList<>();
        loss.add(new TrainingCharts.Series("train", h.train(Metric.LOSS)));
        if (held) {
            loss.add(new TrainingCharts.Series("test", h.validation(Metric.LOSS)));
        }
        List<TrainingCharts.Series> accuracy = new ArrayList<>();
        if (fit.task() != Task.REGRESSION) {
            accuracy.add(new TrainingCharts.Series("train", h.train(Metric.ACCURACY)));
            if (held) {
                accuracy.add(new TrainingCharts.Series("test", h.validation(Metric.ACCURACY)));
            }
        }
        String title = fit.architecture().model() + " on " + data.name() + " (" + s.loss().key() + ", "
                + s.optimizer().name() + ")";
        JFreeChart chart = TrainingCharts.lossAndAccuracy(title, s.loss().key() + " loss", loss, accuracy);
        AtomicFiles.write(file, out -> ChartFiles.render(chart, file, out));
    }

    @Override
    public Map<String, Object> json() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("data", data.name());
        o.put("target", data.targetName());
        o.put("task", taskName());
        o.put("model", fit.architecture().model());
        o.put("architecture", fit.architecture().describe());
        o.put("parameters", parameterCount());
        o.put("loss", s.loss().key());
        o.put("optimizer", s.optimizer().name());
        o.put("learning_rate", s.optimizer().learningRate());
        o.put("weight_decay", s.optimizer().weightDecay());
        o.put("schedule", s.schedule().name());
        o.put("warmup", s.schedule().warmup());
        o.put("method", s.method().name().toLowerCase(Locale.ROOT));
        o.put("batch_size", s.method() == FitConfig.Method.GD ? fit.train().size() : s.batchSize());
        o.put("features", data.featureNames());
        o.put("classes", fit.classes());
        o.put("standardized", s.standardize());
        o.put("train_samples", fit.train().size());
        o.put("test_samples", fit.test() == null ? 0 : fit.test().size());
        o.put("train", scores(fit.trainScores(), fit.trainConfusion()));
        o.put("test", fit.test() == null ? null : scores(fit.testScores(), fit.testConfusion()));
        o.put("epochs", s.epochs());
        o.put("epochs_run", fit.history().epochsRun());
        o.put("stopped_early", fit.history().stoppedEarly());
        if (s.patience() > 0) {
            o.put("best_epoch", fit.history().bestEpoch());
        }
        if (fit.resumedAfter() > 0) {
            o.put("resumed_after_epoch", fit.resumedAfter());
        }
        o.put("seconds", fit.seconds());
        o.put("history", history());
        return o;
    }

    @Override
    public void text(PrintWriter out, Path saved, Path plotted, Path checkpoints) {
        int n = data.size();
        int testRows = fit.test() == null ? 0 : fit.test().size();
        String what = fit.task() == Task.REGRESSION ? "target " + data.targetName()
                : fit.classes().size() + " classes (" + data.targetName() + ")";
        out.printf(Locale.ROOT, "fit %s: %d samples (%d for training, %d for testing), %d features, %s%n",
                data.name(), n, n - testRows, testRows, data.featureNames().size(), what);
        out.printf(Locale.ROOT, "model %s: %s, %,d parameters%s%n", fit.architecture().model(), layers(), parameterCount(),
                s.standardize() ? ", standardized features" : "");
        out.printf(Locale.ROOT, "training: %s loss, %s, learning rate %s%s%s, %d epochs of %s%n", s.loss().key(),
                optimizerText(), Formatting.num(s.optimizer().learningRate()), scheduleText(),
                s.patience() > 0 ? ", early stopping after " + s.patience() + " epochs without progress" : "",
                s.epochs(), batchesText());
        table(out);
        History h = fit.history();
        if (fit.resumedAfter() == 0) {
            out.printf(Locale.ROOT, "trained %d epochs in %.1f s%n", h.epochsRun(), fit.seconds());
        } else if (fit.resumedAfter() < h.epochsRun()) {
            out.printf(Locale.ROOT, "resumed after epoch %d; trained epochs %d to %d in %.1f s%n", fit.resumedAfter(),
                    fit.resumedAfter() + 1, h.epochsRun(), fit.seconds());
        } else {
            out.printf(Locale.ROOT, "the checkpoint holds the whole run (%d epochs); nothing left to train%n", h.epochsRun());
        }
        if (h.stoppedEarly()) {
            out.printf(Locale.ROOT, "stopped early: the test loss last improved in epoch %d, whose weights are kept%n",
                    h.bestEpoch());
        }
        out.println("train: " + scoreLine(fit.trainScores(), fit.train().size()));
        if (fit.test() != null) {
            out.println("test:  " + scoreLine(fit.testScores(), testRows));
        }
        if (fit.task() != Task.REGRESSION) {
            boolean onTest = fit.test() != null;
            out.println("confusion matrix on the " + (onTest ? "test" : "training") + " rows (rows: true class,"
                    + " columns: predicted class):");
            confusion(out, onTest ? fit.testConfusion() : fit.trainConfusion());
        }
        if (saved != null) {
            out.println("model: " + saved);
        }
        if (plotted != null) {
            out.println("plot:  " + plotted);
        }
        if (checkpoints != null) {
            out.println("checkpoints: " + checkpoints + " (the latest after epoch " + fit.history().epochsRun() + ")");
        }
    }

    private String taskName() {
        return switch (fit.task()) {
            case REGRESSION -> "regression";
            case CLASSIFICATION -> "classification";
            case BINARY_CLASSIFICATION -> "binary classification";
        };
    }

    private int parameterCount() {
        int count = 0;
        for (Tensor p : fit.model().parameters()) {
            count += p.numel();
        }
        return count;
    }

    /** {@code 64 → 64 → 64 → 10, relu}: the widths from the inputs to the outputs. */
    private String layers() {
        StringBuilder sb = new StringBuilder().append(fit.architecture().inputs());
        for (int h : fit.architecture().hidden()) {
            sb.append(" → ").append(h);
        }
        sb.append(" → ").append(fit.architecture().outputs());
        if (!fit.architecture().isLinear()) {
            sb.append(", ").append(fit.architecture().activation().key());
            if (s.dropout() > 0) {
                sb.append(", dropout ").append(Formatting.num(s.dropout()));
            }
        }
        return sb.toString();
    }

    private String optimizerText() {
        String name = s.optimizer().name().equals("momentum") ? "sgd with momentum 0.9" : s.optimizer().name();
        return s.optimizer().weightDecay() != 0 ? name + " (weight decay " + Formatting.num(s.optimizer().weightDecay()) + ")" : name;
    }

    private String scheduleText() {
        String warm = s.schedule().warmup() > 0 ? ", " + s.schedule().warmup() + " warm-up epochs" : "";
        return switch (s.schedule().name()) {
            case "step" -> warm + ", divided by 10 after each third";
            case "exponential" -> warm + ", decaying exponentially to 1 %";
            case "cosine" -> warm + ", cosine annealing to 0";
            default -> warm;
        };
    }

    private String batchesText() {
        return s.method() == FitConfig.Method.GD ? "full-batch gradient descent"
                : "shuffled mini-batches of " + s.batchSize();
    }

    /** About ten epochs, evenly spaced, always with the first and the last. */
    private void table(PrintWriter out) {
        List<EpochReport> reports = fit.history().reports();
        if (reports.isEmpty()) {
            return;
        }
        List<Metric> metrics = fit.task() == Task.REGRESSION ? List.of(Metric.LOSS, Metric.R2)
                : List.of(Metric.LOSS, Metric.ACCURACY);
        boolean held = reports.get(0).hasValidation();
        StringBuilder header = new StringBuilder("  epoch");
        for (String split : held ? List.of("train", "test") : List.of("train")) {
            for (Metric m : metrics) {
                header.append(String.format(Locale.ROOT, " %13s", split + " " + label(m)));
            }
        }
        header.append("  learning rate");
        out.println(header);
        int last = reports.size();
        int step = Math.max(1, (int) Math.ceil(last / (double) TABLE_ROWS));
        for (int e = 1; e <= last; e++) {
            if (e != 1 && e != last && e % step != 0) {
                continue;
            }
            EpochReport r = reports.get(e - 1);
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  %5d", e));
            for (Metric m : metrics) {
                row.append(String.format(Locale.ROOT, " %13s", value(m, r.train(m))));
            }
            if (held) {
                for (Metric m : metrics) {
                    row.append(String.format(Locale.ROOT, " %13s", value(m, r.validation(m))));
                }
            }
            row.append("  ").append(Formatting.num(r.learningRate()));
            out.println(row);
        }
    }

    private static String label(Metric m) {
        return m == Metric.R2 ? "R²" : m == Metric.ACCURACY ? "acc." : m.key();
    }

    private static String value(Metric m, double v) {
        return Formatting.metric(m == Metric.ACCURACY ? "%.4f" : "%.6g", v);
    }

    private String scoreLine(Map<Metric, Double> scores, int rows) {
        if (fit.task() == Task.REGRESSION) {
            return "loss " + value(Metric.LOSS, scores.get(Metric.LOSS)) + "  MSE " + value(Metric.MSE, scores.get(Metric.MSE))
                    + "  RMSE " + value(Metric.RMSE, scores.get(Metric.RMSE)) + "  MAE " + value(Metric.MAE, scores.get(Metric.MAE))
                    + "  R² " + Formatting.metric("%.6f", scores.get(Metric.R2));
        }
        double accuracy = scores.get(Metric.ACCURACY);
        return String.format(Locale.ROOT, "loss %.6f  accuracy %.4f (%d of %d right)", scores.get(Metric.LOSS), accuracy,
                Math.round(accuracy * rows), rows);
    }

    private void confusion(PrintWriter out, int[][] counts) {
        List<String> names = fit.classes();
        int width = 3;
        for (String name : names) {
            width = Math.max(width, name.length());
        }
        for (int[] row : counts) {
            for (int c : row) {
                width = Math.max(width, Integer.toString(c).length());
            }
        }
        StringBuilder header = new StringBuilder(" ".repeat(width + 2));
        for (String name : names) {
            header.append(String.format(Locale.ROOT, " %" + width + "s", name));
        }
        out.println(header);
        for (int i = 0; i < counts.length; i++) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  %" + width + "s", names.get(i)));
            for (int c : counts[i]) {
                row.append(String.format(Locale.ROOT, " %" + width + "d", c));
            }
            out.println(row);
        }
    }

    private Map<String, Object> scores(Map<Metric, Double> scores, int[][] confusion) {
        Map<String, Object> m = new LinkedHashMap<>();
        scores.forEach((metric, value) -> m.put(metric.key(), value));
        if (confusion != null) {
            m.put("confusion", confusion);
        }
        return m;
    }

    private Map<String, Object> history() {
        History h = fit.history();
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("learning_rate", h.learningRates());
        Map<String, Object> train = new LinkedHashMap<>();
        Map<String, Object> test = new LinkedHashMap<>();
        for (Metric m : fit.task().metrics()) {
            train.put(m.key(), h.train(m));
            if (fit.test() != null) {
                test.put(m.key(), h.validation(m));
            }
        }
        o.put("train", train);
        o.put("test", fit.test() == null ? null : test);
        return o;
    }
}
