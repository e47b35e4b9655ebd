package dev.descent.cli.fit;

import dev.descent.InvalidSettingException;
import dev.descent.cli.common.AnomalyOption;
import dev.descent.cli.common.DataSource;
import dev.descent.cli.common.ExitCode;
import dev.descent.cli.common.Formatting;
import dev.descent.cli.common.Interrupt;
import dev.descent.cli.common.Json;
import dev.descent.cli.common.JsonOption;
import dev.descent.cli.common.Outputs;
import dev.descent.cli.common.PlotOption;
import dev.descent.cli.common.Progress;
import dev.descent.cli.common.UserError;
import dev.descent.cli.plot.ChartFiles;
import dev.descent.io.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import dev.descent.io.Checkpoint;
import dev.descent.optim.DivergenceException;
import dev.descent.spark.SparkPlacement;
import dev.descent.train.DataParallel;
import dev.descent.train.FitConfig;
import dev.descent.train.FitResult;
import dev.descent.train.Fitting;
import dev.descent.train.LossFunction;
import dev.descent.train.Metric;
import dev.descent.train.Preparation;
import dev.descent.train.Task;
import dev.descent.train.TrainingStoppedException;
import java.io.PrintWriter;
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
            "Data: a CSV column of text is a category (one-hot encoded; a text target makes a classifier, its classes"
                + " in sorted order); missing cells are handled as --missing says; the model file keeps all of it for"
                + " descent predict.",
            "",
            "Checkpoints: --checkpoint DIR saves everything needed to continue after every --checkpoint-every epochs;"
                + " --resume DIR continues from the latest one and ends with exactly the weights of an uninterrupted run;"
                + " --resume DIR --epochs N extends it. Ctrl-C stops after the current step (with --checkpoint, ready"
                + " to resume) and exits with status 130."},
        footer = {"", "Examples:",
            "  descent fit --data boston --target MEDV --method gd --lr 0.1 --epochs 1000 --plot loss.png",
            "  descent fit --data my.csv --target price --method closed --test-fraction 0.2 --save model.safetensors",
            "  descent fit --data digits --model mlp:64,64 --loss cross-entropy --optimizer adam --lr 1e-3 --epochs 60"
                + " --batch-size 32 --test-fraction 0.25 --seed 0 --plot curves.png",
            "  descent fit --data diabetes --model mlp:32 --loss mse --optimizer adamw --standardize",
            "  descent fit --data iris --model mlp:16 --epochs 500 --checkpoint runs/iris",
            "  descent fit --resume runs/iris --save iris.safetensors     (after a crash: continues the run above)",
            "  descent fit --resume runs/iris --epochs 800                (extends the run above to 800 epochs)",
            "  descent fit --data houses.csv --target price --feature \"area, m2\" --feature city --missing median"})
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

    @Option(names = "--log-every", paramLabel = "N", description = "Print the epoch table's row every N epochs (and"
            + " the first and the last), each as soon as its epoch ends (default: about ten rows).")
    Integer logEvery;

    @Option(names = "--save", paramLabel = "FILE.safetensors", description = "Write the fitted model (weights,"
            + " architecture, features, classes, scaler) for descent predict.")
    Path save;

    @Option(names = "--spark", paramLabel = "MASTER", description = "Train on Apache Spark: local[N] (N threads in"
            + " this process) or spark://HOST:PORT (a standalone cluster). The training rows go to the executors in"
            + " --shards partitions and the result is the one --shards gives on this machine. Needs Spark's jars:"
            + " ./descent adds them.")
    String spark;

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
        DataSource.Data d = DataSource.load(data, options.target, options.features());
        if (!d.leftOut().isEmpty()) {
            var err = spec.commandLine().getErr();
            err.println("leaving out " + DataSource.quoted(d.leftOut()) + ": a different text in every row (an id or a"
                    + " name, not a category); choose the features with --feature to use "
                    + (d.leftOut().size() == 1 ? "it" : "them"));
            err.flush();
        }
        LossFunction loss = options.loss(d.classification());
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
        if (loss.isClassification() && !d.classification() && DataSource.isBundled(data)) {
            throw new UserError("--loss " + loss.key() + ": " + d.name() + " is a regression data set (its target "
                    + d.target() + " is a number, not a class); use --loss mse, l1 or huber");
        }
        FitConfig config = options.config(d.target(), d.features(), d.classification());
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
        if (options.shards != 0) {
            given.add("--shards");
        }
        if (spark != null) {
            given.add("--spark");
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

    /**
     * {@code --resume DIR}: the checkpoint's settings, with the options given again checked against
     * them; {@code --epochs N} may extend the run.
     */
    private Integer resumed() {
        FitCheckpoints.Saved saved = FitCheckpoints.read(resume);
        var parsed = spec.commandLine().getParseResult();
        FitConfig given = options.overriding(saved.config(), parsed, spec);
        List<String> compared = new ArrayList<>(FitOptions.given(parsed));
        compared.remove("epochs");
        Map<String, List<String>> conflicts = saved.config().differences(given, compared);
        if (!conflicts.isEmpty()) {
            List<String> named = new ArrayList<>();
            conflicts.forEach((key, values) -> named.add(FitOptions.SETTINGS.get(key) + " " + shown(values.get(1))
                    + " (the checkpoint has " + shown(values.get(0)) + ")"));
            throw new UserError("--resume " + resume + ": this run differs from the checkpoint's: " + String.join(", ", named)
                    + "; leave these options out to continue with the checkpoint's settings (only --epochs may change,"
                    + " to extend the run)");
        }
        FitConfig config = saved.config();
        if (spark != null && config.shards() == 0) {
            throw new UserError("--spark " + spark + ": the run in " + resume + " trains as one process (without"
                    + " --shards); continue it without --spark");
        }
        if (given.epochs() != config.epochs()) {
            int done = saved.epochsDone();
            if (given.epochs() < done) {
                throw new UserError("--epochs " + given.epochs() + ": the checkpoint in " + resume + " has already trained "
                        + Formatting.count(done, "epoch", "epochs") + "; give at least " + done + " to continue it");
            }
            config = given;
        }
        String source = data != null ? data : saved.data();
        saved.requireColumns(source);
        DataSource.Data d = DataSource.load(source, config.target(), config.features().isEmpty() ? null : config.features());
        saved.requireSameData(d, source);
        Path into = checkpoint != null ? checkpoint : resume;
        if (!into.toAbsolutePath().normalize().equals(resume.toAbsolutePath().normalize())) {
            FitCheckpoints.requireNone(into);
        }
        if (checkpointEvery == null) {
            checkpointEvery = saved.every();
        }
        if (config.epochs() != saved.config().epochs()) {
            var err = spec.commandLine().getErr();
            err.println("descent fit: extending the run from " + saved.config().epochs() + " to " + config.epochs()
                    + " epochs" + (config.schedule().name().equals("none") ? ""
                    : "; the " + config.schedule().name() + " schedule is recomputed for " + config.epochs()
                    + " epochs, so the learning rate goes on from epoch " + (saved.epochsDone() + 1) + " along the longer"
                    + " curve"));
            err.flush();
        }
        return network(config, source, d, into);
    }

    /** A setting's value as the command line writes it: features one after another, quoted. */
    private static String shown(String value) {
        return value.contains("\n") ? DataSource.quoted(List.of(value.split("\n", -1))) : value;
    }

    private Integer network(FitConfig config, String source, DataSource.Data d, Path checkpointInto) {
        if (spark == null) {
            return network(config, source, d, checkpointInto, DataParallel.Placement.LOCAL);
        }
        try (SparkPlacement cluster = SparkCluster.connect(spark)) {
            FitConfig sharded = config;
            if (config.shards() == 0) {
                int shards = cluster.defaultParallelism();
                try {
                    sharded = config.withShards(shards);
                } catch (InvalidSettingException e) {
                    throw new UserError("--spark " + spark + " trains over " + shards + " shards (the cluster's default"
                            + " parallelism; choose with --shards): " + FitOptions.userError(e).getMessage(), e);
                }
            }
            try {
                return network(sharded, source, d, checkpointInto, cluster);
            } catch (RuntimeException e) {
                if (cluster.stopped()) { // the master gave up on the application, or lost every worker
                    throw new UserError("--spark " + spark + ": the Spark application stopped during training ("
                            + e.getMessage() + "); check the master and its workers", e);
                }
                throw e;
            }
        }
    }

    /** Trains a network, its shards (with {@code --shards}) held and computed by {@code placement}. */
    private Integer network(FitConfig config, String source, DataSource.Data d, Path checkpointInto,
                            DataParallel.Placement placement) {
        int every = checkpointEvery != null ? checkpointEvery : 1;
        if (every < 1) {
            throw new UserError("--checkpoint-every " + every + ": save a checkpoint after every N epochs, N at least 1");
        }
        // The data's fingerprint before preparing, which lets go of the table.
        Map<String, String> metadata = checkpointInto == null ? null
                : FitCheckpoints.metadata(config, source, d, every);
        Preparation prepared = prepare(config, d);
        try {
            // Before the header: a run refused for its size prints nothing but the reason.
            Fitting.checkMemory(config, prepared.inputs(), prepared.outputs(), prepared.rows(),
                    Runtime.getRuntime().maxMemory());
            Fitting.checkShards(config, prepared.train().size());
        } catch (InvalidSettingException e) {
            throw FitOptions.userError(e);
        }
        var out = spec.commandLine().getOut();
        PrintWriter text = json.enabled() ? null : out;
        if (text != null) {
            NetworkReport.header(text, d.name(), config, prepared);
        }
        List<Metric> metrics = prepared.task() == Task.REGRESSION ? List.of(Metric.LOSS, Metric.R2)
                : List.of(Metric.LOSS, Metric.ACCURACY);
        FitResult result;
        try (Progress progress = new Progress("fit " + config.model(), config.epochs());
             Interrupt interrupt = Interrupt.install(spec.commandLine().getErr())) {
            TrainingLog log = new TrainingLog(text, metrics, prepared.test() != null, config.epochs(),
                    logEvery(config.epochs()), progress, interrupt);
            log.header();
            Fitting.Hooks hooks = new Fitting.Hooks(List.of(log),
                    checkpointInto == null ? null : Checkpoint.in(checkpointInto).withMetadata(metadata),
                    every, resume == null ? null : Checkpoint.in(resume), placement);
            try {
                result = Fitting.fit(config, prepared, hooks);
            } catch (TrainingStoppedException stopped) {
                log.finish(stopped.history());
                return interrupted(stopped, checkpointInto, config);
            }
            log.finish(result.history());
        } catch (InvalidSettingException e) {
            throw FitOptions.userError(e);
        } catch (DivergenceException diverged) {
            throw diverged.withSuggestion(suggestion(config.standardize()));
        }
        return report(new NetworkReport(result, d.name()), checkpointInto);
    }

    /** What a run stopped by Ctrl-C says: how far it got, and how to go on. */
    private Integer interrupted(TrainingStoppedException stopped, Path checkpointInto, FitConfig config) {
        var err = spec.commandLine().getErr();
        int done = stopped.history().epochsRun();
        if (stopped.checkpointed()) {
            err.println("descent fit: interrupted after epoch " + done + " of " + config.epochs() + "; the checkpoint in "
                    + checkpointInto + " holds it; continue with: descent fit --resume " + checkpointInto
                    + (spark != null ? " --spark '" + spark + "'" : "") + (save != null ? " --save " + save : ""));
        } else {
            err.println("descent fit: interrupted after epoch " + done + " of " + config.epochs() + "; nothing saved"
                    + " (give --checkpoint DIR to be able to resume an interrupted run)");
        }
        err.flush();
        return Interrupt.STATUS;
    }

    /**
     * Prepares the data for training as the configuration says, a bad setting reported under its
     * option. The table is handed on: once the tensors exist nothing holds it, so a large file is not
     * kept twice while training.
     */
    private static Preparation prepare(FitConfig config, DataSource.Data d) {
        try {
            return Preparation.prepare(config, d.release(), d.classes());
        } catch (InvalidSettingException e) {
            throw FitOptions.userError(e);
        }
    }

    private int logEvery(int epochs) {
        if (logEvery == null) {
            return TrainingLog.defaultEvery(epochs);
        }
        if (logEvery < 1) {
            throw new UserError("--log-every " + logEvery + ": print every N epochs, N at least 1");
        }
        return logEvery;
    }

    /** Linear regression: gd, sgd or the closed form, with the closed form as the reference. */
    private Integer linearRegression(DataSource.Data d) {
        FitOptions.Method m = options.method != null ? options.method : FitOptions.Method.gd;
        // The same checks as every run (epochs, batch size, test fraction, memory), in the same words.
        FitConfig config = options.config(d.target(), d.features(), false);
        Preparation prepared = prepare(config, d);
        try {
            Fitting.checkMemory(config, prepared.inputs(), 1, prepared.rows(), Runtime.getRuntime().maxMemory());
        } catch (InvalidSettingException e) {
            throw FitOptions.userError(e);
        }
        var out = spec.commandLine().getOut();
        PrintWriter text = json.enabled() ? null : out;
        if (text != null) {
            LinearReport.header(text, d.name(), m, prepared, config);
        }
        LinearFit fit;
        try (Progress progress = new Progress("fit " + m, config.epochs());
             Interrupt interrupt = Interrupt.install(spec.commandLine().getErr())) {
            TrainingLog log = new TrainingLog(m == FitOptions.Method.closed ? null : text, List.of(Metric.LOSS), false,
                    config.epochs(), logEvery(config.epochs()), progress, interrupt);
            if (m != FitOptions.Method.closed) {
                log.header();
            }
            try {
                fit = LinearFit.run(m, prepared, config, log);
            } catch (TrainingStoppedException stopped) {
                log.finish(stopped.history());
                return interrupted(stopped, null, config);
            }
        } catch (DivergenceException diverged) {
            throw diverged.withSuggestion(suggestion(config.standardize()));
        }
        return report(new LinearReport(d.name(), m, fit, prepared, config), null);
    }

    /** What to try after a divergence, in this command's options; standardizing only when the features are not. */
    private static String suggestion(boolean standardized) {
        return standardized ? "try a smaller --lr" : "try a smaller --lr or --standardize";
    }

    private Integer report(FitReport report, Path checkpoints) {
        Path file = plot.file();
        if (file == null) {
            if (save != null) {
                report.model().save(save);
            }
        } else {
            // The outputs of a run are all or none: the plot is drawn in memory and its bytes reach its
            // temporary file (or device) first, the model is saved inside that write, and the plot is
            // renamed into place last. A plot that cannot be drawn or written (a full disk) leaves no
            // model; a model that cannot be written leaves no plot and the old files as they were. Only a
            // kill between the model's rename and the plot's can leave the model without the plot.
            ByteArrayOutputStream drawn = new ByteArrayOutputStream();
            try {
                ChartFiles.render(report.chart(), report.images(), file, drawn);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot draw " + file + ": " + e.getMessage(), e);
            }
            AtomicFiles.write(file, out -> {
                drawn.writeTo(out);
                out.flush();
                if (save != null) {
                    report.model().save(save);
                }
            });
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
