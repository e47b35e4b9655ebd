package dev.descent.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.Tensor;
import dev.descent.data.DataLoader;
import dev.descent.data.Split;
import dev.descent.data.StandardScaler;
import dev.descent.data.TensorDataset;
import dev.descent.nn.Architecture;
import dev.descent.nn.Loss;
import dev.descent.nn.Module;
import dev.descent.optim.Adam;
import dev.descent.optim.Sgd;
import dev.descent.optim.schedule.CosineAnnealingLr;
import dev.descent.optim.schedule.LinearWarmup;
import dev.descent.optim.schedule.LrScheduler;
import dev.descent.train.CheckpointStore;
import dev.descent.train.History;
import dev.descent.train.Metric;
import dev.descent.train.Task;
import dev.descent.train.Trainer;
import dev.descent.train.TrainingListener;
import dev.descent.train.TrainingState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints on disk: crash-safe writes, and runs resumed from them end with the bits of an uninterrupted run. */
class CheckpointTest {
    private static final Split IRIS = standardised(Datasets.iris());
    private static final String ARCH = "descent.architecture";

    @TempDir
    Path dir;

    private static Split standardised(Dataset data) {
        Split split = Split.trainTest(data.features(), data.target(), 0.25, 0);
        StandardScaler scaler = new StandardScaler().fit(split.train().features());
        return new Split(new TensorDataset(scaler.transform(split.train().features()), split.train().targets()),
                new TensorDataset(scaler.transform(split.test().features()), split.test().targets()));
    }

    /** A run's objects, built afresh from the same seeds as a restarted process builds them. */
    record Run(Module model, Trainer trainer, DataLoader loader) {
        History fit() {
            return trainer.fit(loader, IRIS.test());
        }
    }

    private static final class Killed extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    private static TrainingListener killIn(int epoch) {
        return new TrainingListener() {
            @Override
            public void batchEnd(int e, int batch, int batches, double loss) {
                if (e == epoch && batch == (batches + 1) / 2) {
                    throw new Killed();
                }
            }
        };
    }

    private static Run gradientDescent() {
        Module model = Architecture.of("linear", 4, 3).build(new Random(1));
        Trainer trainer = new Trainer(model, Loss::crossEntropy, new Sgd(model.parameters(), Sgd.Options.lr(0.5)),
                Trainer.Options.epochs(10).withTask(Task.CLASSIFICATION));
        return new Run(model, trainer, new DataLoader(IRIS.train(), DataLoader.Options.batchSize(IRIS.train().size())));
    }

    private static Run shuffledSgd() {
        Module model = Architecture.of("mlp:16", 4, 3).build(new Random(2));
        Trainer trainer = new Trainer(model, Loss::crossEntropy,
                new Sgd(model.parameters(), Sgd.Options.lr(0.05).withMomentum(0.9)),
                Trainer.Options.epochs(10).withTask(Task.CLASSIFICATION).withEarlyStopping(Metric.LOSS, 100)
                        .withRestoreBest(true));
        return new Run(model, trainer, new DataLoader(IRIS.train(), DataLoader.Options.batchSize(16).withShuffle(7)));
    }

    private static Run adamWithScheduleAndDropout() {
        Module model = Architecture.of("mlp:32,32", 4, 3).withDropout(0.2).build(new Random(3));
        Adam adam = new Adam(model.parameters(), Adam.Options.lr(0.01));
        Trainer trainer = new Trainer(model, Loss::crossEntropy, adam,
                Trainer.Options.epochs(10).withTask(Task.CLASSIFICATION))
                .setScheduler(new LrScheduler(adam, new LinearWarmup(2, new CosineAnnealingLr(8))));
        return new Run(model, trainer, new DataLoader(IRIS.train(), DataLoader.Options.batchSize(16).withShuffle(8)));
    }

    private void assertResumesBitIdentically(Supplier<Run> setup) {
        Run straight = setup.get();
        History expected = straight.fit();

        Run first = setup.get();
        first.trainer().checkpointEvery(3, Checkpoint.in(dir)).addListener(killIn(8));
        assertThatThrownBy(first::fit).isInstanceOf(Killed.class);

        Run resumed = setup.get();
        resumed.trainer().resumeFrom(Checkpoint.in(dir));
        History history = resumed.fit();

        assertThat(history).isEqualTo(expected);
        straight.model().stateDict().forEach((name, t) ->
                assertThat(resumed.model().stateDict().get(name).toArray()).as(name).containsExactly(t.toArray()));
    }

