package dev.descent.cli.fit;

import dev.descent.InvalidSettingException;
import dev.descent.Tensor;
import dev.descent.cli.common.AnomalyOption;
import dev.descent.cli.common.DataSource;
import dev.descent.cli.common.ExitCode;
import dev.descent.cli.common.Json;
import dev.descent.cli.common.JsonOption;
import dev.descent.cli.common.Outputs;
import dev.descent.cli.common.PlotOption;
import dev.descent.cli.common.Progress;
import dev.descent.cli.common.UserError;
import dev.descent.cli.plot.ChartFiles;
import dev.descent.data.Split;
import dev.descent.data.StandardScaler;
import dev.descent.io.Checkpoint;
import dev.descent.io.Dataset;
import dev.descent.optim.DivergenceException;
import dev.descent.io.Datasets;
import dev.descent.train.FitConfig;
import dev.descent.train.FitResult;
import dev.descent.train.Fitting;
import dev.descent.train.LossFunction;
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

/** {@code descent fit}: trains a model on a bundled data set or a CSV file; the training itself is {@link Fitting}'s. */
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
public final class FitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "NAME|FILE.csv", order = -1,
            description = "A bundled data set (boston, diabetes, digits, iris, wine, breast-cancer) or a CSV file"
                    + " with a header row. Required unless --resume.")
    String data;

    @Mixin
    FitOptions options;

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

    @Mixin
    PlotOption plot;

    @Mixin
    AnomalyOption anomaly;

    @Mixin
    JsonOption json;

    @Override
    public Integer call() {
        return anomaly.around(this::run);
    }

    private Integer run() {
        if (plot.file() != null) {
            ChartFiles.checkExtension(plot.file());
        }
        Map<String, Path> inputs = new LinkedHashMap<>();
        inputs.put("--data", data == null ? null : Path.of(data));
        Map<String, Path> outputs = new LinkedHashMap<>();
        outputs.put("--save", save);
        outputs.put("--plot", plot.file());
        Outputs.check(inputs, outputs);
        for (Path folder : new Path[] {checkpoint, resume}) {
            if (folder != null) {
                try {
                    Checkpoint.in(folder).checkWritable();
                } catch (java.io.UncheckedIOException e) {
                    throw new UserError((folder == checkpoint ? "--checkpoint " : "--resume ") + folder + ": "
                            + e.getMessage().replaceFirst("^cannot write [^:]*: ", ""), e);
                }
            }
        }
        if (resume != null) {
            return resumed();
        }
        if (data == null) {
            throw new UserError("--data is required: a bundled data set or a CSV file (or --resume DIR to continue a run)");
        }
        Dataset d = DataSource.load(data, options.target, options.features);
        LossFunction loss = options.loss(d.isClassification());
        boolean linear = options.linear();
        List<String> trainerOnly = trainerOnlyOptions();
        if (linear && loss == LossFunction.MSE && trainerOnly.isEmpty()) {
            return linearRegression(d);
        }
        if (options.method == FitOptions.Method.closed) {
            List<String> reasons = new ArrayList<>(trainerOnly);
            if (!linear) {
                reasons.add(0, "--model " + options.model);
            }
            if (loss != LossFunction.MSE) {
                reasons.add(0, "--loss " + loss.key());
            }
            throw new UserError("--method closed solves linear regression with the mse loss by least squares; it does not"
                    + " combine with " + String.join(", ", reasons));
        }
        if (loss.isClassification() && !d.isClassification() && Datasets.names().contains(d.name())) {
            throw new UserError("--loss " + loss.key() + ": " + d.name() + " is a regression data set (its target "
                    + d.targetName() + " is a number, not a class); use --loss mse, l1 or huber");
        }
        FitConfig config = options.config(d.targetName(), d.featureNames(), d.isClassification());
        if (checkpoint != null) {
            FitCheckpoints.requireNone(checkpoint);
        }
        return network(config, data, d, checkpoint);
    }

    /** The options that only the general training loop has; with none of them, linear regression fits as always. */
    private List<String> trainerOnlyOptions() {
        List<String> given = new ArrayList<>();
        var parsed = spec.commandLine().getParseResult();
        for (String flag : List.of("--optimizer", "--schedule", "--warmup", "--weight-decay", "--dropout", "--early-stopping")) {
            if (parsed.hasMatchedOption(flag) && !isDefault(flag)) {
                given.add(flag);
            }
        }
        if (checkpoint != null) {
            given.add("--checkpoint");
        }
        return given;
    }

    /** True when an option was given its default value (--schedule none, --warmup 0): it asks for nothing. */
    private boolean isDefault(String flag) {
        return switch (flag) {
            case "--schedule" -> options.schedule.strip().equalsIgnoreCase("none");
            case "--warmup" -> options.warmup == 0;
            case "--dropout" -> options.dropout == 0;
            case "--early-stopping" -> options.patience == 0;
            default -> false;
        };
    }

    /** {@code --resume DIR}: the checkpoint's settings, with the options given again checked against them. */
    private Integer resumed() {
        FitCheckpoints.Saved saved = FitCheckpoints.read(resume);
        var parsed = spec.commandLine().getParseResult();
        FitConfig given = options.overriding(saved.config(), parsed, spec);
        Map<String, List<String>> conflicts = saved.config().differences(given, FitOptions.given(parsed));
        if (!conflicts.isEmpty()) {
            List<String> named = new ArrayList<>();
            conflicts.forEach((key, values) -> named.add(FitOptions.SETTINGS.get(key) + " " + values.get(1)
                    + " (the checkpoint has " + values.get(0) + ")"));
            throw new UserError("--resume " + resume + ": this run differs from the checkpoint's: " + String.join(", ", named)
                    + "; leave these options out to continue with the checkpoint's settings");
        }
        String source = data != null ? data : saved.data();
        Dataset d = DataSource.load(source, saved.config().target(), saved.config().features());
        saved.requireSameData(d, source);
        Path into = checkpoint != null ? checkpoint : resume;
        if (!into.toAbsolutePath().normalize().equals(resume.toAbsolutePath().normalize())) {
            FitCheckpoints.requireNone(into);
        }
        if (checkpointEvery == null) {
            checkpointEvery = saved.every();
        }
        return network(saved.config(), source, d, into);
    }

    private Integer network(FitConfig config, String source, Dataset d, Path checkpointInto) {
        int every = checkpointEvery != null ? checkpointEvery : 1;
        if (every < 1) {
            throw new UserError("--checkpoint-every " + every + ": save a checkpoint after every N epochs, N at least 1");
        }
        FitResult result;
        try (Progress progress = new Progress("fit " + config.model(), config.epochs())) {
            Fitting.Hooks hooks = new Fitting.Hooks(List.of(progress),
                    checkpointInto == null ? null : Checkpoint.in(checkpointInto)
                            .withMetadata(FitCheckpoints.metadata(config, source, d, every)),
                    every, resume == null ? null : Checkpoint.in(resume));
            result = Fitting.fit(config, d.features(), d.target(), d.classNames(), hooks);
        } catch (InvalidSettingException e) {
            throw FitOptions.userError(e);
        } catch (DivergenceException diverged) {
            throw diverged.withSuggestion(suggestion(config.standardize()));
        }
        return report(new NetworkReport(result, d), checkpointInto);
    }

    /** Linear regression: gd, sgd or the closed form, with the closed form as the reference. */
    private Integer linearRegression(Dataset d) {
        FitOptions.Method m = options.method != null ? options.method : FitOptions.Method.gd;
        // The same checks as every run (epochs, batch size, test fraction, memory), in the same words.
        FitConfig config = options.config(d.targetName(), d.featureNames(), false);
        try {
            Fitting.checkMemory(config, d.featureNames().size(), 1, d.size(), Runtime.getRuntime().maxMemory());
        } catch (InvalidSettingException e) {
            throw FitOptions.userError(e);
        }
        int e = config.epochs();
        Split split = Split.trainTest(d.features(), d.target(), options.testFraction, options.seed());
        Tensor trainX = split.train().features();
        Tensor testX = split.test().features();
        StandardScaler scaler = null;
        if (options.standardize) {
            scaler = new StandardScaler().fit(trainX);
            trainX = scaler.transform(trainX);
            testX = split.test().size() == 0 ? testX : scaler.transform(testX);
        }
        LinearFit fit;
        try {
            fit = LinearFit.run(m, trainX, split.train().targets(), testX, split.test().targets(),
                    new LinearFit.Settings(options.learningRate(), e, options.batchSize, options.seed()));
        } catch (DivergenceException diverged) {
            throw diverged.withSuggestion(suggestion(options.standardize));
        }
        return report(new LinearReport(d, m, fit, scaler, options.learningRate(), e, split.test().size()), null);
    }

    /** What to try after a divergence, in this command's options; standardizing only when the features are not. */
    private static String suggestion(boolean standardized) {
        return standardized ? "try a smaller --lr" : "try a smaller --lr or --standardize";
    }

    private Integer report(FitReport report, Path checkpoints) {
        if (save != null) {
            report.model().save(save);
        }
        if (plot.file() != null) {
            report.plot(plot.file());
        }
        var out = spec.commandLine().getOut();
        if (json.enabled()) {
            out.println(Json.line(report.json()));
        } else {
            report.text(out, save, plot.file(), checkpoints);
        }
        out.flush();
        return ExitCode.OK;
    }
}
