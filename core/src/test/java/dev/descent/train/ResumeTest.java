package dev.descent.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.Tensor;
import dev.descent.data.DataLoader;
import dev.descent.data.Split;
import dev.descent.data.TensorDataset;
import dev.descent.nn.Architecture;
import dev.descent.nn.Linear;
import dev.descent.nn.Loss;
import dev.descent.nn.Module;
import dev.descent.optim.Adam;
import dev.descent.optim.Sgd;
import dev.descent.optim.schedule.CosineAnnealingLr;
import dev.descent.optim.schedule.LinearWarmup;
import dev.descent.optim.schedule.LrScheduler;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Interrupted training loses nothing: a run resumed from its checkpoint ends with the bits of one that never stopped. */
class ResumeTest {
    private static final TensorDataset LINE = Problems.regression(50, 3);
    private static final Split BLOBS = Problems.blobs(120, 5);

    /** Everything a run is made of, built afresh from the same seeds, as a restarted process would. */
    record Run(Module model, Trainer trainer, DataLoader loader, TensorDataset validation) {
        History fit() {
            return trainer.fit(loader, validation);
        }
    }

    private static final class Killed extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    /** Stops the process (as far as the trainer can tell) in the middle of epoch {@code epoch}. */
    private static TrainingListener killIn(int epoch) {
        return new TrainingListener() {
            @Override
            public void batchEnd(int e, int batch, int batches, double loss) {
                if (e == epoch && batch == Math.max(1, batches / 2)) {
                    throw new Killed();
                }
            }
        };
    }

    private static Run gradientDescent() {
        Linear model = new Linear(3, 1, new Random(1));
        Trainer trainer = new Trainer(model, Loss::mse, new Sgd(model.parameters(), Sgd.Options.lr(0.05)),
                Trainer.Options.epochs(12));
        return new Run(model, trainer, new DataLoader(LINE, DataLoader.Options.batchSize(LINE.size())), null);
    }

    private static Run shuffledSgdWithEarlyStoppingState() {
        Module model = Architecture.of("mlp:8", 2, 3).build(new Random(2));
        Trainer trainer = new Trainer(model, Loss::crossEntropy,
                new Sgd(model.parameters(), Sgd.Options.lr(0.05).withMomentum(0.9)),
                Trainer.Options.epochs(12).withTask(Task.CLASSIFICATION).withEarlyStopping(Metric.LOSS, 50)
                        .withRestoreBest(true));
        return new Run(model, trainer, new DataLoader(BLOBS.train(), DataLoader.Options.batchSize(8).withShuffle(4)),
                BLOBS.test());
    }

    private static Run adamWithWarmupCosineAndDropout() {
        Module model = Architecture.of("mlp:16,16", 2, 3).withDropout(0.2).build(new Random(3));
        Adam adam = new Adam(model.parameters(), Adam.Options.lr(0.01));
        Trainer trainer = new Trainer(model, Loss::crossEntropy, adam,
                Trainer.Options.epochs(12).withTask(Task.CLASSIFICATION).withGradClip(2.0))
                .setScheduler(new LrScheduler(adam, new LinearWarmup(3, new CosineAnnealingLr(9))));
        return new Run(model, trainer, new DataLoader(BLOBS.train(), DataLoader.Options.batchSize(10).withShuffle(6)),
                BLOBS.test());
    }

    private static void assertResumesBitIdentically(Supplier<Run> setup, int every, int killedIn) {
        Run straight = setup.get();
        History expected = straight.fit();

        CheckpointStore store = CheckpointStore.inMemory();
        Run first = setup.get();
        first.trainer().checkpointEvery(every, store).addListener(killIn(killedIn));
        assertThatThrownBy(first::fit).isInstanceOf(Killed.class);
        assertThat(store.load().orElseThrow().epoch()).isEqualTo((killedIn - 1) / every * every);

        Run resumed = setup.get();
        resumed.trainer().resumeFrom(store);
        History history = resumed.fit();

        assertThat(history).isEqualTo(expected);
        assertThat(resumed.model().stateDict().keySet()).isEqualTo(straight.model().stateDict().keySet());
        straight.model().stateDict().forEach((name, t) ->
                assertThat(resumed.model().stateDict().get(name).toArray()).as(name).containsExactly(t.toArray()));
    }

