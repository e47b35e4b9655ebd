package dev.descent.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.nn.Architecture;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything that decides how {@code descent fit} trains a network, resolved (no defaults left
 * open), so that a checkpoint can store it and {@code --resume} can rebuild the same run: each
 * setting is kept under its option's name in a canonical text form ({@link #options()}).
 */
record FitSettings(String data, String target, List<String> features, String model, Architecture.Activation activation,
                   double dropout, LossKind loss, OptimizerKind optimizer, double learningRate, double weightDecay,
                   ScheduleKind schedule, int warmup, FitCommand.Method method, int batchSize, int epochs,
                   double testFraction, long seed, boolean standardize, int patience) {
    /** The prefix of the settings in a checkpoint's metadata: {@code descent.fit.lr}, .... */
    static final String PREFIX = "descent.fit.";
    private static final String FORMAT = PREFIX + "format";
    private static final ObjectMapper NAMES = new ObjectMapper();

    FitSettings {
        features = List.copyOf(features);
    }

    /** The losses {@code --loss} takes; the loss decides the task. */
    enum LossKind {
        MSE("mse"), L1("l1"), HUBER("huber"), CROSS_ENTROPY("cross-entropy"), BCE("bce");

        private final String key;

        LossKind(String key) {
            this.key = key;
        }

        String key() {
            return key;
        }

        boolean isClassification() {
            return this == CROSS_ENTROPY || this == BCE;
        }

        static LossKind parse(String text) {
            return find(values(), text, LossKind::key, "--loss", "mse, l1, huber, cross-entropy or bce");
        }
    }

    /** The optimizers {@code --optimizer} takes; momentum is SGD with momentum 0.9. */
    enum OptimizerKind {
        SGD, MOMENTUM, ADAM, ADAMW, RMSPROP, ADAGRAD;

        String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        static OptimizerKind parse(String text) {
            return find(values(), text, OptimizerKind::key, "--optimizer", "sgd, momentum, adam, adamw, rmsprop or adagrad");
        }
    }

    /** The learning-rate schedules {@code --schedule} takes. */
    enum ScheduleKind {
        NONE, STEP, EXPONENTIAL, COSINE;

        String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        static ScheduleKind parse(String text) {
            return find(values(), text, ScheduleKind::key, "--schedule", "none, step, exponential or cosine");
        }
    }

    /** These settings, reading the data from {@code source} (the same data, perhaps moved). */
    FitSettings withData(String source) {
        return new FitSettings(source, target, features, model, activation, dropout, loss, optimizer, learningRate,
                weightDecay, schedule, warmup, method, batchSize, epochs, testFraction, seed, standardize, patience);
    }

    /** The network's description for {@code inputs} features and {@code outputs} outputs. */
    Architecture architecture(int inputs, int outputs) {
        return Architecture.of(model, inputs, outputs).withActivation(activation).withDropout(dropout);
    }

    /** Every setting under its option's name, as canonical text: equal text means an equal setting. */
    Map<String, String> options() {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("--data", data);
        o.put("--target", target);
        o.put("--features", Json.line(features));
        o.put("--model", model);
        o.put("--activation", activation.key());
        o.put("--dropout", Double.toString(dropout));
        o.put("--loss", loss.key());
        o.put("--optimizer", optimizer.key());
        o.put("--lr", Double.toString(learningRate));
        o.put("--weight-decay", Double.toString(weightDecay));
        o.put("--schedule", schedule.key());
        o.put("--warmup", Integer.toString(warmup));
        o.put("--method", method.name());
        o.put("--batch-size", Integer.toString(batchSize));
        o.put("--epochs", Integer.toString(epochs));
        o.put("--test-fraction", Double.toString(testFraction));
        o.put("--seed", Long.toString(seed));
        o.put("--standardize", Boolean.toString(standardize));
        o.put("--early-stopping", Integer.toString(patience));
        return o;
    }

    /** The settings as checkpoint metadata: {@code descent.fit.lr = 0.001}, .... */
    Map<String, String> metadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(FORMAT, "1");
        options().forEach((option, value) -> m.put(PREFIX + option.substring(2), value));
        return m;
    }

    /**
     * Reads the settings back from a checkpoint's metadata.
     *
     * @throws UserError when the metadata are not those of a {@code descent fit} checkpoint
     */
    static FitSettings fromMetadata(String where, Map<String, String> meta) {
        if (!"1".equals(meta.get(FORMAT))) {
            throw new UserError(where + ": not a checkpoint written by descent fit (its metadata have no " + FORMAT + ")");
        }
        Map<String, String> o = new LinkedHashMap<>();
        meta.forEach((key, value) -> {
            if (key.startsWith(PREFIX) && !key.equals(FORMAT)) {
                o.put("--" + key.substring(PREFIX.length()), value);
            }
        });
        try {
            return new FitSettings(get(o, "--data"), get(o, "--target"), names(get(o, "--features")), get(o, "--model"),
                    Architecture.Activation.parse(get(o, "--activation")), Double.parseDouble(get(o, "--dropout")),
                    LossKind.parse(get(o, "--loss")), OptimizerKind.parse(get(o, "--optimizer")),
                    Double.parseDouble(get(o, "--lr")), Double.parseDouble(get(o, "--weight-decay")),
                    ScheduleKind.parse(get(o, "--schedule")), Integer.parseInt(get(o, "--warmup")),
                    FitCommand.Method.valueOf(get(o, "--method")), Integer.parseInt(get(o, "--batch-size")),
                    Integer.parseInt(get(o, "--epochs")), Double.parseDouble(get(o, "--test-fraction")),
                    Long.parseLong(get(o, "--seed")), Boolean.parseBoolean(get(o, "--standardize")),
                    Integer.parseInt(get(o, "--early-stopping")));
        } catch (IllegalArgumentException e) {
            throw new UserError(where + ": the settings stored in the checkpoint are broken (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Checks that the options given again with {@code --resume} ({@code given}, canonical text by
     * option) agree with these, the checkpoint's.
     *
     * @throws UserError naming every option that differs
     */
    void requireAgreement(String where, Map<String, String> given) {
        Map<String, String> saved = options();
        List<String> conflicts = new ArrayList<>();
        given.forEach((option, value) -> {
            if (saved.containsKey(option) && !saved.get(option).equals(value)) {
                conflicts.add(option + " " + value + " (the checkpoint has " + saved.get(option) + ")");
            }
        });
        if (!conflicts.isEmpty()) {
            throw new UserError("--resume " + where + ": this run differs from the checkpoint's: " + String.join(", ", conflicts)
                    + "; leave these options out to continue with the checkpoint's settings");
        }
    }

    /** The feature names from their JSON array. */
    private static List<String> names(String json) {
        try {
            return List.of(NAMES.readValue(json, String[].class));
        } catch (JsonProcessingException | NullPointerException e) {
            throw new IllegalArgumentException("--features is not a list of names: " + json, e);
        }
    }

    private static String get(Map<String, String> options, String option) {
        String v = options.get(option);
        if (v == null) {
            throw new IllegalArgumentException("no setting " + option);
        }
        return v;
    }

    private static <E> E find(E[] values, String text, java.util.function.Function<E, String> key, String option,
                              String expected) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        for (E e : values) {
            if (key.apply(e).equals(t)) {
                return e;
            }
        }
        throw new IllegalArgumentException(option + " " + text + ": unknown; expected " + expected);
    }
}
