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
        History history = trainer.fit(loader, test);
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

    /** What the network is trained on, from the target and the loss. */
    private record Problem(Task task, List<String> classes, Tensor targets) {
    }

    private static Problem problem(FitConfig config, Tensor target, List<String> classNames) {
        LossFunction loss = config.loss();
        if (!loss.isClassification()) {
            return new Problem(Task.REGRESSION, List.of(), target.reshape(-1, 1));
        }
        List<String> classes = classNames.isEmpty() ? classIndices(config, target) : classNames;
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
