package dev.descent.train;

import dev.descent.DType;
import dev.descent.InvalidSettingException;
import dev.descent.data.Preprocessor;
import dev.descent.nn.Architecture;
import dev.descent.optim.OptimizerSpec;
import dev.descent.optim.schedule.ScheduleSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Everything that decides how a model is trained on a table of data, with every default resolved,
 * so that a run can be described in text, stored in a checkpoint and rebuilt bit for bit:
 * {@link Fitting#fit} trains from it.
 *
 * <pre>{@code
 * var config = FitConfig.of("species", "mlp:16", LossFunction.CROSS_ENTROPY, OptimizerSpec.of("adam"), 200)
 *         .withTestFraction(0.2).withStandardize(true);
 * }</pre>
 *
 * @param target the column to predict
 * @param features the columns to predict from, in order
 * @param model the network: {@code linear} or {@code mlp:H1,H2,...} (see {@link Architecture})
 * @param activation the nonlinearity after each hidden layer
 * @param dropout the dropout probability after each hidden activation, in [0, 1)
 * @param loss the loss, which decides the task
 * @param optimizer the optimizer with its learning rate and weight decay
 * @param schedule the learning-rate schedule over the run
 * @param method {@link Method#GD} (every step on all training rows) or {@link Method#SGD} (shuffled mini-batches)
 * @param batchSize rows per step for SGD, at least 1
 * @param epochs passes over the training rows, at least 1
 * @param testFraction the share of rows held out for testing, in [0, 1)
 * @param seed the seed of the split, the initial weights, the shuffling and dropout
 * @param standardize scale each feature to mean 0 and standard deviation 1 (fitted on the training rows)
 * @param patience stop after this many epochs without a better held-out loss, keeping the best; 0 never stops early
 * @param missing what to do with missing cells (fill values are learnt from the training rows only)
 * @param unknown what to do with a text feature's category that training did not see
 * @param dtype the element type the model and the data train in: float64, or float32 (as PyTorch's
 *     default; half the memory, about twice the speed)
 * @param shards 0 to train as one process does; N ≥ 1 to split the training rows into N
 *     contiguous shards and train data-parallel over them ({@link DataParallel}): one machine then
 *     gives the bits a cluster of N partitions gives
 */
public record FitConfig(String target, List<String> features, String model, Architecture.Activation activation,
                        double dropout, LossFunction loss, OptimizerSpec optimizer, ScheduleSpec schedule, Method method,
                        int batchSize, int epochs, double testFraction, long seed, boolean standardize, int patience,
                        Preprocessor.Missing missing, Preprocessor.Unknown unknown, DType dtype,
                        int shards) {
    /** How the training rows are grouped into steps. */
    public enum Method {
        /** Full-batch gradient descent: one step per epoch on all training rows. */
        GD,
        /** Stochastic gradient descent: shuffled mini-batches of {@code batchSize} rows. */
        SGD
    }

    /** Each setting under its name, written as text that {@link #fromMap(Map)} reads back to an equal value. */
    private static final Map<String, Function<FitConfig, String>> FIELDS = new LinkedHashMap<>();

    static {
        FIELDS.put("target", FitConfig::target);
        FIELDS.put("features", c -> String.join("\n", c.features));
        FIELDS.put("model", FitConfig::model);
        FIELDS.put("activation", c -> c.activation.key());
        FIELDS.put("dropout", c -> Double.toString(c.dropout));
        FIELDS.put("loss", c -> c.loss.key());
        FIELDS.put("optimizer", c -> c.optimizer.name());
        FIELDS.put("learningRate", c -> Double.toString(c.optimizer.learningRate()));
        FIELDS.put("weightDecay", c -> Double.toString(c.optimizer.weightDecay()));
        FIELDS.put("schedule", c -> c.schedule.name());
        FIELDS.put("warmup", c -> Integer.toString(c.schedule.warmup()));
        FIELDS.put("method", c -> c.method.name());
        FIELDS.put("batchSize", c -> Integer.toString(c.batchSize));
        FIELDS.put("epochs", c -> Integer.toString(c.epochs));
        FIELDS.put("testFraction", c -> Double.toString(c.testFraction));
        FIELDS.put("seed", c -> Long.toString(c.seed));
        FIELDS.put("standardize", c -> Boolean.toString(c.standardize));
        FIELDS.put("patience", c -> Integer.toString(c.patience));
        FIELDS.put("missing", c -> c.missing.key());
        FIELDS.put("unknown", c -> c.unknown.key());
        FIELDS.put("dtype", c -> c.dtype.toString());
        FIELDS.put("shards", c -> Integer.toString(c.shards));
    }

    /**
     * Checks every value.
     *
     * @throws InvalidSettingException naming the setting that is out of range
     */
    public FitConfig {
        if (target == null || features == null || model == null || activation == null || loss == null
                || optimizer == null || schedule == null || method == null || missing == null || unknown == null
                || dtype == null) {
            throw new IllegalArgumentException("FitConfig: target, features, model, activation, loss, optimizer,"
                    + " schedule, method, missing, unknown and dtype must not be null");
        }
        features = List.copyOf(features);
        boolean hasHidden = Architecture.hasHiddenLayers(model);
        if (!(dropout >= 0 && dropout < 1)) {
            throw new InvalidSettingException("dropout", dropout, "a probability from 0 to less than 1, such as 0.2");
        }
        if (epochs < 1) {
            throw new InvalidSettingException("epochs", epochs, "train for at least 1 epoch");
        }
        if (batchSize < 1) {
            throw new InvalidSettingException("batchSize", batchSize, "at least 1 sample per step");
        }
        if (!(testFraction >= 0 && testFraction < 1)) {
            throw new InvalidSettingException("testFraction", testFraction, "a share of the rows from 0 to less than 1,"
                    + " such as 0.2");
        }
        if (schedule.warmup() >= epochs) {
            throw new InvalidSettingException("warmup", schedule.warmup(), "the warm-up must be from 0 to fewer than the "
                    + epochs + " epochs");
        }
        if (patience < 0) {
            throw new InvalidSettingException("patience", patience, "the patience is a number of epochs, at least 1"
                    + " (0: never stop early)");
        }
        if (patience > 0 && testFraction == 0) {
            throw new InvalidSettingException("patience", patience, "early stopping watches the loss on held-out rows;"
                    + " hold some out with {testFraction}, such as 0.2");
        }
        if (shards < 0) {
            throw new InvalidSettingException("shards", shards, "a number of shards, at least 1 (0: train as one"
                    + " process)");
        }
        if (shards > 0 && dropout > 0) {
            throw new InvalidSettingException("shards", shards, "dropout would draw other masks on every shard; train"
                    + " without {dropout}");
        }
        if (shards > 0 && method == Method.SGD && batchSize < shards) {
            throw new InvalidSettingException("batchSize", batchSize, "each of the " + shards + " shards gives a row"
                    + " to every step; use a batch of at least " + shards);
        }
        if (dropout > 0 && !hasHidden) {
            throw new InvalidSettingException("dropout", dropout, "{model} " + model + " has no hidden layers to drop"
                    + " units from; use {model} mlp:H,... or cnn:C,...|H,...");
        }
    }

    /**
     * A run of {@code epochs} epochs of {@code model} with {@code loss} and {@code optimizer}: all
     * features but the target (set them with {@link #withFeatures}), relu, no dropout, no schedule,
     * mini-batches of 32, no held-out rows, seed 0, no standardisation, no early stopping.
     */
    public static FitConfig of(String target, String model, LossFunction loss, OptimizerSpec optimizer, int epochs) {
        return new FitConfig(target, List.of(), model, Architecture.Activation.RELU, 0, loss, optimizer, ScheduleSpec.NONE,
                Method.SGD, 32, epochs, 0, 0, false, 0, Preprocessor.Missing.ERROR, Preprocessor.Unknown.ERROR,
                DType.FLOAT64, 0);
    }

    /** This run with other feature columns. */
    public FitConfig withFeatures(List<String> value) {
        return new FitConfig(target, value, model, activation, dropout, loss, optimizer, schedule, method, batchSize,
                epochs, testFraction, seed, standardize, patience, missing, unknown, dtype, shards);
    }

    /** This run with another activation and dropout. */
    public FitConfig withActivation(Architecture.Activation value, double p) {
        return new FitConfig(target, features, model, value, p, loss, optimizer, schedule, method, batchSize, epochs,
                testFraction, seed, standardize, patience, missing, unknown, dtype, shards);
    }

    /** This run with another schedule. */
    public FitConfig withSchedule(ScheduleSpec value) {
        return new FitConfig(target, features, model, activation, dropout, loss, optimizer, value, method, batchSize,
                epochs, testFraction, seed, standardize, patience, missing, unknown, dtype, shards);
    }

    /** This run with another method and batch size. */
    public FitConfig withMethod(Method value, int rows) {
        return new FitConfig(target, features, model, activation, dropout, loss, optimizer, schedule, value, rows,
                epochs, testFraction, seed, standardize, patience, missing, unknown, dtype, shards);
    }

    /** This run with another number of epochs. */
    public FitConfig withEpochs(int value) {
        return new FitConfig(target, features, model, activation, dropout, loss, optimizer, schedule, method, batchSize,
                value, testFraction, seed, standardize, patience, missing, unknown, dtype, shards);
    }

    /** This run holding out another share of rows. */
    public FitConfig withTestFraction(double value) {
        return new FitConfig(target, features, model, activation, dropout, loss, optimizer, schedule, method, batchSize,
                epochs, value, seed, standardize, patience, missing, unknown, dtype, shards);
    }

    /** This run with another seed. */
    public FitConfig withSeed(long value) {
        return new FitConfig(target, features, model, activation, dropout, loss, optimizer, schedule, method, batchSize,
                epochs, testFraction, value, standardize, patience, missing, unknown, dtype, shards);
    }

    /** This run with standardisation on or off. */
    public FitConfig withStandardize(boolean value) {
        return new FitConfig(target, features, model, activation, dropout, loss, optimizer, schedule, method, batchSize,
                epochs, testFraction, seed, value, patience, missing, unknown, dtype, shards);
    }

    /** This run with early stopping after {@code value} epochs without improvement (0: never). */
    public FitConfig withPatience(int value) {
        return new FitConfig(target, features, model, activation, dropout, loss, optimizer, schedule, method, batchSize,
                epochs, testFraction, seed, standardize, value, missing, unknown, dtype, shards);
    }

    /** This run in another element type. */
    public FitConfig withDType(DType value) {
        return new FitConfig(target, features, model, activation, dropout, loss, optimizer, schedule, method, batchSize,
                epochs, testFraction, seed, standardize, patience, missing, unknown, value, shards);
    }

    /** This run split into {@code value} shards for data-parallel training (0: as one process). */
    public FitConfig withShards(int value) {
        return new FitConfig(target, features, model, activation, dropout, loss, optimizer, schedule, method, batchSize,
                epochs, testFraction, seed, standardize, patience, missing, unknown, dtype, value);
    }

    /** This run with other handling of missing cells and unknown categories. */
    public FitConfig withPreprocessing(Preprocessor.Missing missingValue, Preprocessor.Unknown unknownValue) {
        return new FitConfig(target, features, model, activation, dropout, loss, optimizer, schedule, method, batchSize,
                epochs, testFraction, seed, standardize, patience, missingValue, unknownValue, dtype, shards);
    }

    /** The network for {@code inputs} features and {@code outputs} outputs. */
    public Architecture architecture(int inputs, int outputs) {
        return Architecture.of(model, inputs, outputs).withActivation(activation).withDropout(dropout);
    }

    /** The names of the settings, in the order {@link #toMap()} lists them. */
    public static List<String> keys() {
        return List.copyOf(FIELDS.keySet());
    }

    /** Every setting under its name ({@link #keys()}) as text; equal text means an equal setting. */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        FIELDS.forEach((key, format) -> m.put(key, format.apply(this)));
        return m;
    }

    /**
     * Reads the settings written by {@link #toMap()}.
     *
     * @throws InvalidSettingException naming a setting that is malformed or out of range
     * @throws IllegalArgumentException when a setting is missing
     */
    public static FitConfig fromMap(Map<String, String> m) {
        String features = get(m, "features");
        return new FitConfig(get(m, "target"), features.isEmpty() ? List.of() : List.of(features.split("\n", -1)),
                get(m, "model"), Architecture.Activation.parse(get(m, "activation")), number(m, "dropout"),
                LossFunction.parse(get(m, "loss")),
                new OptimizerSpec(get(m, "optimizer"), number(m, "learningRate"), number(m, "weightDecay")),
                new ScheduleSpec(get(m, "schedule"), (int) whole(m, "warmup")), method(m), (int) whole(m, "batchSize"),
                (int) whole(m, "epochs"), number(m, "testFraction"), whole(m, "seed"),
                Boolean.parseBoolean(get(m, "standardize")), (int) whole(m, "patience"),
                // Runs recorded before missing values and categories were handled refused both.
                Preprocessor.Missing.parse(m.getOrDefault("missing", "error")),
                Preprocessor.Unknown.parse(m.getOrDefault("unknown", "error")),
                // Runs recorded before dtypes trained in float64.
                dtype(m.getOrDefault("dtype", "float64")),
                // Runs recorded before shards trained as one process.
                (int) whole(Map.of("shards", m.getOrDefault("shards", "0")), "shards"));
    }

    private static double number(Map<String, String> m, String key) {
        String v = get(m, key);
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(key, v, "not a number");
        }
    }

    private static long whole(Map<String, String> m, String key) {
        String v = get(m, key);
        try {
            long n = Long.parseLong(v.strip());
            if (!key.equals("seed") && (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE)) {
                throw new InvalidSettingException(key, v, "too large; at most " + Integer.MAX_VALUE);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(key, v, "not a whole number");
        }
    }

    private static DType dtype(String v) {
        try {
            return DType.parse(v);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException("dtype", v, "unknown; expected float64 or float32");
        }
    }

    private static Method method(Map<String, String> m) {
        String v = get(m, "method");
        try {
            return Method.valueOf(v.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException("method", v, "unknown; expected gd or sgd");
        }
    }

    /**
     * The settings that differ between this run and {@code other}, among {@code keys}: each as
     * {@code key → [this value, other value]}, in {@link #keys()} order.
     */
    public Map<String, List<String>> differences(FitConfig other, List<String> keys) {
        Map<String, String> mine = toMap();
        Map<String, String> theirs = other.toMap();
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String key : FIELDS.keySet()) {
            if (keys.contains(key) && !mine.get(key).equals(theirs.get(key))) {
                out.put(key, new ArrayList<>(List.of(mine.get(key), theirs.get(key))));
            }
        }
        return out;
    }

    private static String get(Map<String, String> m, String key) {
        String v = m.get(key);
        if (v == null) {
            throw new IllegalArgumentException("FitConfig: setting '" + key + "' is missing");
        }
        return v;
    }
}
