package dev.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.Tensor;
import dev.descent.data.Batch;
import dev.descent.data.DataLoader;
import dev.descent.data.TensorDataset;
import dev.descent.optim.schedule.CosineAnnealingLr;
import dev.descent.optim.schedule.LinearWarmup;
import dev.descent.optim.schedule.LrScheduler;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Interrupted training loses nothing: a run resumed from saved state ends with the same bits as one that never stopped. */
class CheckpointResumeTest {
    private static final TensorDataset DATA = data();

    private static TensorDataset data() {
        Random rng = new Random(11);
        Tensor x = Tensor.randn(rng, 37, 3);
        Tensor y = x.matmul(Tensor.of(new double[][] {{1.5}, {-2.0}, {0.5}})).add(Tensor.randn(rng, 37, 1).mul(0.1));
        return new TensorDataset(x, y);
    }

    /** A linear model, Adam with warm-up and cosine schedule, a shuffled loader: everything a checkpoint must capture. */
    private static final class Run {
        final Tensor w;
        final Tensor b;
        final Adam adam;
        final LrScheduler scheduler;
        final DataLoader loader;

        Run(Tensor w0, Tensor b0) {
            w = w0.detach().clone().requiresGrad(true);
            b = b0.detach().clone().requiresGrad(true);
            adam = new Adam(List.of(w, b), Adam.Options.lr(0.05).withAmsgrad(true));
            scheduler = new LrScheduler(adam, new LinearWarmup(2, new CosineAnnealingLr(6, 0.001)));
            loader = new DataLoader(DATA, DataLoader.Options.batchSize(8).withShuffle(2024));
        }

        void epochs(int n) {
            for (int e = 0; e < n; e++) {
                for (Batch batch : loader) {
                    batch.features().matmul(w).add(b).sub(batch.targets()).square().mean().backward();
                    GradClip.clipGradNorm(adam.params(), 1.0);
                    adam.step();
                    adam.zeroGrad();
                }
                scheduler.step();
            }
        }
    }

    @Test
    void adamWithAScheduleAndShuffledBatchesResumesBitIdentically() {
        Tensor w0 = Tensor.zeros(3, 1);
        Tensor b0 = Tensor.zeros(1);
        Run straight = new Run(w0, b0);
        straight.epochs(8);

        Run first = new Run(w0, b0);
        first.epochs(3);
        Map<String, Tensor> optimizerState = first.adam.stateDict();
        Map<String, Tensor> schedulerState = first.scheduler.stateDict();
        Map<String, Tensor> loaderState = first.loader.stateDict();

        Run resumed = new Run(first.w, first.b);
        resumed.adam.loadStateDict(optimizerState);
        resumed.scheduler.loadStateDict(schedulerState);
        resumed.loader.loadStateDict(loaderState);
        resumed.epochs(5);

        assertThat(resumed.w.toArray()).containsExactly(straight.w.toArray());
        assertThat(resumed.b.toArray()).containsExactly(straight.b.toArray());
        assertThat(resumed.adam.learningRate()).isEqualTo(straight.adam.learningRate());
        Tensor initialLoss = DATA.targets().square().mean();
        Tensor finalLoss = DATA.features().matmul(straight.w).add(straight.b).sub(DATA.targets()).square().mean();
        assertThat(finalLoss.item()).isLessThan(initialLoss.item() / 2);
    }
}
