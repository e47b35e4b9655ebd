package dev.descent.cli.fit;

import dev.descent.InvalidSettingException;
import dev.descent.cli.common.DataSource;
import dev.descent.cli.common.UserError;
import dev.descent.nn.Architecture;
import dev.descent.optim.OptimizerSpec;
import dev.descent.train.FitConfig;
import dev.descent.train.LossFunction;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.descent.cli.common.EpochsOption;
import dev.descent.cli.common.LearningRateOption;
import dev.descent.cli.common.SeedOption;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * The options of {@code descent fit} that decide how a model trains, declared once: each maps to
 * a {@link FitConfig} setting in {@link #SETTINGS}, and the configuration, the checkpoint's record
 * of it and the {@code --resume} check all come from that one table.
 */
public final class FitOptions {
    /** {@code --method}: the two ways of the training loop, and the analytic way for linear regression. */
    enum Method { gd, sgd, closed }

    /** Each option under the {@link FitConfig} setting it sets: the command line's words for the library's. */
    static final Map<String, String> SETTINGS = new LinkedHashMap<>();

    static {
        SETTINGS.put("target", "--target");
        SETTINGS.put("features", "--features");
        SETTINGS.put("model", "--model");
        SETTINGS.put("activation", "--activation");
        SETTINGS.put("dropout", "--dropout");
        SETTINGS.put("loss", "--loss");
        SETTINGS.put("optimizer", "--optimizer");
        SETTINGS.put("learningRate", "--lr");
        SETTINGS.put("weightDecay", "--weight-decay");
        SETTINGS.put("schedule", "--schedule");
        SETTINGS.put("warmup", "--warmup");
        SETTINGS.put("method", "--method");
        SETTINGS.put("batchSize", "--batch-size");
        SETTINGS.put("epochs", "--epochs");
        SETTINGS.put("testFraction", "--test-fraction");
        SETTINGS.put("seed", "--seed");
        SETTINGS.put("standardize", "--standardize");
        SETTINGS.put("patience", "--early-stopping");
        SETTINGS.put("missing", "--missing");
        SETTINGS.put("dtype", "--dtype");
        SETTINGS.put("unknown", "--unknown");
        SETTINGS.put("shards", "--shards");
    }

    @Option(names = "--target", paramLabel = "COLUMN", description = "The column to predict (bundled data sets know theirs).")
    String target;

    @Option(names = "--features", split = ",", paramLabel = "A,B,C", description = "The columns to predict from,"
            + " separated by commas; quote a name that holds a comma: --features '\"area, m2\",rooms' (default: all"
            + " others).")
    List<String> features;

    @Option(names = "--feature", paramLabel = "COLUMN", description = "One column to predict from; repeat it for"
            + " more (--feature \"area, m2\" --feature rooms). Adds to --features.")
    List<String> feature;

    @Option(names = "--missing", paramLabel = "error|drop|mean|median|most-frequent", defaultValue = "error",
            description = "What to do with a missing cell (empty, NA, NaN, null, ?): stop with an error naming it, drop"
                    + " its row, or fill it with the column's mean, median or most frequent value, learnt from the"
                    + " training rows and kept in the model (default: ${DEFAULT-VALUE}).")
    String missing;

    @Option(names = "--unknown", paramLabel = "error|ignore", defaultValue = "error",
            description = "What descent predict does with a category of a text column not seen in training: an error,"
                    + " or all zeros for that column (default: ${DEFAULT-VALUE}).")
    String unknown;

    @Option(names = "--dtype", paramLabel = "float64|float32", defaultValue = "float64",
            description = "The element type to train a network in: float64 (correct to the last digit) or float32"
                    + " (PyTorch's default: half the memory, about twice the speed); the model file keeps it, and"
                    + " descent predict computes in it (default: ${DEFAULT-VALUE}).")
    String dtype;

    @Option(names = "--model", paramLabel = "linear|mlp:H1,H2,...|cnn:C1,C2,...|H1,...", defaultValue = "linear",
            description = "linear (linear or logistic regression), a multilayer perceptron with these hidden layer"
                    + " widths, or a convolutional network reading each row as an image: blocks of a 3×3 convolution"
                    + " with C channels (CkK: K×K), the activation and 2×2 max pooling, then hidden layers after |;"
                    + " cnn(3x32x32):... gives an image shape that is not square (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--activation", paramLabel = "relu|tanh|sigmoid", defaultValue = "relu",
            description = "The nonlinearity after each hidden layer (default: ${DEFAULT-VALUE}).")
    String activation;

    @Option(names = "--loss", paramLabel = "mse|l1|huber|cross-entropy|bce",
            description = "The loss; cross-entropy (classes) and bce (two classes, one logit) make a classifier, the"
                    + " others a regression (default: cross-entropy when the data set has classes, else mse).")
    String loss;

    @Option(names = "--method", paramLabel = "gd|sgd|closed", description = "gd (full batch), sgd (shuffled mini-batches of --batch-size) or closed"
            + " (least squares, linear regression only). Default: gd for linear models, sgd for networks.")
    Method method;

    @Option(names = "--optimizer", paramLabel = "sgd|momentum|adam|adamw|rmsprop|adagrad",
            description = "The update rule; momentum is sgd with momentum 0.9 (default: sgd for linear models, adam for"
                    + " networks).")
    String optimizer;

    @Option(names = "--standardize", negatable = true, description = "Scale each feature to mean 0 and standard"
            + " deviation 1 (fitted on the training rows); gradient descent needs it on features of very different"
            + " sizes (default: on for linear regression by gd or sgd, off otherwise).")
    Boolean standardize;

    @Mixin
    LearningRateOption learningRate;

    @Option(names = "--schedule", paramLabel = "none|step|exponential|cosine", defaultValue = "none",
            description = "How the learning rate falls over the epochs after the warm-up: step divides it by 10 after"
                    + " each third, exponential decays it to 1 %%, cosine anneals it to 0 (default: ${DEFAULT-VALUE}).")
    String schedule;

    @Option(names = "--warmup", paramLabel = "EPOCHS", defaultValue = "0",
            description = "Raise the learning rate linearly over this many first epochs (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--weight-decay", paramLabel = "L", description = "Weight decay: an L2 penalty for most"
            + " optimizers, decoupled for adamw (default: 0.01 for adamw, else 0).")
    Double weightDecay;

    @Option(names = "--dropout", paramLabel = "P", defaultValue = "0",
            description = "Drop each hidden unit with this probability while training (default: ${DEFAULT-VALUE}).")
    double dropout;

    @Mixin
    EpochsOption epochs;

    @Option(names = "--batch-size", paramLabel = "N", description = "Samples per step for sgd (default: 32; gd"
            + " takes all rows at each step).")
    Integer batchSize;

    @Option(names = "--early-stopping", paramLabel = "PATIENCE", defaultValue = "0",
            description = "Stop once the held-out loss has not improved for this many epochs, keeping the best epoch's"
                    + " weights; needs --test-fraction (default: 0, never).")
    int patience;

    @Option(names = "--test-fraction", description = "Share of rows held out for testing, 0 to 1 (default: ${DEFAULT-VALUE}).",
            defaultValue = "0")
    double testFraction;

    @Mixin
    SeedOption seed;

    @Option(names = "--shards", paramLabel = "N", defaultValue = "0",
            description = "Train data-parallel over N contiguous shards of the training rows: each step takes its share"
                    + " of the batch from every shard and adds their gradient sums in shard order. Gives the bits that"
                    + " --spark with N partitions gives; no dropout (default: 0, as one process; with --spark: the"
                    + " cluster's default parallelism).")
    int shards;

    /** The learning rate: given, or the optimizer's default (PyTorch's). */
    double learningRate() {
        return learningRate.orElse(translated(() -> OptimizerSpec.defaultLearningRate(optimizerName())));
    }

    /** The optimizer: given, or sgd for linear models and adam for networks. */
    String optimizerName() {
        return optimizer != null ? optimizer : linear() ? "sgd" : "adam";
    }

    /**
     * The feature columns named by --features and --feature, in order; null when neither is given.
     * A name quoted in --features ({@code "area, m2"}) loses its quotes, as in a CSV header.
     */
    List<String> features() {
        if (features == null && feature == null) {
            return null;
        }
        List<String> out = new java.util.ArrayList<>(DataSource.unquoted(features == null ? List.of() : features));
        if (feature != null) {
            out.addAll(feature);
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String f : out) {
            if (!seen.add(f)) {
                throw new UserError("--features: the column '" + f + "' is named twice");
            }
        }
        return out;
    }

    /** True when features are standardised: as given, or for linear regression by steps. */
    boolean standardize(boolean linearRegression) {
        return standardize != null ? standardize : linearRegression && method != Method.closed;
    }

    /** The seed: given, or 0. */
    long seed() {
        return seed.orElse(0);
    }

    /** The number of epochs: given, or {@code otherwise}. */
    int epochs(int otherwise) {
        return epochs.orElse(otherwise);
    }

    /** True for a linear model (no hidden layers); refuses a model description that is not one. */
    boolean linear() {
        translated(() -> Architecture.hasHiddenLayers(model));
        return model.strip().equals("linear");
    }

    /** The loss these options name, or the data's natural one. */
    LossFunction loss(boolean classes) {
        if (loss == null) {
            return classes ? LossFunction.CROSS_ENTROPY : LossFunction.MSE;
        }
        return translated(() -> LossFunction.parse(loss));
    }

    /**
     * The run these options describe on data with these feature names, every default resolved:
     * sgd and 1000 epochs of full-batch gradient descent for linear models, adam and 100 epochs of
     * mini-batches for networks.
     *
     * @throws UserError naming the option when a value is out of range
     */
    FitConfig config(String targetName, List<String> featureNames, boolean classes) {
        boolean lin = linear();
        String opt = optimizerName();
        Map<String, String> m = new LinkedHashMap<>();
        m.put("target", targetName);
        m.put("features", String.join("\n", featureNames));
        m.put("model", model);
        m.put("activation", activation);
        m.put("dropout", Double.toString(dropout));
        m.put("loss", loss(classes).key());
        m.put("optimizer", opt);
        m.put("learningRate", Double.toString(learningRate()));
        m.put("weightDecay", Double.toString(weightDecay != null ? weightDecay
                : translated(() -> OptimizerSpec.defaultWeightDecay(opt))));
        m.put("schedule", schedule);
        m.put("warmup", Integer.toString(warmup));
        // The closed form takes no steps: its run is described as full-batch for the settings it shares.
        Method steps = method != null && method != Method.closed ? method : lin ? Method.gd : Method.sgd;
        if (steps == Method.gd && batchSize != null) {
            throw new UserError("--batch-size " + batchSize + ": full-batch gradient descent (--method gd) takes every"
                    + " row at each step; use --method sgd for mini-batches");
        }
        m.put("method", steps.name().toUpperCase(java.util.Locale.ROOT));
        m.put("batchSize", Integer.toString(batchSize != null ? batchSize : 32));
        m.put("epochs", Integer.toString(epochs.orElse(lin ? 1000 : 100)));
        m.put("testFraction", Double.toString(testFraction));
        m.put("seed", Long.toString(seed()));
        m.put("standardize", Boolean.toString(standardize(lin && !loss(classes).isClassification())));
        m.put("patience", Integer.toString(patience));
        m.put("missing", missing);
        m.put("unknown", unknown);
        m.put("dtype", dtype);
        m.put("shards", Integer.toString(shards));
        return fromMap(m);
    }

    /**
     * The checkpoint's run with the options given on this command line put in: what {@code --resume}
     * would run if they were honoured.
     */
    FitConfig overriding(FitConfig saved, ParseResult parsed, CommandSpec spec) {
        Map<String, String> m = saved.toMap();
        SETTINGS.forEach((key, flag) -> {
            if (key.equals("features")) {
                List<String> named = features();
                if (named != null) {
                    m.put(key, String.join("\n", named));
                }
            } else if (parsed.hasMatchedOption(flag)) {
                Object value = spec.findOption(flag).getValue();
                m.put(key, value instanceof List<?> list ? String.join("\n", list.stream().map(String::valueOf).toList())
                        : value instanceof Method method ? method.name().toUpperCase(java.util.Locale.ROOT)
                        : String.valueOf(value));
            }
        });
        return fromMap(m);
    }

    /** The settings whose options were given on this command line. */
    static List<String> given(ParseResult parsed) {
        return SETTINGS.entrySet().stream().filter(e -> parsed.hasMatchedOption(e.getValue())
                || (e.getKey().equals("features") && parsed.hasMatchedOption("--feature"))).map(Map.Entry::getKey).toList();
    }

    /** A run read from its settings, with a bad one reported under its option. */
    static FitConfig fromMap(Map<String, String> m) {
        try {
            return FitConfig.fromMap(m);
        } catch (InvalidSettingException e) {
            throw userError(e);
        }
    }

    /** The library's complaint about a setting, in the command line's words. */
    static UserError userError(InvalidSettingException e) {
        return new UserError(e.describe(setting -> SETTINGS.getOrDefault(setting, setting)), e);
    }

    /** Runs {@code parse}, reporting a bad setting under its option. */
    private static <T> T translated(java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (InvalidSettingException e) {
            throw userError(e);
        }
    }
}