    @Test
    void fullBatchGradientDescentResumesBitIdentically() {
        assertResumesBitIdentically(ResumeTest::gradientDescent, 4, 7);
    }

    @Test
    void shuffledMiniBatchSgdWithMomentumAndBestWeightsResumesBitIdentically() {
        assertResumesBitIdentically(ResumeTest::shuffledSgdWithEarlyStoppingState, 3, 8);
    }

    @Test
    void adamWithWarmUpCosineScheduleAndDropoutResumesBitIdentically() {
        assertResumesBitIdentically(ResumeTest::adamWithWarmupCosineAndDropout, 1, 6);
    }

    @Test
    void resumingAFinishedRunChangesNothing() {
        CheckpointStore store = CheckpointStore.inMemory();
        Run done = gradientDescent();
        done.trainer().checkpointEvery(5, store);
        History history = done.fit();
        assertThat(store.load().orElseThrow().epoch()).isEqualTo(12);

        Run again = gradientDescent();
        again.trainer().resumeFrom(store);
        assertThat(again.fit()).isEqualTo(history);
        assertThat(((Linear) again.model()).weight().toArray()).containsExactly(((Linear) done.model()).weight().toArray());
    }

    @Test
    void aCheckpointOfAnotherModelIsRejectedAndChangesNothing() {
        CheckpointStore store = CheckpointStore.inMemory();
        Run run = adamWithWarmupCosineAndDropout();
        run.trainer().checkpointEvery(1, store).addListener(killIn(2));
        assertThatThrownBy(run::fit).isInstanceOf(Killed.class);

        Module other = Architecture.of("mlp:8", 2, 3).withDropout(0.2).build(new Random(3));
        Adam adam = new Adam(other.parameters(), Adam.Options.lr(0.01));
        Trainer trainer = new Trainer(other, Loss::crossEntropy, adam, Trainer.Options.epochs(12).withTask(Task.CLASSIFICATION))
                .setScheduler(new LrScheduler(adam, new LinearWarmup(3, new CosineAnnealingLr(9))));
        Tensor before = other.stateDict().get("0.weight").detach().clone();
        DataLoader loader = new DataLoader(BLOBS.train(), DataLoader.Options.batchSize(10).withShuffle(6));
        assertThatThrownBy(() -> trainer.resumeFrom(store).fit(loader, BLOBS.test()))
                .hasMessageStartingWith("resume: the checkpoint does not fit this run: loadStateDict: unexpected keys [6.weight, 6.bias]");
        assertThat(other.stateDict().get("0.weight").toArray()).containsExactly(before.toArray());
        assertThat(loader.epoch()).isZero();

        Trainer withoutSchedule = new Trainer(other, Loss::crossEntropy, adam,
                Trainer.Options.epochs(12).withTask(Task.CLASSIFICATION));
        assertThatThrownBy(() -> withoutSchedule.resumeFrom(store).fit(loader, BLOBS.test()))
                .hasMessage("resume: the checkpoint was saved with a learning-rate scheduler but this trainer has none;"
                        + " set up the run as it was");
    }

    @Test
    void aTrainingStateSurvivesFlatteningToNamedTensors() {
        CheckpointStore store = CheckpointStore.inMemory();
        Run run = adamWithWarmupCosineAndDropout();
        run.trainer().checkpointEvery(2, store).addListener(killIn(5));
        assertThatThrownBy(run::fit).isInstanceOf(Killed.class);
        TrainingState state = store.load().orElseThrow();

        TrainingState back = TrainingState.of(state.model(), state.training());

        assertThat(back.history()).isEqualTo(state.history());
        assertThat(back.epoch()).isEqualTo(4);
        assertThat(back.training().keySet()).isEqualTo(state.training().keySet());
        assertThat(state.training().keySet()).contains("optimizer.lr", "scheduler.last_epoch", "loader.epoch",
                "random.module.2.draws", "random.module.5.seed_low", "progress.start_loss", "history.train.accuracy",
                "history.validation.loss", "history.learning_rate");
        assertThatThrownBy(() -> TrainingState.of(state.model(), java.util.Map.of("weights.x", Tensor.of(1))))
                .hasMessage("checkpoint: unknown entry 'weights.x'; entries start with optimizer, scheduler, loader,"
                        + " random, progress, best or history and a dot");
    }
}
