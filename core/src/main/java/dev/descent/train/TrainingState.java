package dev.descent.train;

import dev.descent.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a {@link Trainer} needs to continue a run bit for bit: what a checkpoint holds
 * (PyTorch's convention of saving model, optimizer and scheduler {@code state_dict}s together).
 *
 * <p>Every part is a map of tensors, so a {@link CheckpointStore} can write them in any tensor
 * format: the model's state dict (PyTorch names, loadable on its own), and the rest flattened by
 * {@link #training()} under the prefixes {@code optimizer.}, {@code scheduler.}, {@code loader.},
 * {@code random.}, {@code progress.}, {@code best.} and {@code history.}.
 *
 * @param epoch the number of epochs completed
 * @param model the model's state dict at the end of that epoch
 * @param optimizer the optimizer's state dict
 * @param scheduler the learning-rate scheduler's state dict; empty without a scheduler
 * @param loader the training DataLoader's state dict (epoch and seed)
 * @param random the seed and draw count of every random module (such as Dropout)
 * @param progress the trainer's own counters: early stopping and divergence detection
 * @param best the model's state dict at its best epoch, kept to restore it at the end; may be empty
 * @param history the reports of every completed epoch
 */
public record TrainingState(int epoch, Map<String, Tensor> model, Map<String, Tensor> optimizer,
        Map<String, Tensor> scheduler, Map<String, Tensor> loader, Map<String, Tensor> random,
        Map<String, Tensor> progress, Map<String, Tensor> best, History history) {
    private static final List<String> GROUPS = List.of("optimizer", "scheduler", "loader", "random", "progress", "best");

    /** Checks that the epoch matches the history, and copies the maps (not the tensors). */
    public TrainingState {
        if (history == null || model == null || optimizer == null || scheduler == null || loader == null
                || random == null || progress == null || best == null) {
            throw new IllegalArgumentException("TrainingState: no part may be null; use an empty map for a missing one");
        }
        if (epoch != history.epochsRun()) {
            throw new IllegalArgumentException("TrainingState: epoch " + epoch + " but the history has "
                    + history.epochsRun() + " epochs");
        }
        model = copy(model);
        optimizer = copy(optimizer);
        scheduler = copy(scheduler);
        loader = copy(loader);
        random = copy(random);
        progress = copy(progress);
        best = copy(best);
    }

    /** Everything but the model, flattened to prefixed names: {@code optimizer.state.0.exp_avg}, {@code history.train.loss}, .... */
    public Map<String, Tensor> training() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        List<Map<String, Tensor>> parts = List.of(optimizer, scheduler, loader, random, progress, best);
        for (int g = 0; g < GROUPS.size(); g++) {
            String prefix = GROUPS.get(g) + ".";
            parts.get(g).forEach((name, t) -> out.put(prefix + name, t));
        }
        out.putAll(historyTensors(history));
        return out;
    }

    /**
     * Reassembles a state from the model's state dict and the map {@link #training()} made.
     *
     * @throws IllegalArgumentException when a name has no known prefix or the history is malformed
     */
    public static TrainingState of(Map<String, Tensor> model, Map<String, Tensor> training) {
        List<Map<String, Tensor>> parts = new ArrayList<>();
        for (int g = 0; g < GROUPS.size(); g++) {
            parts.add(new LinkedHashMap<>());
        }
        Map<String, Tensor> historyPart = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : training.entrySet()) {
            int dot = e.getKey().indexOf('.');
            String group = dot < 0 ? e.getKey() : e.getKey().substring(0, dot);
            String name = e.getKey().substring(dot + 1);
            if (group.equals("history")) {
                historyPart.put(name, e.getValue());
            } else if (dot > 0 && GROUPS.contains(group)) {
                parts.get(GROUPS.indexOf(group)).put(name, e.getValue());
            } else {
                throw new IllegalArgumentException("checkpoint: unknown entry '" + e.getKey() + "'; entries start with "
                        + String.join(", ", GROUPS) + " or history and a dot");
            }
        }
        History history = history(historyPart);
        return new TrainingState(history.epochsRun(), model, parts.get(0), parts.get(1), parts.get(2), parts.get(3),
                parts.get(4), parts.get(5), history);
    }

    private static Map<String, Tensor> historyTensors(History history) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        List<EpochReport> reports = history.reports();
        int n = reports.size();
        out.put("history.best_epoch", Tensor.of((double) history.bestEpoch()));
        out.put("history.stopped_early", Tensor.of(history.stoppedEarly() ? 1.0 : 0.0));
        out.put("history.epochs", column(reports, r -> (double) r.epochs()));
        out.put("history.learning_rate", column(reports, EpochReport::learningRate));
        if (n > 0) {
            for (Metric m : reports.get(0).train().keySet()) {
                out.put("history.train." + m.key(), column(reports, r -> r.train(m)));
            }
            for (Metric m : reports.get(0).validation().keySet()) {
                out.put("history.validation." + m.key(), column(reports, r -> r.validation(m)));
            }
        }
        return out;
    }

    private static Tensor column(List<EpochReport> reports, java.util.function.ToDoubleFunction<EpochReport> f) {
        double[] v = new double[reports.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = f.applyAsDouble(reports.get(i));
        }
        return Tensor.of(v);
    }

    private static History history(Map<String, Tensor> part) {
        double[] epochs = vector(part, "epochs");
        double[] rates = vector(part, "learning_rate");
        int n = epochs.length;
        if (rates.length != n) {
            throw new IllegalArgumentException("checkpoint: the history has " + n + " epochs but " + rates.length
                    + " learning rates");
        }
        Map<Metric, double[]> train = new EnumMap<>(Metric.class);
        Map<Metric, double[]> validation = new EnumMap<>(Metric.class);
        for (String key : part.keySet()) {
            if (key.startsWith("train.") || key.startsWith("validation.")) {
                int dot = key.indexOf('.');
                Metric m = Metric.parse(key.substring(dot + 1));
                (key.startsWith("train.") ? train : validation).put(m, vector(part, key));
            } else if (!List.of("epochs", "learning_rate", "best_epoch", "stopped_early").contains(key)) {
                throw new IllegalArgumentException("checkpoint: unknown history entry 'history." + key + "'");
            }
        }
        List<EpochReport> reports = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            reports.add(new EpochReport(i + 1, (int) epochs[i], rates[i],
                    row(train, i, n), row(validation, i, n)));
        }
        return new History(reports, (int) scalar(part, "best_epoch"), scalar(part, "stopped_early") != 0);
    }

    private static Map<Metric, Double> row(Map<Metric, double[]> columns, int i, int n) {
        Map<Metric, Double> out = new EnumMap<>(Metric.class);
        columns.forEach((m, v) -> {
            if (v.length != n) {
                throw new IllegalArgumentException("checkpoint: history of '" + m.key() + "' has " + v.length
                        + " epochs but the history has " + n);
            }
            out.put(m, v[i]);
        });
        return out;
    }

    private static double[] vector(Map<String, Tensor> part, String key) {
        Tensor t = part.get(key);
        if (t == null || t.dim() != 1) {
            throw new IllegalArgumentException("checkpoint: entry 'history." + key + "' is "
                    + (t == null ? "missing" : "of shape " + t.shape() + "; expected one value per epoch"));
        }
        return t.toArray();
    }

    private static double scalar(Map<String, Tensor> part, String key) {
        Tensor t = part.get(key);
        if (t == null || t.numel() != 1 || t.item() != Math.rint(t.item())) {
            throw new IllegalArgumentException("checkpoint: entry 'history." + key + "' is "
                    + (t == null ? "missing" : "not a whole number"));
        }
        return t.item();
    }

    private static Map<String, Tensor> copy(Map<String, Tensor> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
