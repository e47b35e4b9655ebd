package dev.descent.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.descent.Shape;
import dev.descent.Tensor;
import dev.descent.optim.OptimizerSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Fitting} with {@link FitConfig#shards}: data-parallel steps through the same trainer. */
class FittingShardsTest {
    /** y = 2·x0 − x1 + 0.5 over 10 rows: 3 shards of 3, 3 and 4 rows. */
    private static final Tensor X;
    private static final Tensor Y;

    static {
        Random random = new Random(2);
        double[] x = new double[20];
        double[] y = new double[10];
        for (int i = 0; i < 10; i++) {
            x[2 * i] = random.nextGaussian();
            x[2 * i + 1] = random.nextGaussian();
            y[i] = 2 * x[2 * i] - x[2 * i + 1] + 0.5;
        }
        X = Tensor.of(x, Shape.of(10, 2));
        Y = Tensor.of(y);
    }

    private static FitResult fit(FitConfig config, List<Integer> stepsPerEpoch) {
        int[] steps = {0};
        TrainingListener counter = new TrainingListener() {
            @Override
            public void batchEnd(int epoch, int batch, int batches, double loss) {
                steps[0]++;
            }

            @Override
            public void epochEnd(EpochReport report) {
                stepsPerEpoch.add(steps[0]);
                steps[0] = 0;
            }
        };
        return Fitting.fit(config, X, Y, List.of(), new Fitting.Hooks(List.of(counter), null, 1, null,
                DataParallel.Placement.LOCAL));
    }

    @Test
    void fullBatchGradientDescentOverShardsIsOneStepAnEpochAndTheSameDescentUpToRounding() {
        FitConfig gd = FitConfig.of("y", "linear", LossFunction.MSE, OptimizerSpec.of("sgd").withLearningRate(0.1), 50)
                .withMethod(FitConfig.Method.GD, 32);
        List<Integer> plainSteps = new ArrayList<>();
        List<Integer> shardedSteps = new ArrayList<>();
        FitResult plain = fit(gd, plainSteps);
        FitResult sharded = fit(gd.withShards(3), shardedSteps);
        assertThat(shardedSteps).hasSize(50).containsOnly(1);
        double[][] a = DataParallel.parameterValues(plain.model());
        double[][] b = DataParallel.parameterValues(sharded.model());
        for (int i = 0; i < a.length; i++) {
            for (int k = 0; k < a[i].length; k++) {
                assertThat(b[i][k]).isCloseTo(a[i][k], within(1e-12));
            }
        }
        assertThat(sharded.history().last().train().keySet()).containsExactly(Metric.LOSS);
        assertThat(sharded.trainScores().get(Metric.R2)).isGreaterThan(0.9);
    }

    @Test
    void moreShardsThanRowsIsASettingError() {
        FitConfig config = FitConfig.of("y", "linear", LossFunction.MSE, OptimizerSpec.of("sgd"), 1)
                .withMethod(FitConfig.Method.SGD, 16).withShards(11);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> fit(config, new ArrayList<>()))
                .isInstanceOf(dev.descent.InvalidSettingException.class)
                .hasMessageContaining("more shards than the 10 training rows");
    }
}
