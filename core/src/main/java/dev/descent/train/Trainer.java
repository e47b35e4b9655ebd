package dev.descent.train;

import dev.descent.NoGrad;
import dev.descent.Scope;
import dev.descent.Tensor;
import dev.descent.data.DataLoader;
import dev.descent.data.TensorDataset;
import dev.descent.nn.Module;
import dev.descent.optim.Divergence;
import dev.descent.optim.DivergenceException;
import dev.descent.optim.GradClip;
import dev.descent.optim.Optimizer;
import dev.descent.optim.schedule.LrScheduler;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;

/**
 * The course's training loop for the common case, like a small PyTorch Lightning {@code Trainer}
 * or Keras's {@code fit}: epochs of mini-batches (forward, loss, backward, optional gradient
 * clipping, {@code optimizer.step()}, {@code optimizer.zeroGrad()}), an optional learning-rate
 * schedule stepped per epoch, validation in evaluation mode under {@link NoGrad}, metrics per
 * epoch, early stopping, divergence detection, checkpoints and a listener for progress bars.
 *
 * <p>It is optional sugar over the public API: this plain loop does the same training.
 * <pre>{@code
 * var loader = new DataLoader(train, DataLoader.Options.batchSize(32).withShuffle(seed));
 * var adam = new Adam(model.parameters(), Adam.Options.lr(1e-3));
 * for (int epoch = 0; epoch < 60; epoch++) {
 *     for (Batch batch : loader) {
 *         Tensor loss = Loss.crossEntropy(model.forward(batch.features()), batch.targets());
 *         loss.backward();
 *         adam.step();
 *         adam.zeroGrad();
 *     }
 * }
 * }</pre>
 * and with the trainer, adding validation, accuracy and early stopping:
 * <pre>{@code
 * var trainer = new Trainer(model, Loss::crossEntropy, adam, Trainer.Options.epochs(60)
 *         .withTask(Task.CLASSIFICATION).withEarlyStopping(Metric.LOSS, 10).withRestoreBest(true));
 * History history = trainer.fit(loader, validation);
 * history.last().validation(Metric.ACCURACY);
 * }</pre>
 *
 * <p>Randomness comes only from the seeds of the model, the loader and layers such as Dropout,
 * so the same seeds give bit-identical weights. With {@link #checkpointEvery} the whole state is
 * saved after every N epochs; a new trainer over freshly built objects continues with
 * {@link #resumeFrom} and ends with exactly the bits of an uninterrupted run.
 *
 * <p>When the loss becomes NaN or infinite, or grows a million-fold, or a step leaves a weight
 * that is not finite, {@link #fit} restores the model and optimizer to the end of the last good
 * epoch and throws a {@link DivergenceException} naming the epoch and the learning rate.
 */
public final class Trainer {
    private static final String HINT = "try a smaller learning rate, gradient clipping or standardized features";

