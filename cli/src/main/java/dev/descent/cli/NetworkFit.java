package dev.descent.cli;

import dev.descent.Tensor;
import dev.descent.data.DataLoader;
import dev.descent.data.Split;
import dev.descent.data.StandardScaler;
import dev.descent.data.TensorDataset;
import dev.descent.io.Checkpoint;
import dev.descent.io.Dataset;
import dev.descent.io.Datasets;
import dev.descent.metrics.Classification;
import dev.descent.nn.Architecture;
import dev.descent.nn.Loss;
import dev.descent.nn.Sequential;
import dev.descent.optim.Adagrad;
import dev.descent.optim.Adam;
import dev.descent.optim.AdamW;
import dev.descent.optim.Optimizer;
import dev.descent.optim.RmsProp;
import dev.descent.optim.Sgd;
import dev.descent.optim.schedule.CosineAnnealingLr;
import dev.descent.optim.schedule.ExponentialLr;
import dev.descent.optim.schedule.LinearWarmup;
import dev.descent.optim.schedule.LrLambda;
import dev.descent.optim.schedule.LrScheduler;
import dev.descent.optim.schedule.StepLr;
import dev.descent.train.EpochReport;
import dev.descent.train.History;
import dev.descent.train.Metric;
import dev.descent.train.Task;
import dev.descent.train.Trainer;
import dev.descent.train.TrainingListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BinaryOperator;

/**
 * Trains a network (or linear/logistic regression) with {@link Trainer}, exactly as the settings
 * say: the same settings and data give bit-identical weights, with or without an interruption
 * and {@code --resume} in between.
 *
 * @param model the trained network, in evaluation mode
 * @param history every epoch's training and held-out metrics
 * @param trainScores the final model's metrics on all training rows (evaluation mode)
 * @param testScores the same on the held-out rows; empty without them
 * @param trainConfusion the confusion matrix on the training rows; null for regression
 * @param testConfusion the confusion matrix on the held-out rows; null for regression or without them
 * @param resumedAfter the epochs a resumed run found done in its checkpoint; 0 for a fresh run
 * @param seconds the wall-clock time spent training (in this process)
 */
