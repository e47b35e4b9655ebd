package dev.descent.train;

import dev.descent.InvalidSettingException;
import dev.descent.NoGrad;
import dev.descent.Scope;
import dev.descent.Tensor;
import dev.descent.data.DataLoader;
import dev.descent.data.StandardScaler;
import dev.descent.data.Table;
import dev.descent.data.TensorDataset;
import dev.descent.metrics.Classification;
import dev.descent.nn.Architecture;
import dev.descent.nn.Sequential;
import dev.descent.optim.DivergenceException;
import dev.descent.optim.Optimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Trains a model on a table of data exactly as a {@link FitConfig} describes: split, standardise,
 * build the network, the optimizer and the schedule, run the {@link Trainer}, and measure. The same
 * configuration and data give bit-identical weights, with or without an interruption and a resume
 * from a checkpoint in between. The command line's {@code fit} trains through here, on one machine
 * or, with {@link FitConfig#shards}, data-parallel on this machine or a cluster ({@link Hooks#placement}).
 *
 * <pre>{@code
 * var iris = Datasets.iris();
 * var config = FitConfig.of("species", "mlp:16", LossFunction.CROSS_ENTROPY, OptimizerSpec.of("adam"), 200)
 *         .withTestFraction(0.2).withStandardize(true);
 * FitResult result = Fitting.fit(config, iris.features(), iris.target(), iris.classNames(), Fitting.Hooks.NONE);
 * result.testScores().get(Metric.ACCURACY);
 * }</pre>
 */
public final class Fitting {
    private Fitting() {
    }

    /**
     * What a run reports to and saves in besides its result.
     *
     * @param listeners told about every epoch and batch (a progress bar, a live plot)
     * @param checkpoints where to save the whole training state, or null for nowhere
     * @param checkpointEvery save after every this many epochs (and after the last)
     * @param resumeFrom continue from the latest checkpoint here, or null to start afresh
     * @param placement where the shards of a data-parallel run ({@link FitConfig#shards}) are held
     *     and computed: {@link DataParallel.Placement#LOCAL} on this machine, or a cluster's
     */
    public record Hooks(List<TrainingListener> listeners, CheckpointStore checkpoints, int checkpointEvery,
                        CheckpointStore resumeFrom, DataParallel.Placement placement) {
        /** No listeners, no checkpoints, a fresh start, shards on this machine. */
        public static final Hooks NONE = new Hooks(List.of(), null, 1, null, DataParallel.Placement.LOCAL);

        /** Copies the listeners. */
        public Hooks {
            listeners = List.copyOf(listeners);
            if (placement == null) {
                throw new IllegalArgumentException("Fitting.Hooks: the placement is null; use DataParallel.Placement.LOCAL");
            }
        }

        /** These hooks with the shards of a data-parallel run held and computed by {@code value}. */
        public Hooks withPlacement(DataParallel.Placement value) {
            return new Hooks(listeners, checkpoints, checkpointEvery, resumeFrom, value);
        }
    }

    /**
     * Trains on {@code features} ({@code [n, f]}, f = the configuration's feature count when it names
     * them) to predict {@code target} ({@code [n]}): numbers for a regression loss, class indices
     * 0 … K−1 for a classification loss, with {@code classes} their names (empty: the indices name
     * themselves).
     *
     * @throws InvalidSettingException when a setting does not fit the data (bce on three classes,
     *     a classification loss on a target that is not class indices)
     * @throws dev.descent.optim.DivergenceException when the loss diverges
     */
    public static FitResult fit(FitConfig config, Tensor features, Tensor target, List<String> classes, Hooks hooks) {
        List<String> names = config.features().isEmpty()
                ? java.util.stream.IntStream.range(0, features.shape().size(1)).mapToObj(i -> "x" + i).toList()
                : config.features();
        List<Table.Column> columns = new ArrayList<>(Table.of(features, names).columns());
        columns.add(new Table.Numbers(config.target(), target.toArray()));
        return fit(config.withFeatures(names), Table.of(columns), classes, hooks);
    }

    /**
     * Trains on the columns of {@code data} the configuration names (its features and target; every
     * column but the target when it names no features), preparing them as {@link Preparation} does:
     * text features one-hot, missing cells as the configuration says, the target's classes in sorted
     * order, unless {@code classes} gives them (then the target holds their indices).
     *
     * @throws InvalidSettingException when a setting does not fit the data
     * @throws IllegalArgumentException when a named column is absent
     * @throws dev.descent.optim.DivergenceException when the loss diverges
     */
    public static FitResult fit(FitConfig config, Table data, List<String> classes, Hooks hooks) {
        return fit(config, Preparation.prepare(config, data, classes), hooks);
    }

    /**
     * Trains on data already prepared by {@link Preparation#prepare} with this configuration (to
     * show what will be trained on before training starts).
     *
     * @throws InvalidSettingException when a setting does not fit the data
     * @throws dev.descent.optim.DivergenceException when the loss diverges
     * @throws TrainingStoppedException when a listener stops the run (Ctrl-C)
     */
    public static FitResult fit(FitConfig config, Preparation prepared, Hooks hooks) {
        TensorDataset train = prepared.train();
        TensorDataset test = prepared.test();
        Problem problem = new Problem(prepared.task(), prepared.classes());
        int inputs = prepared.inputs();
        int outputs = prepared.outputs();
        checkMemory(config, inputs, outputs, prepared.rows(), Runtime.getRuntime().maxMemory());
        StandardScaler scaler = prepared.scaler();
        Architecture arch = config.architecture(inputs, outputs);
        Sequential model = arch.build(new Random(config.seed()));
        model.to(config.dtype()); // before the optimizer, whose state takes each parameter's type
        Optimizer optimizer = config.optimizer().create(model.parameters());
        GradientSource source = source(config, train, arch, hooks.placement());
        Trainer.Options options = Trainer.Options.epochs(config.epochs()).withTask(problem.task());
        if (config.patience() > 0) {
            options = options.withEarlyStopping(Metric.LOSS, config.patience()).withRestoreBest(true);
        }
        Trainer trainer = new Trainer(model, config.loss().function(), optimizer, options);
        config.schedule().create(optimizer, config.epochs()).ifPresent(trainer::setScheduler);
        if (hooks.checkpoints() != null) {
            trainer.checkpointEvery(hooks.checkpointEvery(), hooks.checkpoints());
        }
        if (hooks.resumeFrom() != null) {
            trainer.resumeFrom(hooks.resumeFrom());
        }
        int[] firstEpoch = {0};
        trainer.addListener(new TrainingListener() {
            @Override
            public void epochStart(int epoch, int epochs, double learningRate) {
                firstEpoch[0] = firstEpoch[0] == 0 ? epoch : firstEpoch[0];
            }
        });
        hooks.listeners().forEach(trainer::addListener);
        long started = System.nanoTime();
        History history;
        try {
            history = trainer.fit(source, test);
        } catch (DivergenceException e) {
            throw e.withSuggestion(suggestion(config.standardize()));
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        int resumedAfter = firstEpoch[0] == 0 ? history.epochsRun() : firstEpoch[0] - 1;
        model.eval();
        Map<Metric, Double> trainScores = trainer.evaluate(train);
        Map<Metric, Double> testScores = test == null ? Map.of() : trainer.evaluate(test);
        boolean classifier = problem.task() != Task.REGRESSION;
        return new FitResult(config, arch, problem.task(), problem.classes(), prepared.preprocessor(), scaler, train, test,
                model, history, trainScores, testScores, classifier ? confusion(problem, model, train) : null,
                classifier && test != null ? confusion(problem, model, test) : null, resumedAfter, prepared.dropped(),
                seconds);
    }

    /** Where the run's steps get their gradients: its mini-batches here, or its shards where {@code placement} puts them. */
    private static GradientSource source(FitConfig config, TensorDataset train, Architecture arch,
                                         DataParallel.Placement placement) {
        boolean full = config.method() == FitConfig.Method.GD;
        int shards = config.shards();
        if (shards == 0) {
            return GradientSource.of(new DataLoader(train, full ? DataLoader.Options.batchSize(train.size())
                    : DataLoader.Options.batchSize(config.batchSize()).withShuffle(config.seed())));
        }
        // Full batch: each shard's share holds all of the largest shard, so that every epoch is one step.
        int batch = full ? shards * Math.floorDiv(train.size() + shards - 1, shards) : config.batchSize();
        return DataParallel.source(placement.place(shards(train, shards), config.loss(), arch, config.dtype()), batch,
                config.seed());
    }

    /**
     * The training rows cut into {@code count} contiguous shards, as a cluster's partitions of them
     * would be: shard s holds rows ⌊s·n/count⌋ to ⌊(s+1)·n/count⌋ − 1, each {@code [features, targets]}.
     *
     * @throws InvalidSettingException when there are fewer rows than shards
     */
    public static List<Tensor[]> shards(TensorDataset train, int count) {
        int n = train.size();
        checkShards(count, n);
        List<Tensor[]> out = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            int from = (int) ((long) s * n / count);
            int to = (int) ((long) (s + 1) * n / count);
            out.add(new Tensor[] {train.features().slice(0, from, to), train.targets().slice(0, from, to)});
        }
        return out;
    }

    /**
     * Refuses, before training, a data-parallel run with more shards than training rows.
     *
     * @throws InvalidSettingException naming the shards
     */
    public static void checkShards(FitConfig config, int trainRows) {
        if (config.shards() > 0) {
            checkShards(config.shards(), trainRows);
        }
    }

    private static void checkShards(int count, int rows) {
        if (rows < count) {
            throw new InvalidSettingException("shards", count, "more shards than the " + rows + " training rows; use at"
                    + " most " + rows);
        }
    }

    /**
     * What to try when a run diverges: standardising only when the features are not standardised
     * already (suggesting it for features that are would send the user in a circle).
     */
    public static String suggestion(boolean standardized) {
        return standardized ? "try a smaller learning rate or gradient clipping"
                : "try a smaller learning rate, gradient clipping or standardized features";
    }

    /** Bytes per double, and about what an epoch's report in the history takes (its metrics in maps). */
    private static final long DOUBLE = 8;
    private static final long PER_EPOCH = 512;

    /**
     * Refuses, before anything is allocated, a run that cannot fit in {@code available} bytes: the
     * weights with their gradients and up to three optimizer buffers (Adam's two moments and
     * AMSGrad's maximum), a copy of one mini-batch, the activations of every layer, and the history of every
     * epoch. It is an estimate, meant to turn a minute of thrashing and an OutOfMemoryError into one
     * line naming the setting at fault.
     *
     * @throws InvalidSettingException naming the model or the epochs
     */
    public static void checkMemory(FitConfig config, int inputs, int outputs, int rows, long available) {
        Architecture arch = config.architecture(inputs, outputs);
        long parameters = arch.parameterCount();
        // The inputs are the data, already held; a mini-batch of them is copied (a full batch in order
        // is the data itself). Each layer's output is held with its gradient, before and after the
        // activation.
        boolean full = config.method() == FitConfig.Method.GD;
        long batch = full ? rows : Math.min(rows, config.batchSize());
        double model = (double) parameters * DOUBLE * 5 + (full ? 0 : (double) batch * inputs * DOUBLE)
                + (double) batch * arch.activationsPerSample() * DOUBLE * 4;
        double limit = (double) available;
        if (model > limit) {
            throw new InvalidSettingException("model", config.model(), "the network has " + parameters + " parameters;"
                    + " training it needs about " + bytes(model) + " (weights, gradients, optimizer state and one batch's"
                    + " activations), more than the " + bytes(limit) + " Java may use here; choose smaller layers");
        }
        double history = (double) config.epochs() * PER_EPOCH;
        if (history > limit / 2) {
            throw new InvalidSettingException("epochs", config.epochs(), "keeping the metrics of every epoch needs about "
                    + bytes(history) + ", more than half of the " + bytes(limit) + " Java may use here; train for"
                    + " fewer epochs");
        }
    }

    private static String bytes(double n) {
        return n >= 1e9 ? String.format(java.util.Locale.ROOT, "%.1f GB", n / 1e9)
                : String.format(java.util.Locale.ROOT, "%.0f MB", Math.ceil(n / 1e6));
    }

    /** What the network predicts: the task and its classes. */
    private record Problem(Task task, List<String> classes) {
    }

    private static int[][] confusion(Problem problem, Sequential model, TensorDataset data) {
        Tensor out;
        Scope scope = NoGrad.scope();
        try (scope) {
            out = Outputs.of(model, data.features());
        }
        int k = problem.classes().size();
        if (problem.task() == Task.BINARY_CLASSIFICATION) {
            return Classification.confusionMatrix(data.targets().reshape(-1), out.gt(0.0).reshape(-1), k);
        }
        return Classification.confusionMatrix(data.targets(), out, k);
    }
}
