package dev.descent.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.data.DataLoader;
import dev.descent.data.TensorDataset;
import dev.descent.metrics.Classification;
import dev.descent.nn.Architecture;
import dev.descent.nn.Loss;
import dev.descent.optim.OptimizerSpec;
import dev.descent.optim.schedule.ScheduleSpec;
import dev.descent.train.Task;
import dev.descent.train.Trainer;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a library user does without the command line: describe, train, save, reload, predict. */
class LibraryRoundTripTest {
    @TempDir
    Path dir;

    @Test
    void anMlpFromADescriptionWithANamedOptimizerAndScheduleTrainsSavesReloadsAndPredicts() {
        var iris = Datasets.iris();
        var arch = Architecture.of("mlp:16", 4, 3);
        var model = arch.build(new Random(0));
        var adam = OptimizerSpec.of("adam").withLearningRate(0.01).create(model.parameters());
        var trainer = new Trainer(model, Loss::crossEntropy, adam, Trainer.Options.epochs(150).withTask(Task.CLASSIFICATION));
        new ScheduleSpec("cosine", 5).create(adam, 150).ifPresent(trainer::setScheduler);
        trainer.fit(new DataLoader(new TensorDataset(iris.features(), iris.target()), DataLoader.Options.batchSize(16).withShuffle(0)));
        new SavedModel(arch.describe(), iris.featureNames(), iris.targetName(), iris.classNames(), null, model.stateDict())
                .save(dir.resolve("iris.safetensors"));
        Predictor reloaded = Predictor.load(dir.resolve("iris.safetensors"));
        assertThat(Classification.accuracyScore(iris.target(), reloaded.outputs(iris.features()))).isGreaterThan(0.95);
        assertThat(reloaded.labels(reloaded.outputs(iris.features().slice(0, 0, 1)))).containsExactly("setosa");
    }
}