    /**
     * How a {@link Trainer} runs: {@code Trainer.Options.epochs(60).withTask(Task.CLASSIFICATION)}.
     *
     * @param epochs the number of epochs, at least 1
     * @param task what the model predicts, which chooses the metrics
     * @param maxGradNorm clip the gradients' joint norm to this before each step; infinity for no clipping
     * @param monitor the validation metric that early stopping and {@code restoreBest} watch
     * @param patience stop after this many epochs without improvement of {@code monitor}; 0 never stops early
     * @param restoreBest load the weights of the best epoch (by {@code monitor}) when training ends
     * @param trainingMetrics report the task's metrics on the training batches, not only the loss
     */
    public record Options(int epochs, Task task, double maxGradNorm, Metric monitor, int patience, boolean restoreBest,
                          boolean trainingMetrics) {
        /** Checks every value. */
        public Options {
            if (epochs < 1) {
                throw new IllegalArgumentException("Trainer: epochs must be at least 1, got " + epochs);
            }
            if (task == null || monitor == null) {
                throw new IllegalArgumentException("Trainer: the task and the monitored metric must not be null");
            }
            if (!(maxGradNorm > 0)) {
                throw new IllegalArgumentException("Trainer: the gradient norm limit must be positive, got " + maxGradNorm
                        + "; a typical value is 1.0, and infinity turns clipping off");
            }
            if (!task.metrics().contains(monitor)) {
                throw new IllegalArgumentException("Trainer: early stopping cannot watch '" + monitor.key() + "' for "
                        + task + "; it reports " + task.metrics().stream().map(Metric::key).toList());
            }
            if (patience < 0) {
                throw new IllegalArgumentException("Trainer: patience must not be negative, got " + patience
                        + "; 0 turns early stopping off");
            }
        }

        /** {@code epochs} epochs of regression, without clipping or early stopping. */
        public static Options epochs(int epochs) {
            return new Options(epochs, Task.REGRESSION, Double.POSITIVE_INFINITY, Metric.LOSS, 0, false, true);
        }

        /** These options for another task; the monitored metric goes back to the loss. */
        public Options withTask(Task value) {
            return new Options(epochs, value, maxGradNorm, Metric.LOSS, patience, restoreBest, trainingMetrics);
        }

        /** These options with another number of epochs. */
        public Options withEpochs(int value) {
            return new Options(value, task, maxGradNorm, monitor, patience, restoreBest, trainingMetrics);
        }

        /** These options, clipping the gradients' joint Euclidean norm to {@code maxNorm} ({@code clip_grad_norm_}). */
        public Options withGradClip(double maxNorm) {
            return new Options(epochs, task, maxNorm, monitor, patience, restoreBest, trainingMetrics);
        }

        /** These options, stopping after {@code patience} epochs in which validation {@code metric} did not improve. */
        public Options withEarlyStopping(Metric metric, int value) {
            return new Options(epochs, task, maxGradNorm, metric, value, restoreBest, trainingMetrics);
        }

        /** These options, loading the weights of the best validation epoch when training ends. */
        public Options withRestoreBest(boolean value) {
            return new Options(epochs, task, maxGradNorm, monitor, patience, value, trainingMetrics);
        }

        /**
         * These options with or without the task's metrics on the training batches; without them an
         * epoch reports only its training loss, which saves the pass over every output of the epoch
         * (it dominates small problems trained for many epochs).
         */
        public Options withTrainingMetrics(boolean value) {
            return new Options(epochs, task, maxGradNorm, monitor, patience, restoreBest, value);
        }
    }

    private final Module model;
    private final BinaryOperator<Tensor> loss;
    private final Optimizer optimizer;
    private final Options options;
    private final List<TrainingListener> listeners = new ArrayList<>();
    private LrScheduler scheduler;
    private CheckpointStore checkpoints;
    private int checkpointEvery;
    private TrainingState resume;

    /**
     * A trainer of {@code model} with loss {@code loss(output, target)} (such as {@code Loss::mse})
     * and {@code optimizer}, which must update the model's parameters.
     */
    public Trainer(Module model, BinaryOperator<Tensor> loss, Optimizer optimizer, Options options) {
        if (model == null || loss == null || optimizer == null || options == null) {
            throw new IllegalArgumentException("Trainer: the model, loss, optimizer and options must not be null");
        }
        this.model = model;
        this.loss = loss;
        this.optimizer = optimizer;
        this.options = options;
    }

    /** Steps {@code lrScheduler} (made over this trainer's optimizer) after every epoch; returns this trainer. */
    public Trainer setScheduler(LrScheduler lrScheduler) {
        this.scheduler = lrScheduler;
        return this;
    }

    /** Tells {@code listener} about every epoch and batch; returns this trainer. */
    public Trainer addListener(TrainingListener listener) {
        if (listener == null) {
            throw new IllegalArgumentException("Trainer.addListener: the listener is null");
        }
        listeners.add(listener);
        return this;
    }

    /**
     * Saves the whole training state to {@code store} after every {@code epochs} epochs and after
     * the last one; returns this trainer.
     */
    public Trainer checkpointEvery(int epochs, CheckpointStore store) {
        if (epochs < 1 || store == null) {
            throw new IllegalArgumentException("Trainer.checkpointEvery: need at least 1 epoch and a store, got "
                    + epochs + " and " + store);
        }
        this.checkpointEvery = epochs;
        this.checkpoints = store;
        return this;
    }

