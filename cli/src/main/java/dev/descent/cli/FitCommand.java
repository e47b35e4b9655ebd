package dev.descent.cli;

import dev.descent.Tensor;
import dev.descent.cli.plot.ChartFiles;
import dev.descent.data.Split;
import dev.descent.data.StandardScaler;
import dev.descent.io.Dataset;
import dev.descent.nn.Architecture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code descent fit}: trains a model on a bundled data set or a CSV file. */
@Command(name = "fit", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Fits a model: linear regression y = X·w + b by gradient descent (gd), mini-batch stochastic"
                + " gradient descent (sgd) or in closed form (least squares by QR, the analytic way); or a neural network"
                + " (--model mlp:64,64) or logistic regression trained by the course's loop (forward, loss, backward,"
                + " step, zero the gradients) with any optimizer. Classification is chosen by the loss.",
            "",
            "Checkpoints: --checkpoint DIR saves everything needed to continue after every --checkpoint-every epochs;"
                + " --resume DIR continues from the latest one and ends with exactly the weights of an uninterrupted run."},
        footer = {"", "Examples:",
            "  descent fit --data boston --target MEDV --method gd --standardize --lr 0.1 --epochs 1000 --plot loss.png",
            "  descent fit --data my.csv --target price --method closed --test-fraction 0.2 --save model.safetensors",
            "  descent fit --data digits --model mlp:64,64 --loss cross-entropy --optimizer adam --lr 1e-3 --epochs 60"
                + " --batch-size 32 --test-fraction 0.25 --seed 0 --plot curves.png",
            "  descent fit --data diabetes --model mlp:32 --loss mse --optimizer adamw --standardize",
            "  descent fit --data iris --model mlp:16 --epochs 500 --checkpoint runs/iris",
            "  descent fit --resume runs/iris --save iris.safetensors     (after a crash: continues the run above)"})
