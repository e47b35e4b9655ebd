package dev.descent.train;

import dev.descent.InvalidSettingException;
import dev.descent.NoGrad;
import dev.descent.Scope;
import dev.descent.Tensor;
import dev.descent.data.DataLoader;
import dev.descent.data.Split;
import dev.descent.data.StandardScaler;
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
 * from a checkpoint in between. The command line's {@code fit}, data-parallel training and the
 * playground all train through here.
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
    /** More classes than this are a mistake (a target of real numbers read as class indices). */
    private static final int MAX_CLASSES = 1000;

    private Fitting() {
    }

    /**
     * What a run reports to and saves in besides its result.
     *
     * @param listeners told about every epoch and batch (a progress bar, a live plot)
     * @param checkpoints where to save the whole training state, or null for nowhere
     * @param checkpointEvery save after every this many epochs (and after the last)
     * @param resumeFrom continue from the latest checkpoint here, or null to start afresh
     */
    public record Hooks(List<TrainingListener> listeners, CheckpointStore checkpoints, int checkpointEvery,
                        CheckpointStore resumeFrom) {
        /** No listeners, no checkpoints, a fresh start. */
        public static final Hooks NONE = new Hooks(List.of(), null, 1, null);

        /** Copies the listeners. */
        public Hooks {
            listeners = List.copyOf(listeners);
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
        Problem problem = problem(config, target, classes);
        checkMemory(config, features.shape().size(1), problem.task() == Task.CLASSIFICATION ? problem.classes().size() : 1,
                features.shape().size(0), Runtime.getRuntime().maxMemory());
        Split split = Split.trainTest(features, problem.targets(), config.testFraction(), config.seed());
        TensorDataset train = split.train();
        TensorDataset test = split.test().size() == 0 ? null : split.test();
        StandardScaler scaler = null;
        if (config.standardize()) {
            scaler = new StandardScaler().fit(train.features());
            train = new TensorDataset(scaler.transform(train.features()), train.targets());
            test = test == null ? null : new TensorDataset(scaler.transform(test.features()), test.targets());
        }
        int outputs = problem.task() == Task.CLASSIFICATION ? problem.classes().size() : 1;
        Architecture arch = config.architecture(features.shape().size(1), outputs);
        Sequential model = arch.build(new Random(config.seed()));
        Optimizer optimizer = config.optimizer().create(model.parameters());
        DataLoader loader = new DataLoader(train, config.method() == FitConfig.Method.GD
                ? DataLoader.Options.batchSize(train.size())
                : DataLoader.Options.batchSize(config.batchSize()).withShuffle(config.seed()));
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
            history = trainer.fit(loader, test);
        } catch (DivergenceException e) {
            throw e.withSuggestion(suggestion(config.standardize()));
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        int resumedAfter = firstEpoch[0] == 0 ? history.epochsRun() : firstEpoch[0] - 1;
        model.eval();
        Map<Metric, Double> trainScores = trainer.evaluate(train);
        Map<Metric, Double> testScores = test == null ? Map.of() : trainer.evaluate(test);
        boolean classifier = problem.task() != Task.REGRESSION;
        return new FitResult(config, arch, problem.task(), problem.classes(), scaler, train, test, model, history,
                trainScores, testScores, classifier ? confusion(problem, model, train) : null,
                classifier && test != null ? confusion(problem, model, test) : null, resumedAfter, seconds);
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
     * AMSGrad's maximum), one batch's activations through the widest layer, and the history of every
     * epoch. It is an estimate, meant to turn a minute of thrashing and an OutOfMemoryError into one
     * line naming the setting at fault.
     *
     * @throws InvalidSettingException naming the model or the epochs
     */
    public static void checkMemory(FitConfig config, int inputs, int outputs, int rows, long available) {
        Architecture arch = config.architecture(inputs, outputs);
        long parameters = arch.parameterCount();
        long widest = Math.max(inputs, outputs);
        for (int h : arch.hidden()) {
            widest = Math.max(widest, h);
        }
        long batch = config.method() == FitConfig.Method.GD ? rows : Math.min(rows, config.batchSize());
        double model = (double) parameters * DOUBLE * 5 + (double) batch * widest * DOUBLE * 4 * (arch.hidden().size() + 1);
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

    /** What the network is trained on, from the target and the loss. */
    private record Problem(Task task, List<String> classes, Tensor targets) {
    }

    private static Problem problem(FitConfig config, Tensor target, List<String> classNames) {
        LossFunction loss = config.loss();
        if (!loss.isClassification()) {
            return new Problem(Task.REGRESSION, List.of(), target.reshape(-1, 1));
        }
        List<String> classes = classNames.isEmpty() ? classIndices(config, target) : classNames;
        if (distinctValues(target) < 2) {
            throw new InvalidSettingException("loss", loss.key(), "the target column '" + config.target() + "' holds one"
                    + " class only (" + format(target.numel() == 0 ? Double.NaN : target.toArray()[0]) + "); a"
                    + " classifier needs examples of at least two classes");
        }
        if (loss == LossFunction.BCE) {
            if (classes.size() != 2) {
                throw new InvalidSettingException("loss", loss.key(), "the target column '" + config.target() + "' has "
                        + classes.size() + " classes (" + String.join(", ", classes) + "); bce is for two classes, use"
                        + " cross-entropy");
            }
            return new Problem(Task.BINARY_CLASSIFICATION, classes, target.reshape(-1, 1));
        }
        return new Problem(Task.CLASSIFICATION, classes, target);
    }

    /** A target of whole numbers 0, 1, ..., K − 1 names K classes "0", "1", .... */
    private static List<String> classIndices(FitConfig config, Tensor target) {
        int k = 0;
        for (double v : target.toArray()) {
            if (v < 0 || v != Math.rint(v) || v >= MAX_CLASSES) {
                throw new InvalidSettingException("loss", config.loss().key(), "the target column '" + config.target() + "' holds "
                        + format(v)
                        + ", not a class index 0, 1, 2, ... (below " + MAX_CLASSES + "); classify by a column of class"
                        + " indices, or use {loss} mse");
            }
            k = Math.max(k, (int) v + 1);
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < Math.max(k, 2); i++) {
            names.add(Integer.toString(i));
        }
        return names;
    }

    private static long distinctValues(Tensor target) {
        return java.util.Arrays.stream(target.toArray()).distinct().limit(2).count();
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private static int[][] confusion(Problem problem, Sequential model, TensorDataset data) {
        Tensor out;
        Scope scope = NoGrad.scope();
        try (scope) {
            out = model.forward(data.features());
        }
        int k = problem.classes().size();
        if (problem.task() == Task.BINARY_CLASSIFICATION) {
            return Classification.confusionMatrix(data.targets().reshape(-1), out.gt(0.0).reshape(-1), k);
        }
        return Classification.confusionMatrix(data.targets(), out, k);
    }
}