    @Test
    void fullBatchGradientDescentResumedFromDiskEndsBitIdentical() {
        assertResumesBitIdentically(CheckpointTest::gradientDescent);
    }

    @Test
    void shuffledSgdWithMomentumResumedFromDiskEndsBitIdentical() {
        assertResumesBitIdentically(CheckpointTest::shuffledSgd);
    }

    @Test
    void adamWithWarmUpCosineAndDropoutResumedFromDiskEndsBitIdentical() {
        assertResumesBitIdentically(CheckpointTest::adamWithScheduleAndDropout);
    }

    @Test
    void aCheckpointIsAFolderOfTwoSafetensorsFilesNamedByAPointer() throws IOException {
        Run run = adamWithScheduleAndDropout();
        Checkpoint checkpoints = Checkpoint.in(dir.resolve("run")).withMetadata(Map.of(ARCH, "mlp:32,32;in=4;out=3"));
        run.trainer().checkpointEvery(4, checkpoints).addListener(killIn(6));
        assertThatThrownBy(run::fit).isInstanceOf(Killed.class);

        assertThat(Files.readString(dir.resolve("run/latest"))).isEqualTo("epoch-000004\n");
        try (Stream<Path> files = Files.list(dir.resolve("run"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("latest", "epoch-000004");
        }
        SafetensorsFile model = Safetensors.read(dir.resolve("run/epoch-000004/model.safetensors"));
        assertThat(model.tensors().keySet()).containsExactly("0.weight", "0.bias", "3.weight", "3.bias", "6.weight", "6.bias");
        assertThat(model.metadata()).containsEntry(ARCH, "mlp:32,32;in=4;out=3").containsEntry("descent.checkpoint.epoch", "4");
        assertThat(checkpoints.latestMetadata().orElseThrow()).containsEntry(ARCH, "mlp:32,32;in=4;out=3");
        SafetensorsFile training = Safetensors.read(dir.resolve("run/epoch-000004/training.safetensors"));
        assertThat(training.tensors()).containsKeys("optimizer.lr", "optimizer.state.0.exp_avg", "scheduler.last_epoch",
                "loader.epoch", "random.module.2.draws", "history.train.loss", "history.validation.accuracy");
        assertThat(training.tensor("loader.epoch").item()).isEqualTo(4.0);
    }

    @Test
    void aSaveThatDiesPartWayLeavesTheLastCheckpointCurrent() throws IOException {
        Checkpoint checkpoints = Checkpoint.in(dir);
        Run run = gradientDescent();
        run.trainer().checkpointEvery(2, checkpoints).addListener(killIn(3));
        assertThatThrownBy(run::fit).isInstanceOf(Killed.class);
        TrainingState good = checkpoints.load().orElseThrow();

        // The model file of epoch 4 is written, then writing the training file fails.
        Map<String, Tensor> broken = new LinkedHashMap<>();
        broken.put("module.draws", null);
        TrainingState half = new TrainingState(good.epoch(), good.model(), good.optimizer(), good.scheduler(),
                good.loader(), broken, good.progress(), good.best(), good.history());
        assertThatThrownBy(() -> checkpoints.save(half)).isInstanceOf(IllegalArgumentException.class);
        try (Stream<Path> files = Files.list(dir)) {
            // No half-written epoch-000004 folder, no temporary folder.
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("latest", "epoch-000002");
        }

        TrainingState loaded = checkpoints.load().orElseThrow();
        assertThat(loaded.epoch()).isEqualTo(2);
        assertThat(loaded.history()).isEqualTo(good.history());
        assertThat(loaded.model().get("0.weight").toArray()).containsExactly(good.model().get("0.weight").toArray());
    }

    @Test
    void leftoversOfACrashAreIgnoredAndClearedByTheNextSave() throws IOException {
        Checkpoint checkpoints = Checkpoint.in(dir);
        Run run = gradientDescent();
        run.trainer().checkpointEvery(2, checkpoints).addListener(killIn(3));
        assertThatThrownBy(run::fit).isInstanceOf(Killed.class);
        // A process killed while writing epoch 4: a folder with a truncated model file and a temporary file.
        Files.createDirectories(dir.resolve("epoch-000004"));
        Files.write(dir.resolve("epoch-000004/model.safetensors"), new byte[] {1, 2, 3});
        Files.write(dir.resolve("epoch-000004/.training.safetensors.123-1.tmp"), new byte[] {4});
        assertThat(checkpoints.load().orElseThrow().epoch()).isEqualTo(2);

        Run resumed = gradientDescent();
        resumed.trainer().checkpointEvery(2, checkpoints).resumeFrom(checkpoints);
        resumed.fit();
        assertThat(checkpoints.load().orElseThrow().epoch()).isEqualTo(10);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("latest", "epoch-000010");
        }
    }

    @Test
    void aFolderThatCannotHoldCheckpointsIsFoundBeforeTraining() throws IOException {
        Path file = Files.writeString(dir.resolve("notes.txt"), "not a folder");
        String message = "cannot write a checkpoint to " + file + ": " + file + " is a file, not a folder";
        assertThatThrownBy(() -> Checkpoint.in(file).checkWritable()).isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessage(message);
        assertThatThrownBy(() -> Checkpoint.in(file.resolve("run")).checkWritable())
                .hasMessage("cannot write a checkpoint to " + file.resolve("run") + ": " + file + " is a file, not a folder");
        Run run = gradientDescent();
        run.trainer().checkpointEvery(1, Checkpoint.in(file));
        assertThatThrownBy(run::fit).isInstanceOf(java.io.UncheckedIOException.class).hasMessage(message);
        Checkpoint.in(dir.resolve("new/deeper")).checkWritable();
        assertThat(dir.resolve("new")).doesNotExist();
    }

    @Test
    void anEmptyFolderHoldsNoCheckpointAndResumingFromItSaysSo() {
        assertThat(Checkpoint.in(dir.resolve("none")).load()).isEmpty();
        assertThatThrownBy(() -> gradientDescent().trainer().resumeFrom(Checkpoint.in(dir)))
                .hasMessage("resume: checkpoint folder " + dir + " holds no checkpoint; train without resuming first,"
                        + " with checkpointEvery");
    }

    @Test
    void aBrokenPointerOrCorruptFileIsAClearError() throws IOException {
        Files.writeString(dir.resolve("latest"), "../elsewhere\n");
        assertThatThrownBy(() -> Checkpoint.in(dir).load()).isInstanceOf(ModelFileException.class)
                .hasMessage(dir.resolve("latest") + ": names '../elsewhere', not a checkpoint folder such as epoch-000012");
        Files.writeString(dir.resolve("latest"), "epoch-000009\n");
        assertThatThrownBy(() -> Checkpoint.in(dir).load())
                .hasMessage(dir.resolve("latest") + ": names epoch-000009, which is missing from " + dir);

        // A save repairs a broken pointer.
        Checkpoint checkpoints = Checkpoint.in(dir);
        Run run = gradientDescent();
        run.trainer().checkpointEvery(2, checkpoints).addListener(killIn(3));
        assertThatThrownBy(run::fit).isInstanceOf(Killed.class);
        assertThat(checkpoints.load().orElseThrow().epoch()).isEqualTo(2);
        Path training = dir.resolve("epoch-000002/training.safetensors");
        byte[] bytes = Files.readAllBytes(training);
        Files.write(training, java.util.Arrays.copyOf(bytes, bytes.length - 8));
        assertThatThrownBy(checkpoints::load).isInstanceOf(ModelFileException.class)
                .hasMessageStartingWith(training.toString());
    }

    @Test
    void theInMemoryStoreAndTheFolderStoreHoldTheSameState() {
        CheckpointStore memory = CheckpointStore.inMemory();
        Run run = shuffledSgd();
        run.trainer().checkpointEvery(5, memory).checkpointEvery(5, Checkpoint.in(dir));
        run.fit();
        Run again = shuffledSgd();
        again.trainer().checkpointEvery(5, memory);
        again.fit();
        TrainingState fromDisk = Checkpoint.in(dir).load().orElseThrow();
        TrainingState inMemory = memory.load().orElseThrow();
        assertThat(fromDisk.history()).isEqualTo(inMemory.history());
        assertThat(fromDisk.training().keySet()).containsExactlyElementsOf(inMemory.training().keySet());
        inMemory.training().forEach((name, t) ->
                assertThat(fromDisk.training().get(name).toArray()).as(name).containsExactly(t.toArray()));
        assertThat(List.copyOf(fromDisk.model().keySet())).isEqualTo(List.copyOf(inMemory.model().keySet()));
    }
}
