package dev.descent.cli.fit;

import dev.descent.DType;
import dev.descent.cli.common.Formatting;
import dev.descent.cli.plot.ImageGrid;
import dev.descent.cli.plot.TrainingCharts;
import dev.descent.io.SavedModel;
import dev.descent.nn.Architecture;
import dev.descent.train.FitConfig;
import dev.descent.train.FitResult;
import dev.descent.train.Preparation;
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
    private final FitResult fit;
    private final String data;
    private final FitConfig s;

    NetworkReport(FitResult fit, String data) {
        this.fit = fit;
        this.data = data;
        this.s = fit.config();
    }

    /**
     * The model as a file: the architecture's description, PyTorch's parameter names, the class
     * names, the preprocessing and the scaler.
     */
    @Override
    public SavedModel model() {
        return SavedModel.of(fit);
    }

    /** What is about to be trained, printed before the first epoch: the data, the model, the optimizer. */
    static void header(PrintWriter out, String data, FitConfig s, Preparation p) {
        Architecture arch = s.architecture(p.inputs(), p.outputs());
        int testRows = p.test() == null ? 0 : p.test().size();
        String what = p.task() == Task.REGRESSION ? "target " + s.target()
                : Formatting.count(p.classes().size(), "class", "classes") + " (" + s.target() + ")";
        out.printf(Locale.ROOT, "fit %s: %s (%,d for training, %,d for testing), %s, %s%s%n", data,
                Formatting.count(p.rows(), "sample", "samples"), p.train().size(), testRows, features(p), what,
                dropped(p));
        out.printf(Locale.ROOT, "model %s: %s, %s%s%n", arch.model(), layers(arch, s),
                Formatting.count(arch.parameterCount(), "parameter", "parameters"),
                s.standardize() ? ", standardized features" : "");
        out.printf(Locale.ROOT, "training: %s loss, %s, learning rate %s%s%s, %s of %s, seed %d%n", s.loss().key(),
                optimizerText(s), Formatting.num(s.optimizer().learningRate()), scheduleText(s),
                s.patience() > 0 ? ", early stopping after " + s.patience() + " epochs without progress" : "",
                Formatting.count(s.epochs(), "epoch", "epochs"), batchesText(s), s.seed());
        if (s.dtype() != DType.FLOAT64) {
            out.println("in " + s.dtype() + ": the weights, the data and the optimizer's state");
        }
        if (s.shards() > 0) {
            out.println("data-parallel over " + Formatting.count(s.shards(), "shard", "shards") + " of the training rows:"
                    + " each step adds their gradient sums in shard order");
        }
        out.flush();
    }

    /** {@code 13 features}, or {@code 3 columns → 7 inputs (city one-hot)} when text columns were encoded. */
    static String features(Preparation p) {
        List<String> encoded = p.preprocessor().plans().stream().filter(c -> !c.numeric()).map(c -> c.name()).toList();
        String columns = Formatting.count(p.preprocessor().columns().size(), "feature", "features");
        if (encoded.isEmpty()) {
            return columns;
        }
        return columns + " → " + Formatting.count(p.inputs(), "input", "inputs") + " (" + String.join(", ",
                encoded.stream().map(n -> "'" + n + "'").toList()) + " one-hot)";
    }

    /** {@code ; 3 rows with missing cells dropped}, or nothing. */
    static String dropped(Preparation p) {
        return p.dropped() == 0 ? "" : "; " + Formatting.count(p.dropped(), "row", "rows") + " with missing cells dropped";
    }

    @Override
    public JFreeChart chart() {
        History h = fit.history();
        boolean held = fit.test() != null;
        List<TrainingCharts.Series> loss = new ArrayList<>();
        loss.add(new TrainingCharts.Series("train", h.train(Metric.LOSS)));
        if (held) {
            loss.add(new TrainingCharts.Series("test", h.validation(Metric.LOSS)));
        }
        List<TrainingCharts.Series> accuracy = new ArrayList<>();
        if (fit.task() != Task.REGRESSION) {
            if (trainReports(h, Metric.ACCURACY)) {
                accuracy.add(new TrainingCharts.Series("train", h.train(Metric.ACCURACY)));
            }
            if (held) {
                accuracy.add(new TrainingCharts.Series("test", h.validation(Metric.ACCURACY)));
            }
        }
        String title = fit.architecture().model() + " on " + data + " (" + s.loss().key() + ", "
                + s.optimizer().name() + "): " + Formatting.count(fit.train().size(), "training row", "training rows")
                + (held ? ", " + Formatting.count(fit.test().size(), "test row", "test rows") : "");
        return TrainingCharts.lossAndAccuracy(title, s.loss().key() + " loss", loss, accuracy);
    }

    /** For a convolutional network: the first 32 test images it gets wrong, with their true and predicted classes. */
    @Override
    public ImageGrid images() {
        Architecture.Image image = fit.architecture().image();
        if (image == null || fit.test() == null) {
            return null;
        }
        List<FitResult.Mistake> mistakes = fit.testMistakes(32);
        if (mistakes.isEmpty()) {
            return null;
        }
        int size = (int) image.size();
        List<ImageGrid.Tile> tiles = new ArrayList<>();
        for (FitResult.Mistake m : mistakes) {
            double[] pixels = fit.test().features().select(0, m.row()).toArray();
            tiles.add(new ImageGrid.Tile(java.util.Arrays.copyOf(pixels, size), image.channels(), image.height(),
                    image.width(), fit.classes().get(m.actual()) + "\n→ " + fit.classes().get(m.predicted())));
        }
        return new ImageGrid("Test images the model got wrong (true class, then → predicted), the first "
                + tiles.size() + " in order", tiles);
    }

    @Override
    public Map<String, Object> json() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("data", data);
        o.put("target", s.target());
        o.put("task", taskName());
        o.put("model", fit.architecture().model());
        o.put("architecture", fit.architecture().describe());
        o.put("parameters", fit.architecture().parameterCount());
        o.put("loss", s.loss().key());
        o.put("optimizer", s.optimizer().name());
        o.put("learning_rate", s.optimizer().learningRate());
        o.put("weight_decay", s.optimizer().weightDecay());
        o.put("schedule", s.schedule().name());
        o.put("warmup", s.schedule().warmup());
        o.put("method", s.method().name().toLowerCase(Locale.ROOT));
        o.put("batch_size", s.method() == FitConfig.Method.GD ? fit.train().size() : s.batchSize());
        o.put("shards", s.shards());
        o.put("features", fit.preprocessor().columns());
        o.put("inputs", fit.preprocessor().outputNames());
        o.put("classes", fit.classes());
        o.put("standardized", s.standardize());
        o.put("missing", s.missing().key());
        o.put("rows_dropped", fit.dropped());
        o.put("seed", s.seed());
        o.put("dtype", s.dtype().toString());
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

    /** The end of the report, after the header and the epoch rows: time, scores, confusion matrix, files. */
    @Override
    public void text(PrintWriter out, Path saved, Path plotted, Path checkpoints) {
        int testRows = fit.test() == null ? 0 : fit.test().size();
        History h = fit.history();
        if (fit.resumedAfter() == 0) {
            out.printf(Locale.ROOT, "trained %s in %.1f s%n", Formatting.count(h.epochsRun(), "epoch", "epochs"),
                    fit.seconds());
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


    /** {@code 64 → 64 → 64 → 10, relu}: the sizes from the inputs to the outputs. */
    private static String layers(Architecture arch, FitConfig s) {
        StringBuilder sb = new StringBuilder(arch.sizes());
        if (!arch.isLinear()) {
            sb.append(", ").append(arch.activation().key());
            if (s.dropout() > 0) {
                sb.append(", dropout ").append(Formatting.num(s.dropout()));
            }
        }
        return sb.toString();
    }

    private static String optimizerText(FitConfig s) {
        String name = s.optimizer().name().equals("momentum") ? "sgd with momentum 0.9" : s.optimizer().name();
        return s.optimizer().weightDecay() != 0 ? name + " (weight decay " + Formatting.num(s.optimizer().weightDecay()) + ")" : name;
    }

    private static String scheduleText(FitConfig s) {
        String warm = s.schedule().warmup() > 0 ? ", " + s.schedule().warmup() + " warm-up epochs" : "";
        return switch (s.schedule().name()) {
            case "step" -> warm + ", divided by 10 after each third";
            case "exponential" -> warm + ", decaying exponentially to 1 %";
            case "cosine" -> warm + ", cosine annealing to 0";
            default -> warm;
        };
    }

    private static String batchesText(FitConfig s) {
        return s.method() == FitConfig.Method.GD ? "full-batch gradient descent"
                : "shuffled mini-batches of " + s.batchSize();
    }

    private String scoreLine(Map<Metric, Double> scores, int rows) {
        if (fit.task() == Task.REGRESSION) {
            return "loss " + TrainingLog.value(Metric.LOSS, scores.get(Metric.LOSS)) + "  MSE " + TrainingLog.value(Metric.MSE, scores.get(Metric.MSE))
                    + "  RMSE " + TrainingLog.value(Metric.RMSE, scores.get(Metric.RMSE)) + "  MAE " + TrainingLog.value(Metric.MAE, scores.get(Metric.MAE))
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
            if (trainReports(h, m)) {
                train.put(m.key(), h.train(m));
            }
            if (fit.test() != null) {
                test.put(m.key(), h.validation(m));
            }
        }
        o.put("train", train);
        o.put("test", fit.test() == null ? null : test);
        return o;
    }

    /** Whether the epochs report {@code m} on the training rows (a data-parallel run reports only the loss). */
    private static boolean trainReports(History h, Metric m) {
        return h.reports().isEmpty() || h.reports().get(0).train().containsKey(m);
    }
}
