package dev.descent.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.Tensor;
import dev.descent.data.Batch;
import dev.descent.data.DataLoader;
import dev.descent.data.Split;
import dev.descent.data.TensorDataset;
import dev.descent.nn.Dropout;
import dev.descent.nn.Linear;
import dev.descent.nn.Loss;
import dev.descent.nn.Module;
import dev.descent.nn.ReLU;
import dev.descent.nn.Sequential;
import dev.descent.optim.Adam;
import dev.descent.optim.GradClip;
import dev.descent.optim.Sgd;
import dev.descent.optim.schedule.LrScheduler;
import dev.descent.optim.schedule.StepLr;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BinaryOperator;
import org.junit.jupiter.api.Test;

class TrainerTest {
    private static final TensorDataset LINE = Problems.regression(64, 1);
    private static final Split BLOBS = Problems.blobs(240, 2);

    private static Sequential mlp(long seed, double dropout) {
        Random rng = new Random(seed);
        return new Sequential(new Linear(2, 16, rng), new ReLU(), new Dropout(dropout, rng), new Linear(16, 3, rng));
    }

    private static double[] weights(Module model) {
        List<Double> all = new ArrayList<>();
        for (Tensor p : model.parameters()) {
            for (double v : p.toArray()) {
                all.add(v);
            }
        }
        return all.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Test
    void theTrainerGivesExactlyTheWeightsOfThePlainLoop() {
        Sequential plain = mlp(3, 0.2);
        Adam adam = new Adam(plain.parameters(), Adam.Options.lr(0.01));
        DataLoader loader = new DataLoader(BLOBS.train(), DataLoader.Options.batchSize(16).withShuffle(5));
        for (int epoch = 0; epoch < 5; epoch++) {
            for (Batch batch : loader) {
                Tensor loss = Loss.crossEntropy(plain.forward(batch.features()), batch.targets());
                loss.backward();
                GradClip.clipGradNorm(adam.params(), 1.0);
                adam.step();
                adam.zeroGrad();
            }
        }

        Sequential model = mlp(3, 0.2);
        Adam adam2 = new Adam(model.parameters(), Adam.Options.lr(0.01));
        new Trainer(model, Loss::crossEntropy, adam2, Trainer.Options.epochs(5).withTask(Task.CLASSIFICATION)
                .withGradClip(1.0)).fit(new DataLoader(BLOBS.train(), DataLoader.Options.batchSize(16).withShuffle(5)));

        assertThat(weights(model)).containsExactly(weights(plain));
    }

    @Test
    void theSameSeedsGiveBitIdenticalWeightsAndHistories() {
        double[][] w = new double[2][];
        History[] h = new History[2];
        for (int run = 0; run < 2; run++) {
            Sequential model = mlp(7, 0.3);
            Trainer trainer = new Trainer(model, Loss::crossEntropy, new Adam(model.parameters(), Adam.Options.lr(0.02)),
                    Trainer.Options.epochs(6).withTask(Task.CLASSIFICATION));
            h[run] = trainer.fit(new DataLoader(BLOBS.train(), DataLoader.Options.batchSize(10).withShuffle(9)),
                    BLOBS.test());
            w[run] = weights(model);
        }
        assertThat(w[0]).containsExactly(w[1]);
        assertThat(h[0]).isEqualTo(h[1]);
    }

    @Test
    void classificationReportsLossAndAccuracyAndLearnsSeparableBlobs() {
        Sequential model = mlp(1, 0.0);
        Trainer trainer = new Trainer(model, Loss::crossEntropy, new Adam(model.parameters(), Adam.Options.lr(0.02)),
                Trainer.Options.epochs(30).withTask(Task.CLASSIFICATION));
        History history = trainer.fit(new DataLoader(BLOBS.train(), DataLoader.Options.batchSize(16).withShuffle(1)),
                BLOBS.test());

        assertThat(history.epochsRun()).isEqualTo(30);
        assertThat(history.last().train().keySet()).containsExactly(Metric.LOSS, Metric.ACCURACY);
        assertThat(history.last().validation(Metric.ACCURACY)).isGreaterThan(0.9);
        assertThat(history.validation(Metric.LOSS)[29]).isLessThan(history.validation(Metric.LOSS)[0]);
        Map<Metric, Double> test = trainer.evaluate(BLOBS.test());
        assertThat(test).isEqualTo(history.last().validation());
        assertThat(model.isTraining()).isTrue();
    }

    @Test
    void regressionReportsMseRmseMaeAndR2FromTheMetricsPackage() {
        Linear model = new Linear(3, 1, new Random(0));
        Trainer trainer = new Trainer(model, Loss::mse, new Sgd(model.parameters(), Sgd.Options.lr(0.1)),
                Trainer.Options.epochs(200));
        History history = trainer.fit(new DataLoader(LINE, DataLoader.Options.batchSize(LINE.size())));

        EpochReport last = history.last();
        assertThat(last.train().keySet()).containsExactly(Metric.LOSS, Metric.MSE, Metric.RMSE, Metric.MAE, Metric.R2);
        // Full batch: the loss is measured on the same outputs as the MSE.
        assertThat(last.train(Metric.LOSS)).isCloseTo(last.train(Metric.MSE), within(1e-15));
        assertThat(last.train(Metric.RMSE)).isCloseTo(Math.sqrt(last.train(Metric.MSE)), within(1e-15));
        assertThat(last.train(Metric.R2)).isGreaterThan(0.99);
        assertThat(model.weight().toArray()).containsExactly(new double[] {1.5, -2.0, 0.5}, within(0.05));
        assertThat(last.hasValidation()).isFalse();
    }

    @Test
    void earlyStoppingStopsAfterThePatienceAndRestoresTheBestWeights() {
        // A large learning rate on few samples: the validation loss soon stops improving.
        Split small = Problems.blobs(60, 4);
        Sequential model = mlp(2, 0.0);
        Trainer trainer = new Trainer(model, Loss::crossEntropy, new Adam(model.parameters(), Adam.Options.lr(0.1)),
                Trainer.Options.epochs(500).withTask(Task.CLASSIFICATION).withEarlyStopping(Metric.LOSS, 5)
                        .withRestoreBest(true));
        History history = trainer.fit(new DataLoader(small.train(), DataLoader.Options.batchSize(8).withShuffle(3)),
                small.test());

        assertThat(history.stoppedEarly()).isTrue();
        assertThat(history.epochsRun()).isEqualTo(history.bestEpoch() + 5);
        double[] losses = history.validation(Metric.LOSS);
        for (int e = history.bestEpoch(); e < losses.length; e++) {
            assertThat(losses[e]).isGreaterThanOrEqualTo(losses[history.bestEpoch() - 1]);
        }
        assertThat(trainer.evaluate(small.test()).get(Metric.LOSS)).isEqualTo(losses[history.bestEpoch() - 1]);
    }

    @Test
    void theSchedulerIsSteppedOncePerEpoch() {
        Linear model = new Linear(3, 1, new Random(0));
        Sgd sgd = new Sgd(model.parameters(), Sgd.Options.lr(0.1));
        History history = new Trainer(model, Loss::mse, sgd, Trainer.Options.epochs(5))
                .setScheduler(new LrScheduler(sgd, new StepLr(2, 0.5)))
                .fit(new DataLoader(LINE, DataLoader.Options.batchSize(16)));
        assertThat(history.learningRates()).containsExactly(0.1, 0.1, 0.05, 0.05, 0.025);
        assertThat(sgd.learningRate()).isEqualTo(0.025);
    }

    @Test
    void listenersHearEveryEpochAndBatchInOrder() {
        List<String> events = new ArrayList<>();
        List<EpochReport> reports = new ArrayList<>();
        Linear model = new Linear(3, 1, new Random(0));
        History history = new Trainer(model, Loss::mse, new Sgd(model.parameters(), Sgd.Options.lr(0.05)),
                Trainer.Options.epochs(2)).addListener(new TrainingListener() {
                    @Override
                    public void epochStart(int epoch, int epochs, double learningRate) {
                        events.add("start " + epoch + "/" + epochs + " lr " + learningRate);
                    }

                    @Override
                    public void batchEnd(int epoch, int batch, int batches, double loss) {
                        events.add("batch " + epoch + "." + batch + "/" + batches);
                    }

                    @Override
                    public void epochEnd(EpochReport report) {
                        events.add("end " + report.epoch());
                        reports.add(report);
                    }
                }).fit(new DataLoader(LINE, DataLoader.Options.batchSize(30)));
        assertThat(events).containsExactly("start 1/2 lr 0.05", "batch 1.1/3", "batch 1.2/3", "batch 1.3/3", "end 1",
                "start 2/2 lr 0.05", "batch 2.1/3", "batch 2.2/3", "batch 2.3/3", "end 2");
        assertThat(reports).isEqualTo(history.reports());
    }

    @Test
    void divergenceNamesTheEpochAndLearningRateAndLeavesTheLastGoodWeights() {
        Linear model = new Linear(3, 1, new Random(0));
        Trainer trainer = new Trainer(model, Loss::mse, new Sgd(model.parameters(), Sgd.Options.lr(5.0)),
                Trainer.Options.epochs(100));
        assertThatThrownBy(() -> trainer.fit(new DataLoader(LINE, DataLoader.Options.batchSize(LINE.size()))))
                .isInstanceOf(dev.descent.optim.DivergenceException.class)
                .hasMessageMatching("fit: loss (became (NaN|Infinity)|grew from .*) (at|by) epoch \\d+ \\(learning rate 5\\);"
                        + " try a smaller learning rate, gradient clipping or standardized features");
        for (double w : weights(model)) {
            assertThat(Double.isFinite(w)).isTrue();
        }
    }

    @Test
    void weightsThatOverflowInTheLastStepOfAnEpochAreCaughtToo() {
        // One huge step from a finite loss: the loss of that batch was fine, the weights are not.
        Linear model = new Linear(3, 1, new Random(0));
        double[] before = weights(model);
        Trainer trainer = new Trainer(model, Loss::mse, new Sgd(model.parameters(), Sgd.Options.lr(1e308)),
                Trainer.Options.epochs(3));
        assertThatThrownBy(() -> trainer.fit(new DataLoader(LINE, DataLoader.Options.batchSize(LINE.size()))))
                .hasMessageStartingWith("fit: parameter weight became NaN or infinite at epoch 1 (learning rate 1e308)");
        assertThat(weights(model)).containsExactly(before);
    }

    @Test
    void divergenceInALaterEpochLeavesThePreviousEpochsWeightsExactly() {
        Linear model = new Linear(3, 1, new Random(0));
        Sgd sgd = new Sgd(model.parameters(), Sgd.Options.lr(0.05).withMomentum(0.9));
        int[] calls = {0};
        // the 8th loss (epoch 3, batch 2 of 3) is NaN: batch 1 of epoch 3 has already moved the weights
        BinaryOperator<Tensor> loss = (output, target) -> ++calls[0] == 8
                ? Loss.mse(output, target).mul(Double.NaN) : Loss.mse(output, target);
        List<double[]> afterEpoch = new ArrayList<>();
        List<Map<String, Tensor>> optimizerAfterEpoch = new ArrayList<>();
        Trainer trainer = new Trainer(model, loss, sgd, Trainer.Options.epochs(5)).addListener(new TrainingListener() {
            @Override
            public void epochEnd(EpochReport report) {
                afterEpoch.add(weights(model));
                optimizerAfterEpoch.add(sgd.stateDict());
            }
        });
        assertThatThrownBy(() -> trainer.fit(new DataLoader(LINE, DataLoader.Options.batchSize(30))))
                .isInstanceOf(dev.descent.optim.DivergenceException.class)
                .hasMessageContaining("epoch 3");
        assertThat(afterEpoch).hasSize(2);
        assertThat(weights(model)).containsExactly(afterEpoch.get(1));
        assertSameState(sgd.stateDict(), optimizerAfterEpoch.get(1));
    }

    @Test
    void aStopInTheMiddleOfAnEpochLeavesTheModelOptimizerRandomStateAndDataAsAtItsStart() {
        Sequential stopped = mlp(3, 0.3);
        Sgd sgd = new Sgd(stopped.parameters(), Sgd.Options.lr(0.05).withMomentum(0.9));
        DataLoader loader = new DataLoader(BLOBS.train(), DataLoader.Options.batchSize(16).withShuffle(5));
        boolean[] stop = {false};
        Trainer trainer = new Trainer(stopped, Loss::crossEntropy, sgd, Trainer.Options.epochs(5).withTask(Task.CLASSIFICATION)).addListener(
                new TrainingListener() {
                    @Override
                    public void batchEnd(int epoch, int batch, int batches, double loss) {
                        stop[0] = epoch == 3 && batch == 2;
                    }

                    @Override
                    public boolean shouldStop() {
                        return stop[0];
                    }
                });
        assertThatThrownBy(() -> trainer.fit(loader)).isInstanceOf(TrainingStoppedException.class);

        // The same run without the stop, two epochs: the same weights and momentum.
        Sequential reference = mlp(3, 0.3);
        Sgd referenceSgd = new Sgd(reference.parameters(), Sgd.Options.lr(0.05).withMomentum(0.9));
        DataLoader referenceLoader = new DataLoader(BLOBS.train(), DataLoader.Options.batchSize(16).withShuffle(5));
        new Trainer(reference, Loss::crossEntropy, referenceSgd, Trainer.Options.epochs(2).withTask(Task.CLASSIFICATION)).fit(referenceLoader);
        assertThat(weights(stopped)).containsExactly(weights(reference));
        assertSameState(sgd.stateDict(), referenceSgd.stateDict());

        // One more epoch each: the same again only if the dropout draws and the shuffle's epoch were restored too.
        new Trainer(stopped, Loss::crossEntropy, sgd, Trainer.Options.epochs(1).withTask(Task.CLASSIFICATION)).fit(loader);
        new Trainer(reference, Loss::crossEntropy, referenceSgd, Trainer.Options.epochs(1).withTask(Task.CLASSIFICATION)).fit(referenceLoader);
        assertThat(weights(stopped)).containsExactly(weights(reference));
    }

    private static void assertSameState(Map<String, Tensor> actual, Map<String, Tensor> expected) {
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        expected.forEach((name, t) -> assertThat(actual.get(name).toArray()).as(name).containsExactly(t.toArray()));
    }

    @Test
    void badSettingsAreRejectedWithMessagesThatSayWhatToDo() {
        assertThatThrownBy(() -> Trainer.Options.epochs(0))
                .hasMessage("Trainer: epochs must be at least 1, got 0");
        assertThatThrownBy(() -> Trainer.Options.epochs(5).withEarlyStopping(Metric.ACCURACY, 3))
                .hasMessage("Trainer: early stopping cannot watch 'accuracy' for REGRESSION; it reports [loss, mse, rmse, mae, r2]");
        assertThatThrownBy(() -> Trainer.Options.epochs(5).withGradClip(0))
                .hasMessageStartingWith("Trainer: the gradient norm limit must be positive, got 0.0");
        Linear model = new Linear(3, 1, new Random(0));
        Trainer trainer = new Trainer(model, Loss::mse, new Sgd(model.parameters(), Sgd.Options.lr(0.1)),
                Trainer.Options.epochs(5).withEarlyStopping(Metric.R2, 2));
        DataLoader loader = new DataLoader(LINE, DataLoader.Options.batchSize(8));
        assertThatThrownBy(() -> trainer.fit(loader))
                .hasMessage("fit: early stopping and restoreBest watch a validation metric; pass validation data to"
                        + " fit(train, validation) or leave them out");
        Trainer unreduced = new Trainer(model, (y, t) -> y.sub(t).square(), new Sgd(model.parameters(),
                Sgd.Options.lr(0.1)), Trainer.Options.epochs(1));
        assertThatThrownBy(() -> unreduced.fit(loader))
                .hasMessage("fit: the loss function returned shape [8, 1]; it must return one number, such as"
                        + " Loss.mse(output, target)");
        assertThatThrownBy(() -> trainer.resumeFrom(CheckpointStore.inMemory()))
                .hasMessage("resume: in-memory checkpoint store holds no checkpoint; train without resuming first,"
                        + " with checkpointEvery");
    }
}