final class FitCommand implements Callable<Integer> {
    enum Method { gd, sgd, closed }

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "NAME|FILE.csv",
            description = "A bundled data set (boston, diabetes, digits, iris, wine, breast-cancer) or a CSV file"
                    + " with a header row. Required unless --resume.")
    String data;

    @Option(names = "--target", paramLabel = "COLUMN", description = "The column to predict (bundled data sets know theirs).")
    String target;

    @Option(names = "--features", split = ",", paramLabel = "A,B,C", description = "The columns to predict from (default: all others).")
    List<String> features;

    @Option(names = "--model", paramLabel = "linear|mlp:H1,H2,...", defaultValue = "linear",
            description = "linear (linear or logistic regression), or a multilayer perceptron with these hidden layer"
                    + " widths (default: ${DEFAULT-VALUE}).")
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

    @Option(names = "--standardize", description = "Scale each feature to mean 0 and standard deviation 1 (fitted on the"
            + " training rows); gradient descent needs it on features of very different sizes.")
    boolean standardize;

    @Option(names = "--lr", description = "Learning rate (default: ${DEFAULT-VALUE}).", defaultValue = "0.01")
    double learningRate;

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

    @Option(names = "--epochs", description = "Passes over the data (default: 1000 for linear models, 100 for networks).")
    Integer epochs;

    @Option(names = "--batch-size", description = "Samples per step for sgd (default: ${DEFAULT-VALUE}).", defaultValue = "32")
    int batchSize;

    @Option(names = "--early-stopping", paramLabel = "PATIENCE", defaultValue = "0",
            description = "Stop once the held-out loss has not improved for this many epochs, keeping the best epoch's"
                    + " weights; needs --test-fraction (default: 0, never).")
    int patience;

    @Option(names = "--test-fraction", description = "Share of rows held out for testing, 0 to 1 (default: ${DEFAULT-VALUE}).",
            defaultValue = "0")
    double testFraction;

    @Option(names = "--seed", description = "Seed for the train/test split, the initial weights, the shuffling and"
            + " dropout (default: ${DEFAULT-VALUE}).", defaultValue = "0")
    long seed;

    @Option(names = "--checkpoint", paramLabel = "DIR", description = "Save the whole training state to this folder"
            + " (crash-safe; the folder must not hold another run's checkpoint).")
    Path checkpoint;

    @Option(names = "--checkpoint-every", paramLabel = "N",
            description = "Save a checkpoint after every N epochs, and after the last (default: 1).")
    Integer checkpointEvery;

    @Option(names = "--resume", paramLabel = "DIR", description = "Continue the run whose checkpoint is in this folder,"
            + " with its settings; options given again must agree with them.")
    Path resume;

    @Option(names = "--save", paramLabel = "FILE.safetensors", description = "Write the fitted model (weights,"
            + " architecture, features, classes, scaler) for descent predict.")
    Path save;

    @Option(names = "--plot", paramLabel = "FILE.png|FILE.svg",
            description = "Draw the loss per epoch (and accuracy for classifiers, train and test), or predicted against"
                    + " actual values (closed).")
    Path plot;

    @Mixin
    AnomalyOption anomaly;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Override
    public Integer call() {
        return anomaly.around(this::run);
    }

    private Integer run() {
        if (plot != null) {
            ChartFiles.checkExtension(plot);
        }
        requireFolder("--save", save);
        requireFolder("--plot", plot);
        if (resume != null) {
            return resumed();
        }
        if (data == null) {
            throw new UserError("--data is required: a bundled data set or a CSV file (or --resume DIR to continue a run)");
        }
        Dataset d = DataSource.load(data, target, features);
        FitSettings.LossKind lossKind = loss == null
                ? (d.isClassification() ? FitSettings.LossKind.CROSS_ENTROPY : FitSettings.LossKind.MSE)
                : FitSettings.LossKind.parse(loss);
        boolean linear = Architecture.of(model, 1, 1).isLinear();
        List<String> trainerOnly = trainerOnlyOptions();
        if (linear && lossKind == FitSettings.LossKind.MSE && trainerOnly.isEmpty()) {
            return linearRegression(d);
        }
        if (method == Method.closed) {
            List<String> reasons = new ArrayList<>(trainerOnly);
            if (!linear) {
                reasons.add(0, "--model " + model);
            }
            if (lossKind != FitSettings.LossKind.MSE) {
                reasons.add(0, "--loss " + lossKind.key());
            }
            throw new UserError("--method closed solves linear regression with the mse loss by least squares; it does not"
                    + " combine with " + String.join(", ", reasons));
        }
        FitSettings s = settings(d, lossKind, linear);
        if (checkpoint != null) {
            FitCheckpoints.requireNone(checkpoint);
        }
        return network(s, d, checkpoint);
    }

    /** The options that only the general training loop has; with none of them, linear regression fits as always. */
    private List<String> trainerOnlyOptions() {
        List<String> given = new ArrayList<>();
        if (optimizer != null) {
            given.add("--optimizer");
        }
        if (FitSettings.ScheduleKind.parse(schedule) != FitSettings.ScheduleKind.NONE) {
            given.add("--schedule");
        }
        if (warmup != 0) {
            given.add("--warmup");
        }
        if (weightDecay != null) {
            given.add("--weight-decay");
        }
        if (dropout != 0) {
            given.add("--dropout");
        }
        if (patience != 0) {
            given.add("--early-stopping");
        }
        if (checkpoint != null) {
            given.add("--checkpoint");
        }
        return given;
    }

    /** The command line's settings with every default resolved. */
    private FitSettings settings(Dataset d, FitSettings.LossKind lossKind, boolean linear) {
        FitSettings.OptimizerKind opt = optimizer != null ? FitSettings.OptimizerKind.parse(optimizer)
                : linear ? FitSettings.OptimizerKind.SGD : FitSettings.OptimizerKind.ADAM;
        int e = epochs != null ? epochs : linear ? 1000 : 100;
        if (e < 1) {
            throw new UserError("--epochs " + e + ": train for at least 1 epoch");
        }
        if (warmup < 0 || warmup >= e) {
            throw new UserError("--warmup " + warmup + ": the warm-up must be from 0 to fewer than the " + e + " epochs");
        }
        if (patience < 0) {
            throw new UserError("--early-stopping " + patience + ": the patience is a number of epochs, at least 1 (0: never stop early)");
        }
        if (patience > 0 && !(testFraction > 0)) {
            throw new UserError("--early-stopping watches the loss on held-out rows; hold some out with --test-fraction,"
                    + " such as 0.2");
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new UserError("--dropout " + dropout + ": a probability from 0 to less than 1, such as 0.2");
        }
        if (batchSize < 1) {
            throw new UserError("--batch-size " + batchSize + ": at least 1 sample per step");
        }
        double wd = weightDecay != null ? weightDecay : opt == FitSettings.OptimizerKind.ADAMW ? 0.01 : 0.0;
        Method m = method != null ? method : linear ? Method.gd : Method.sgd;
        return new FitSettings(data, d.targetName(), d.featureNames(), Architecture.of(model, 1, 1).model(),
                Architecture.Activation.parse(activation), dropout, lossKind, opt, learningRate, wd,
                FitSettings.ScheduleKind.parse(schedule), warmup, m, batchSize, e, testFraction, seed, standardize, patience);
    }

    /** {@code --resume DIR}: the checkpoint's settings, with the options given again checked against them. */
    private Integer resumed() {
        FitCheckpoints.Saved saved = FitCheckpoints.read(resume);
        saved.settings().requireAgreement(resume.toString(), givenOptions());
        String source = data != null ? data : saved.settings().data();
        Dataset d = DataSource.load(source, saved.settings().target(), saved.settings().features());
        saved.requireSameData(d, source);
        Path into = checkpoint != null ? checkpoint : resume;
        if (!into.toAbsolutePath().normalize().equals(resume.toAbsolutePath().normalize())) {
            FitCheckpoints.requireNone(into);
        }
        if (checkpointEvery == null) {
            checkpointEvery = saved.every();
        }
        FitSettings s = saved.settings().withData(source);
        return network(s, d, into);
    }

    /** The training options given on this command line, as canonical text (see {@link FitSettings#options()}). */
    private Map<String, String> givenOptions() {
        var parsed = spec.commandLine().getParseResult();
        Map<String, java.util.function.Supplier<String>> canonical = new LinkedHashMap<>();
        canonical.put("--target", () -> target);
        canonical.put("--features", () -> Json.line(features));
        canonical.put("--model", () -> Architecture.of(model, 1, 1).model());
        canonical.put("--activation", () -> Architecture.Activation.parse(activation).key());
        canonical.put("--dropout", () -> Double.toString(dropout));
        canonical.put("--loss", () -> FitSettings.LossKind.parse(loss).key());
        canonical.put("--optimizer", () -> FitSettings.OptimizerKind.parse(optimizer).key());
        canonical.put("--lr", () -> Double.toString(learningRate));
        canonical.put("--weight-decay", () -> Double.toString(weightDecay));
        canonical.put("--schedule", () -> FitSettings.ScheduleKind.parse(schedule).key());
        canonical.put("--warmup", () -> Integer.toString(warmup));
        canonical.put("--method", () -> method.name());
        canonical.put("--batch-size", () -> Integer.toString(batchSize));
        canonical.put("--epochs", () -> Integer.toString(epochs));
        canonical.put("--test-fraction", () -> Double.toString(testFraction));
        canonical.put("--seed", () -> Long.toString(seed));
        canonical.put("--standardize", () -> Boolean.toString(standardize));
        canonical.put("--early-stopping", () -> Integer.toString(patience));
        Map<String, String> given = new LinkedHashMap<>();
        canonical.forEach((option, value) -> {
            if (parsed.hasMatchedOption(option)) {
                given.put(option, value.get());
            }
        });
        return given;
    }

    /** Fails before any training when an output file's folder is missing. */
    private static void requireFolder(String option, Path file) {
        if (file == null) {
            return;
        }
        Path folder = file.toAbsolutePath().getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            throw new UserError(option + " " + file + ": the folder " + folder + " does not exist");
        }
    }

    private Integer network(FitSettings s, Dataset d, Path checkpointInto) {
        int every = checkpointEvery != null ? checkpointEvery : 1;
        if (every < 1) {
            throw new UserError("--checkpoint-every " + every + ": save a checkpoint after every N epochs, N at least 1");
        }
        NetworkFit.Checkpoints checkpoints = checkpointInto == null ? null
                : new NetworkFit.Checkpoints(checkpointInto, every, resume, FitCheckpoints.metadata(s, d, every));
        NetworkFit fit = NetworkFit.run(s, d, checkpoints);
        NetworkReport report = new NetworkReport(fit);
        if (save != null) {
            report.model().save(save);
        }
        if (plot != null) {
            report.plot(plot);
        }
        var out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.line(report.json()));
        } else {
            report.text(out, save, plot, checkpointInto);
        }
        out.flush();
        return Main.OK;
    }

    /** Linear regression exactly as before networks came: gd, sgd or closed form, with the closed form as reference. */
    private Integer linearRegression(Dataset d) {
        Method m = method != null ? method : Method.gd;
        int e = epochs != null ? epochs : 1000;
        Split split = Split.trainTest(d.features(), d.target(), testFraction, seed);
        Tensor trainX = split.train().features();
        Tensor testX = split.test().features();
        StandardScaler scaler = null;
        if (standardize) {
            scaler = new StandardScaler().fit(trainX);
            trainX = scaler.transform(trainX);
            testX = split.test().size() == 0 ? testX : scaler.transform(testX);
        }
        LinearFit fit = LinearFit.run(m, trainX, split.train().targets(), testX, split.test().targets(),
                new LinearFit.Settings(learningRate, e, batchSize, seed));
        FitReport report = new FitReport(d, m, fit, scaler, learningRate, e, split.test().size());
        if (save != null) {
            report.model().save(save);
        }
        if (plot != null) {
            report.plot(plot);
        }
        var out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.line(report.json()));
        } else {
            report.text(out, save, plot);
        }
        out.flush();
        return Main.OK;
    }
}