    /**
     * Makes the next {@link #fit} continue from the latest checkpoint in {@code store} instead of
     * starting afresh; returns this trainer. Build the model, optimizer, scheduler and loader as
     * for the first run (same seeds and options): the checkpoint restores their state.
     *
     * @throws IllegalArgumentException when the store holds no checkpoint
     */
    public Trainer resumeFrom(CheckpointStore store) {
        if (store == null) {
            throw new IllegalArgumentException("Trainer.resumeFrom: the store is null");
        }
        this.resume = store.load().orElseThrow(() -> new IllegalArgumentException("resume: " + store
                + " holds no checkpoint; train without resuming first, with checkpointEvery"));
        return this;
    }

    /** The options this trainer runs with. */
    public Options options() {
        return options;
    }

    /** As {@link #fit(DataLoader, TensorDataset)} without validation data. */
    public History fit(DataLoader train) {
        return fit(train, null);
    }

    /**
     * Trains for the configured epochs (or until early stopping) and returns every epoch's
     * metrics. The model is left in training mode, with the best epoch's weights when
     * {@code restoreBest} is set; call {@code model.eval()} before predicting.
     *
     * @param validation data evaluated after every epoch, or null for none (early stopping needs it)
     * @throws DivergenceException when the loss diverges; the model keeps the last good epoch's weights
     * @throws IllegalArgumentException when early stopping has no validation data, or a checkpoint
     *     to resume from does not fit this run
     */
    public History fit(DataLoader train, TensorDataset validation) {
        return fit(GradientSource.of(train), validation);
    }

    /**
     * As {@link #fit(DataLoader, TensorDataset)}, each step's gradient from {@code train}: a
     * loader's batches ({@link GradientSource#of}) or a data-parallel run's shards
     * ({@link DataParallel#source}). An epoch reports the task's metrics on its training rows only
     * when the source gives the model's outputs; otherwise only the loss.
     *
     * @throws DivergenceException when the loss diverges; the model keeps the last good epoch's weights
     * @throws IllegalArgumentException when early stopping has no validation data, or a checkpoint
     *     to resume from does not fit this run
     */
    public History fit(GradientSource train, TensorDataset validation) {
        if (train == null) {
            throw new IllegalArgumentException("fit: the training data are null");
        }
        if ((options.patience() > 0 || options.restoreBest()) && validation == null) {
            throw new IllegalArgumentException("fit: early stopping and restoreBest watch a validation metric; pass"
                    + " validation data to fit(train, validation) or leave them out");
        }
        RunState p = resume == null ? new RunState()
                : Resumption.restore(resume, model, optimizer, scheduler, train, trainMetrics(train), validation != null);
        resume = null;
        boolean stopped = p.stoppedEarly();
        int saved = p.epochsRun();
        for (TrainingListener l : listeners) {
            l.trainStart(model);
        }
        Rollback start = new Rollback(model, optimizer, train);
        for (int epoch = p.epochsRun() + 1; epoch <= options.epochs() && !stopped; epoch++) {
            double lr = optimizer.learningRate();
            for (TrainingListener l : listeners) {
                l.epochStart(epoch, options.epochs(), lr);
            }
            Map<Metric, Double> trainScores = trainEpoch(train, epoch, p, start);
            if (trainScores == null) {
                // Stopped in the middle of this epoch; the model is as after the previous one.
                boolean checkpointed = checkpoints != null && p.epochsRun() > 0;
                if (checkpointed && saved != p.epochsRun()) {
                    checkpoints.save(state(p, train));
                }
                throw new TrainingStoppedException(p.history(), checkpointed);
            }
            Map<Metric, Double> validationScores = validation == null ? Map.of() : evaluate(validation);
            if (scheduler != null) {
                scheduler.step();
            }
            EpochReport report = new EpochReport(epoch, options.epochs(), lr, trainScores, validationScores);
            int best = validation == null ? 0
                    : p.observe(epoch, validationScores.get(options.monitor()), options.monitor(), options.restoreBest() ? model : null);
            stopped = options.patience() > 0 && p.badEpochs >= options.patience() && epoch < options.epochs();
            p.add(report, best, stopped);
            if (checkpoints != null && (epoch % checkpointEvery == 0 || stopped || epoch == options.epochs())) {
                checkpoints.save(state(p, train));
                saved = epoch;
            }
            for (TrainingListener l : listeners) {
                l.epochEnd(report);
            }
        }
        if (options.restoreBest() && !p.best.isEmpty()) {
            model.loadStateDict(p.best);
        }
        return p.history();
    }

