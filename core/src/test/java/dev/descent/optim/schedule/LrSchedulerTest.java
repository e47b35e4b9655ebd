package dev.descent.optim.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.Tensor;
import dev.descent.optim.Adam;
import dev.descent.optim.Optimizer;
import dev.descent.optim.Sgd;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LrSchedulerTest {
    private static Optimizer sgd(double lr) {
        return new Sgd(List.of(Tensor.of(1.0).requiresGrad(true)), Sgd.Options.lr(lr));
    }

    /** The learning rates a scheduler sets for epochs 0 to {@code epochs − 1}. */
    private static double[] rates(LrLambda schedule, double baseLr, int epochs) {
        Optimizer optimizer = sgd(baseLr);
        LrScheduler scheduler = new LrScheduler(optimizer, schedule);
        double[] out = new double[epochs];
        for (int e = 0; e < epochs; e++) {
            out[e] = optimizer.learningRate();
            assertThat(scheduler.learningRate()).isEqualTo(out[e]);
            assertThat(scheduler.epoch()).isEqualTo(e);
            scheduler.step();
        }
        return out;
    }

    @Test
    void stepLrDecaysByGammaEveryStepSizeEpochs() {
        double[] lr = rates(new StepLr(3, 0.5), 0.1, 10);
        for (int e = 0; e < lr.length; e++) {
            assertThat(lr[e]).isEqualTo(0.1 * Math.pow(0.5, Math.floor(e / 3.0)));
        }
        assertThat(lr[2]).isEqualTo(0.1);
        assertThat(lr[3]).isEqualTo(0.05);
    }

    @Test
    void exponentialLrDecaysByGammaEveryEpoch() {
        double[] lr = rates(new ExponentialLr(0.9), 0.2, 8);
        for (int e = 0; e < lr.length; e++) {
            assertThat(lr[e]).isCloseTo(0.2 * Math.pow(0.9, e), within(1e-17));
        }
    }

    @Test
    void cosineAnnealingFollowsHalfACosineFromTheBaseToEtaMin() {
        double[] lr = rates(new CosineAnnealingLr(10, 0.001), 0.1, 11);
        for (int e = 0; e < lr.length; e++) {
            assertThat(lr[e]).isCloseTo(0.001 + (0.1 - 0.001) * (1 + Math.cos(Math.PI * e / 10)) / 2, within(1e-17));
        }
        assertThat(lr[0]).isEqualTo(0.1);
        assertThat(lr[5]).isCloseTo((0.1 + 0.001) / 2, within(1e-15));
        assertThat(lr[10]).isCloseTo(0.001, within(1e-17));
        assertThat(rates(new CosineAnnealingLr(4), 1.0, 5)[4]).isCloseTo(0.0, within(1e-16));
    }

    @Test
    void linearWarmupRisesToTheBaseRateThenHandsOver() {
        double[] lr = rates(new LinearWarmup(4, LrLambda.constant()), 0.5, 7);
        assertThat(lr).containsExactly(new double[] {0.1, 0.2, 0.3, 0.4, 0.5, 0.5, 0.5}, within(1e-16));
    }

    @Test
    void aWarmupWrapsAnyScheduleWhichStartsAtItsOwnEpochZero() {
        LrLambda cosine = new CosineAnnealingLr(6, 0.0);
        LrLambda schedule = new LinearWarmup(3, 0.25, cosine);
        double[] lr = rates(schedule, 0.4, 10);
        for (int e = 0; e < 3; e++) {
            assertThat(lr[e]).isCloseTo(0.4 * (0.25 + 0.75 * e / 3), within(1e-16));
        }
        for (int e = 3; e < 10; e++) {
            assertThat(lr[e]).isEqualTo(cosine.learningRate(0.4, e - 3));
        }
    }

    @Test
    void schedulesWorkWithAnyOptimizer() {
        Tensor p = Tensor.of(1.0).requiresGrad(true);
        Adam adam = new Adam(List.of(p), Adam.Options.lr(0.01));
        LrScheduler scheduler = new LrScheduler(adam, new StepLr(1, 0.1));
        scheduler.step();
        scheduler.step();
        assertThat(adam.learningRate()).isCloseTo(1e-4, within(1e-18));
    }

    @Test
    void aRestoredSchedulerSetsTheSameRateAndContinues() {
        Optimizer first = sgd(0.3);
        LrScheduler a = new LrScheduler(first, new ExponentialLr(0.7));
        for (int e = 0; e < 4; e++) {
            a.step();
        }
        Map<String, Tensor> state = a.stateDict();
        Optimizer second = sgd(0.3);
        LrScheduler b = new LrScheduler(second, new ExponentialLr(0.7));
        b.loadStateDict(state);
        assertThat(b.epoch()).isEqualTo(4);
        assertThat(second.learningRate()).isEqualTo(first.learningRate());
        a.step();
        b.step();
        assertThat(second.learningRate()).isEqualTo(first.learningRate());
    }

    @Test
    void badScheduleArgumentsAreRejected() {
        assertThatThrownBy(() -> new StepLr(0, 0.1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("StepLr: step size must be at least 1 epoch, got 0");
        assertThatThrownBy(() -> new ExponentialLr(-0.5)).hasMessageStartingWith("ExponentialLr: gamma must be positive and finite, got -0.5");
        assertThatThrownBy(() -> new CosineAnnealingLr(0)).hasMessageStartingWith("CosineAnnealingLr: tMax must be at least 1 epoch");
        assertThatThrownBy(() -> new LinearWarmup(0, LrLambda.constant())).hasMessageStartingWith("LinearWarmup: the warm-up needs at least 1 epoch");
        assertThatThrownBy(() -> new LinearWarmup(2, 0, LrLambda.constant())).hasMessageContaining("start factor must be in (0, 1]");
        LrScheduler scheduler = new LrScheduler(sgd(0.1), new StepLr(1, 0.5));
        assertThatThrownBy(() -> scheduler.loadStateDict(Map.of("last_epoch", Tensor.of(-1.0), "base_lr", Tensor.of(0.1))))
                .hasMessageContaining("entry 'last_epoch' is -1.0");
    }
}