record NetworkFit(FitSettings settings, Dataset data, Architecture architecture, Task task, List<String> classes,
                  StandardScaler scaler, TensorDataset train, TensorDataset test, Sequential model, History history,
                  Map<Metric, Double> trainScores, Map<Metric, Double> testScores, int[][] trainConfusion,
                  int[][] testConfusion, int resumedAfter, double seconds) {
    private static final int MAX_CLASSES = 1000;

    /** Where checkpoints go ({@code every} epochs into {@code folder}) and where to resume from; folders may be null. */
    record Checkpoints(Path folder, int every, Path resumeFrom, Map<String, String> metadata) {
    }

    /** What the network is trained on, from the data set and the loss. */
    private record Problem(Task task, List<String> classes, Tensor targets) {
    }

    static NetworkFit run(FitSettings s, Dataset d, Checkpoints checkpoints) {
        Problem problem = problem(s, d);
        Split split = Split.trainTest(d.features(), problem.targets(), s.testFraction(), s.seed());
        TensorDataset train = split.train();
        TensorDataset test = split.test().size() == 0 ? null : split.test();
        StandardScaler scaler = null;
        if (s.standardize()) {
            scaler = new StandardScaler().fit(train.features());
            train = new TensorDataset(scaler.transform(train.features()), train.targets());
            test = test == null ? null : new TensorDataset(scaler.transform(test.features()), test.targets());
        }
        int outputs = problem.task() == Task.CLASSIFICATION ? problem.classes().size() : 1;
        if (s.dropout() > 0 && Architecture.of(s.model(), 1, 1).isLinear()) {
            throw new UserError("--dropout: --model linear has no hidden layers to drop units from; use --model mlp:H,...");
        }
        Architecture arch = s.architecture(d.featureNames().size(), outputs);
        Sequential model = arch.build(new Random(s.seed()));
        Optimizer optimizer = optimizer(s, model);
        LrScheduler scheduler = scheduler(s, optimizer);
        DataLoader loader = new DataLoader(train, s.method() == FitCommand.Method.gd
                ? DataLoader.Options.batchSize(train.size())
                : DataLoader.Options.batchSize(s.batchSize()).withShuffle(s.seed()));
        Trainer.Options options = Trainer.Options.epochs(s.epochs()).withTask(problem.task());
        if (s.patience() > 0) {
            options = options.withEarlyStopping(Metric.LOSS, s.patience()).withRestoreBest(true);
        }
        Trainer trainer = new Trainer(model, loss(s.loss()), optimizer, options);
        if (scheduler != null) {
            trainer.setScheduler(scheduler);
        }
        if (checkpoints != null && checkpoints.folder() != null) {
            trainer.checkpointEvery(checkpoints.every(),
                    Checkpoint.in(checkpoints.folder()).withMetadata(checkpoints.metadata()));
        }
        if (checkpoints != null && checkpoints.resumeFrom() != null) {
            trainer.resumeFrom(Checkpoint.in(checkpoints.resumeFrom()));
        }
        long started = System.nanoTime();
        History history;
        int[] firstEpoch = {0};
        try (Progress progress = new Progress("fit " + arch.model(), s.epochs())) {
            trainer.addListener(new TrainingListener() {
                @Override
                public void epochStart(int epoch, int epochs, double learningRate) {
                    firstEpoch[0] = firstEpoch[0] == 0 ? epoch : firstEpoch[0];
                }

                @Override
                public void epochEnd(EpochReport report) {
                    progress.update(report.epoch(), report.train(Metric.LOSS));
                }
            });
            history = trainer.fit(loader, test);
        }
        int resumedAfter = firstEpoch[0] == 0 ? history.epochsRun() : firstEpoch[0] - 1;
        double seconds = (System.nanoTime() - started) / 1e9;
        model.eval();
        Map<Metric, Double> trainScores = trainer.evaluate(train);
        Map<Metric, Double> testScores = test == null ? Map.of() : trainer.evaluate(test);
        boolean classifier = problem.task() != Task.REGRESSION;
        return new NetworkFit(s, d, arch, problem.task(), problem.classes(), scaler, train, test, model, history,
                trainScores, testScores, classifier ? confusion(problem, model, train) : null,
                classifier && test != null ? confusion(problem, model, test) : null, resumedAfter, seconds);
    }

    /** The class names, or a regression task for the losses that compare numbers. */
    private static Problem problem(FitSettings s, Dataset d) {
        Tensor y = d.target();
        if (!s.loss().isClassification()) {
            return new Problem(Task.REGRESSION, List.of(), y.reshape(-1, 1));
        }
        List<String> classes = d.isClassification() ? d.classNames() : classesOf(s, d);
        if (s.loss() == FitSettings.LossKind.BCE) {
            if (classes.size() != 2) {
                throw new UserError("--loss bce: " + d.name() + " has " + classes.size() + " classes (" + String.join(", ", classes)
                        + "); bce is for two classes, use --loss cross-entropy");
            }
            return new Problem(Task.BINARY_CLASSIFICATION, classes, y.reshape(-1, 1));
        }
        return new Problem(Task.CLASSIFICATION, classes, y);
    }

    /** For a CSV file: a target of whole numbers 0, 1, ..., K − 1 names K classes "0", "1", .... */
    private static List<String> classesOf(FitSettings s, Dataset d) {
        if (Datasets.names().contains(d.name())) {
            throw new UserError("--loss " + s.loss().key() + ": " + d.name() + " is a regression data set (its target "
                    + d.targetName() + " is a number, not a class); use --loss mse, l1 or huber");
        }
        int k = 0;
        for (double v : d.target().toArray()) {
            if (v < 0 || v != Math.rint(v) || v >= MAX_CLASSES) {
                throw new UserError("--loss " + s.loss().key() + ": the target " + d.targetName() + " holds " + MinimizeText.num(v)
                        + ", not a class index 0, 1, 2, ... (below " + MAX_CLASSES + "); classify by a column of class"
                        + " indices, or use --loss mse");
            }
            k = Math.max(k, (int) v + 1);
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < Math.max(k, 2); i++) {
            names.add(Integer.toString(i));
        }
        return names;
    }

    private static BinaryOperator<Tensor> loss(FitSettings.LossKind kind) {
        return switch (kind) {
            case MSE -> Loss::mse;
            case L1 -> Loss::l1;
            case HUBER -> Loss::huber;
            case CROSS_ENTROPY -> Loss::crossEntropy;
            case BCE -> Loss::binaryCrossEntropyWithLogits;
        };
    }

    private static Optimizer optimizer(FitSettings s, Sequential model) {
        double lr = s.learningRate();
        double wd = s.weightDecay();
        var params = model.parameters();
        return switch (s.optimizer()) {
            case SGD -> new Sgd(params, Sgd.Options.lr(lr).withWeightDecay(wd));
            case MOMENTUM -> new Sgd(params, Sgd.Options.lr(lr).withMomentum(0.9).withWeightDecay(wd));
            case ADAM -> new Adam(params, Adam.Options.lr(lr).withWeightDecay(wd));
            case ADAMW -> new AdamW(params, AdamW.lr(lr).withWeightDecay(wd));
            case RMSPROP -> new RmsProp(params, RmsProp.Options.lr(lr).withWeightDecay(wd));
            case ADAGRAD -> new Adagrad(params, Adagrad.Options.lr(lr).withWeightDecay(wd));
        };
    }

    /**
     * The schedule over the epochs after the warm-up (T of them): step divides the rate by 10 after
     * each third of T, exponential decays it to 1 % at the end, cosine anneals it to 0.
     */
    static LrScheduler scheduler(FitSettings s, Optimizer optimizer) {
        if (s.schedule() == FitSettings.ScheduleKind.NONE && s.warmup() == 0) {
            return null;
        }
        int t = s.epochs() - s.warmup();
        LrLambda after = switch (s.schedule()) {
            case NONE -> LrLambda.constant();
            case STEP -> new StepLr(Math.max(1, t / 3), 0.1);
            case EXPONENTIAL -> new ExponentialLr(Math.pow(0.01, 1.0 / t));
            case COSINE -> new CosineAnnealingLr(t);
        };
        return new LrScheduler(optimizer, s.warmup() > 0 ? new LinearWarmup(s.warmup(), after) : after);
    }

    private static int[][] confusion(Problem problem, Sequential model, TensorDataset data) {
        Tensor out;
        try (var scope = dev.descent.NoGrad.scope()) {
            out = model.forward(data.features());
        }
        int k = problem.classes().size();
        if (problem.task() == Task.BINARY_CLASSIFICATION) {
            return Classification.confusionMatrix(data.targets().reshape(-1), out.gt(0.0).reshape(-1), k);
        }
        return Classification.confusionMatrix(data.targets(), out, k);
    }
}