    /**
     * The task's metrics of the model on {@code data}, in evaluation mode under {@link NoGrad};
     * the model's mode is restored afterwards.
     */
    public Map<Metric, Double> evaluate(TensorDataset data) {
        boolean wasTraining = model.isTraining();
        model.eval();
        Scope scope = NoGrad.scope();
        try (scope) {
            Tensor output = Outputs.of(model, data.features());
            return Scores.of(options.task(), scalar(loss.apply(output, data.targets())), output, data.targets());
        } finally {
            model.train(wasTraining);
        }
    }

    /** One epoch's training metrics; null when a listener stopped it, the model and optimizer then as before it. */
    private Map<Metric, Double> trainEpoch(GradientSource source, int epoch, RunState p, Rollback start) {
        start.save();
        Divergence divergence = new Divergence("fit", optimizer.learningRate(), HINT);
        if (!Double.isNaN(p.startLoss)) {
            divergence.check(0, p.startLoss);
        }
        boolean metrics = reportsMetrics(source);
        List<Tensor> outputs = new ArrayList<>();
        List<Tensor> targets = new ArrayList<>();
        double sum = 0;
        int samples = 0;
        int steps = source.steps();
        int b = 0;
        model.train();
        optimizer.zeroGrad();
        try {
            for (Iterator<GradientSource.Step> it = source.epoch(model, loss); it.hasNext(); ) {
                GradientSource.Step step = it.next();
                divergence.check(epoch, step.loss());
                p.startLoss = divergence.startLoss();
                if (options.maxGradNorm() != Double.POSITIVE_INFINITY) {
                    GradClip.clipGradNorm(optimizer.params(), options.maxGradNorm());
                }
                optimizer.step();
                optimizer.zeroGrad();
                sum += step.loss() * step.rows();
                samples += step.rows();
                if (metrics) {
                    outputs.add(step.output());
                    targets.add(step.targets());
                }
                b++;
                for (TrainingListener listener : listeners) {
                    listener.batchEnd(epoch, b, steps, step.loss());
                }
                if (shouldStop()) {
                    start.restoreAll();
                    return null;
                }
            }
            start.requireFinite(epoch, optimizer.learningRate(), HINT);
        } catch (DivergenceException e) {
            start.restoreWeights();
            throw e;
        }
        if (!metrics) {
            return Map.of(Metric.LOSS, sum / samples);
        }
        return Scores.of(options.task(), sum / samples, Tensor.cat(outputs, 0), Tensor.cat(targets, 0));
    }

    /** Whether an epoch reports the task's metrics on its training rows with {@code source}, not only the loss. */
    private boolean reportsMetrics(GradientSource source) {
        return options.trainingMetrics() && source.hasOutputs();
    }

    /** The metrics an epoch reports on its training rows with {@code source}. */
    private List<Metric> trainMetrics(GradientSource source) {
        return reportsMetrics(source) ? options.task().metrics() : List.of(Metric.LOSS);
    }

    private boolean shouldStop() {
        for (TrainingListener listener : listeners) {
            if (listener.shouldStop()) {
                return true;
            }
        }
        return false;
    }

    static double scalar(Tensor loss) {
        if (loss == null || loss.numel() != 1) {
            throw new IllegalArgumentException("fit: the loss function returned " + (loss == null ? "null"
                    : "shape " + loss.shape()) + "; it must return one number, such as Loss.mse(output, target)");
        }
        return loss.item();
    }

    private TrainingState state(RunState p, GradientSource source) {
        return new TrainingState(p.epochsRun(), Snapshots.of(model), optimizer.stateDict(),
                scheduler == null ? Map.of() : scheduler.stateDict(), source.stateDict(), RandomStates.save(model),
                p.tensors(), p.best, p.history());
    }
}
