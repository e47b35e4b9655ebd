package dev.descent.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.DType;
import dev.descent.Tensor;
import dev.descent.nn.Architecture;
import dev.descent.nn.Module;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DataParallelTest {
    private static final Architecture MLP = Architecture.parse("mlp:8;in=3;out=1;activation=tanh;dropout=0.0");

    /** y = x0 − 2·x1 + x2² over n rows, split into contiguous shards of these sizes. */
    private static List<Tensor[]> shards(int... sizes) {
        Random random = new Random(11);
        List<Tensor[]> out = new ArrayList<>();
        for (int n : sizes) {
            double[] x = new double[n * 3];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < 3; j++) {
                    x[i * 3 + j] = random.nextGaussian();
                }
                y[i] = x[i * 3] - 2 * x[i * 3 + 1] + x[i * 3 + 2] * x[i * 3 + 2];
            }
            out.add(new Tensor[] {Tensor.of(x, dev.descent.Shape.of(n, 3)), Tensor.of(y, dev.descent.Shape.of(n, 1))});
        }
        return out;
    }

    private static Module fitted(List<Tensor[]> shards, DataParallel.Options options) {
        Module model = MLP.build(new Random(3));
        Optimizer adam = OptimizerSpec.of("adam").withLearningRate(0.01).create(model.parameters());
        double[] losses = DataParallel.fit(model, LossFunction.MSE, adam, shards, options);
        assertThat(losses[losses.length - 1]).isLessThan(losses[0]);
        return model;
    }

    @Test
    void everyShardGivesItsShareAndEveryRowIsVisitedOncePerEpoch() {
        DataParallel.Options options = new DataParallel.Options(1, 7, 5);
        int[] sizes = {10, 4, 9};
        int steps = DataParallel.steps(sizes, options);
        assertThat(steps).isEqualTo(5); // shares 3, 2, 2: 4, 2 and 5 steps; the last shard needs 5
        for (int s = 0; s < sizes.length; s++) {
            int[] order = DataParallel.order(sizes[s], s, 5, 0);
            List<Integer> seen = new ArrayList<>();
            for (int step = 0; step < steps; step++) {
                int[] rows = DataParallel.rows(order, s, sizes.length, options, step);
                assertThat(rows.length).isLessThanOrEqualTo(s == 0 ? 3 : 2);
                Arrays.stream(rows).forEach(seen::add);
            }
            assertThat(seen).hasSize(sizes[s]).doesNotHaveDuplicates();
        }
    }

    @Test
    void theSameShardsAndSeedGiveTheSameBitsAndTrainingLowersTheLoss() {
        DataParallel.Options options = new DataParallel.Options(5, 16, 1);
        double[] a = DataParallel.parameterValues(fitted(shards(40, 25, 31), options))[0];
        double[] b = DataParallel.parameterValues(fitted(shards(40, 25, 31), options))[0];
        assertThat(a).containsExactly(b);
    }

    @Test
    void aStepOnOneShardIsTheMeanGradientOfItsRows() {
        Module model = MLP.build(new Random(3));
        Tensor[] data = shards(6).get(0);
        int[] all = {0, 1, 2, 3, 4, 5};
        DataParallel.Partial p = DataParallel.partial(model, LossFunction.MSE, data[0], data[1], all);
        DataParallel.apply(List.of(p), model.parameters());
        double[] viaShards = model.parameters().get(0).grad().toArray();
        model.zeroGrad();
        LossFunction.MSE.function().apply(model.forward(data[0]), data[1]).backward();
        double[] direct = model.parameters().get(0).grad().toArray();
        for (int i = 0; i < direct.length; i++) {
            assertThat(viaShards[i]).isCloseTo(direct[i], org.assertj.core.api.Assertions.within(1e-15));
        }
    }

    @Test
    void aReplicaHasTheParametersItWasGiven() {
        Module model = MLP.build(new Random(9)).to(DType.FLOAT32);
        double[][] values = DataParallel.parameterValues(model);
        Module replica = DataParallel.replica(MLP, DType.FLOAT32, values);
        for (int i = 0; i < values.length; i++) {
            assertThat(replica.parameters().get(i).toArray()).containsExactly(values[i]);
            assertThat(replica.parameters().get(i).dtype()).isEqualTo(DType.FLOAT32);
        }
    }

    @Test
    void dropoutAndBatchesSmallerThanTheShardsAreRefused() {
        assertThatThrownBy(() -> DataParallel.replica(MLP.withDropout(0.5), DType.FLOAT64, new double[0][]))
                .hasMessageContaining("dropout");
        assertThatThrownBy(() -> DataParallel.steps(new int[] {5, 5, 5}, new DataParallel.Options(1, 2, 0)))
                .hasMessageContaining("a batch of 2 rows cannot give each of 3 shards a row");
        Module withDropout = MLP.withDropout(0.5).build(new Random(1));
        assertThatThrownBy(() -> DataParallel.fit(withDropout, LossFunction.MSE,
                OptimizerSpec.of("sgd").create(withDropout.parameters()), shards(4), new DataParallel.Options(1, 2, 0)))
                .hasMessageContaining("dropout");
        Module plain = MLP.build(new Random(1));
        assertThatThrownBy(() -> DataParallel.fit(plain, LossFunction.MSE,
                OptimizerSpec.of("sgd").create(plain.parameters()), shards(0, 0), new DataParallel.Options(1, 2, 0)))
                .hasMessageContaining("the 2 shards hold no rows");
    }

    /** A trainer over the shards' steps: as DataParallel.fit, bit for bit, with the trainer's epochs and reports. */
    private static Module trained(List<Tensor[]> shards, int epochs, CheckpointStore store, boolean resume) {
        Module model = MLP.build(new Random(3));
        Optimizer adam = OptimizerSpec.of("adam").withLearningRate(0.01).create(model.parameters());
        Trainer trainer = new Trainer(model, LossFunction.MSE.function(), adam, Trainer.Options.epochs(epochs));
        if (store != null) {
            trainer.checkpointEvery(1, store);
        }
        if (resume) {
            trainer.resumeFrom(store);
        }
        History history = trainer.fit(DataParallel.source(DataParallel.local(shards, LossFunction.MSE), 16, 1), null);
        assertThat(history.epochsRun()).isEqualTo(epochs);
        assertThat(history.last().train().keySet()).containsExactly(Metric.LOSS);
        return model;
    }

    @Test
    void aTrainerOverTheShardsStepsGivesTheBitsOfDataParallelFit() {
        double[][] reference = DataParallel.parameterValues(fitted(shards(40, 25, 31), new DataParallel.Options(5, 16, 1)));
        assertThat(DataParallel.parameterValues(trained(shards(40, 25, 31), 5, null, false))).isEqualTo(reference);

        CheckpointStore store = CheckpointStore.inMemory();
        trained(shards(40, 25, 31), 2, store, false);
        assertThat(store.load().orElseThrow().loader()).containsOnlyKeys("epoch");
        assertThat(DataParallel.parameterValues(trained(shards(40, 25, 31), 5, store, true))).isEqualTo(reference);
    }

    @Test
    void theShardsStepsRefuseDropoutAndAStateOfAnotherSource() {
        GradientSource source = DataParallel.source(DataParallel.local(shards(10, 10), LossFunction.MSE), 4, 0);
        assertThat(source.steps()).isEqualTo(5);
        Module withDropout = MLP.withDropout(0.5).build(new Random(1));
        assertThatThrownBy(() -> source.epoch(withDropout, LossFunction.MSE.function())).hasMessageContaining("dropout");
        assertThatThrownBy(() -> source.loadStateDict(java.util.Map.of("order", Tensor.of(1.0))))
                .hasMessageContaining("keep one whole number, 'epoch'");
        assertThatThrownBy(() -> DataParallel.source(DataParallel.local(shards(10, 10, 10), LossFunction.MSE), 2, 0))
                .hasMessageContaining("cannot give each of 3 shards a row");
    }
}
