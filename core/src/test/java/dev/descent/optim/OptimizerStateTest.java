package dev.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.Tensor;
import dev.descent.optim.schedule.LrScheduler;
import dev.descent.optim.schedule.StepLr;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OptimizerStateTest {
    static Stream<Arguments> optimizers() {
        return Stream.of(
                Arguments.of("sgd with nesterov", (Function<List<Tensor>, Optimizer>) p ->
                        new Sgd(p, Sgd.Options.lr(0.05).withMomentum(0.9).withNesterov(true).withWeightDecay(0.01))),
                Arguments.of("sgd with dampening", (Function<List<Tensor>, Optimizer>) p ->
                        new Sgd(p, Sgd.Options.lr(0.05).withMomentum(0.5).withDampening(0.3))),
                Arguments.of("adam with amsgrad", (Function<List<Tensor>, Optimizer>) p ->
                        new Adam(p, Adam.Options.lr(0.05).withAmsgrad(true).withWeightDecay(0.01))),
                Arguments.of("adamw", (Function<List<Tensor>, Optimizer>) p -> new AdamW(p, AdamW.lr(0.05))),
                Arguments.of("centred rmsprop", (Function<List<Tensor>, Optimizer>) p ->
                        new RmsProp(p, RmsProp.Options.lr(0.01).withMomentum(0.9).withCentered(true))),
                Arguments.of("adagrad", (Function<List<Tensor>, Optimizer>) p ->
                        new Adagrad(p, Adagrad.Options.lr(0.1).withLrDecay(0.1).withInitialAccumulatorValue(0.1))));
    }

    private static Tensor[] start() {
        return new Tensor[] {
            Tensor.of(new double[][] {{0.5, -1.5, 2.0}, {1.0, 0.25, -0.75}}).requiresGrad(true),
            Tensor.of(3.0, -4.0).requiresGrad(true)};
    }

    /** One step on a loss whose gradient depends on the parameters; the second parameter only takes part on even steps. */
    private static void trainStep(Tensor[] p, Optimizer optimizer, LrScheduler scheduler, int step) {
        Tensor loss = p[0].sub(Tensor.of(1.0, 2.0, 3.0)).pow(4).sum().add(p[0].sum().square());
        if (step % 2 == 0) {
            loss = loss.add(p[1].mul(p[0].sum(1)).square().sum());
        }
        loss.backward();
        optimizer.step();
        optimizer.zeroGrad();
        scheduler.step();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void anOptimizerRestoredFromItsStateDictContinuesBitForBit(String name, Function<List<Tensor>, Optimizer> make) {
        Tensor[] straight = start();
        Optimizer o = make.apply(List.of(straight));
        LrScheduler s = new LrScheduler(o, new StepLr(2, 0.5));
        for (int step = 0; step < 5; step++) {
            trainStep(straight, o, s, step);
        }

        Tensor[] first = start();
        Optimizer o1 = make.apply(List.of(first));
        LrScheduler s1 = new LrScheduler(o1, new StepLr(2, 0.5));
        for (int step = 0; step < 2; step++) {
            trainStep(first, o1, s1, step);
        }
        Map<String, Tensor> optimizerState = o1.stateDict();
        Map<String, Tensor> schedulerState = s1.stateDict();

        Tensor[] resumed = {first[0].detach().clone().requiresGrad(true), first[1].detach().clone().requiresGrad(true)};
        Optimizer o2 = make.apply(List.of(resumed));
        LrScheduler s2 = new LrScheduler(o2, new StepLr(2, 0.5));
        o2.loadStateDict(optimizerState);
        s2.loadStateDict(schedulerState);
        for (int step = 2; step < 5; step++) {
            trainStep(resumed, o2, s2, step);
        }
        assertThat(resumed[0].toArray()).containsExactly(straight[0].toArray());
        assertThat(resumed[1].toArray()).containsExactly(straight[1].toArray());
        assertThat(o2.stateDict().keySet()).containsExactlyElementsOf(o.stateDict().keySet());
        assertThat(o2.stepCount(1)).isEqualTo(o.stepCount(1)).isEqualTo(3);
    }

    @Test
    void theStateDictIsACopyNamedAsPyTorchNamesTheBuffers() {
        Tensor p = Tensor.of(1.0, 2.0).requiresGrad(true);
        Adam adam = new Adam(List.of(p), Adam.Options.lr(0.1));
        p.square().sum().backward();
        adam.step();
        Map<String, Tensor> state = adam.stateDict();
        assertThat(state.keySet()).containsExactly("lr", "state.0.step", "state.0.exp_avg", "state.0.exp_avg_sq");
        assertThat(state.get("state.0.step").item()).isEqualTo(1.0);
        double[] before = state.get("state.0.exp_avg").toArray();
        adam.step();
        assertThat(state.get("state.0.exp_avg").toArray()).containsExactly(before);
    }

    @Test
    void aStateOfAnotherShapeOrOptimizerIsRejectedAndChangesNothing() {
        Tensor p = Tensor.of(1.0, 2.0).requiresGrad(true);
        Adam adam = new Adam(List.of(p), Adam.Options.lr(0.1));
        p.square().sum().backward();
        adam.step();
        Map<String, Tensor> good = adam.stateDict();

        Tensor q = Tensor.of(1.0, 2.0, 3.0).requiresGrad(true);
        Adam other = new Adam(List.of(q), Adam.Options.lr(0.3));
        assertThatThrownBy(() -> other.loadStateDict(good)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Adam.loadStateDict: entry 'state.0.exp_avg' has shape [2] but parameter 0 has shape [3];"
                        + " the state belongs to different parameters");
        assertThat(other.learningRate()).isEqualTo(0.3);
        assertThat(other.stepCount(0)).isZero();

        Sgd sgd = new Sgd(List.of(p), Sgd.Options.lr(0.1).withMomentum(0.9));
        assertThatThrownBy(() -> sgd.loadStateDict(good))
                .hasMessageStartingWith("Sgd.loadStateDict: unknown buffer 'exp_avg' in entry 'state.0.exp_avg'");

        Map<String, Tensor> noLr = new LinkedHashMap<>(good);
        noLr.remove("lr");
        assertThatThrownBy(() -> adam.loadStateDict(noLr)).hasMessageContaining("entry 'lr' is missing");
        Map<String, Tensor> extra = new LinkedHashMap<>(good);
        extra.put("state.1.step", Tensor.of(1.0));
        assertThatThrownBy(() -> adam.loadStateDict(extra)).hasMessageContaining("unknown entry 'state.1.step'");
        Map<String, Tensor> noStep = new LinkedHashMap<>(good);
        noStep.remove("state.0.step");
        assertThatThrownBy(() -> adam.loadStateDict(noStep)).hasMessageContaining("entry 'state.0.step' is missing");
    }

    @Test
    void theLearningRateMayBeSetToZeroButNotBelow() {
        Tensor p = Tensor.of(1.0).requiresGrad(true);
        Sgd sgd = new Sgd(List.of(p), Sgd.Options.lr(0.1));
        sgd.setLearningRate(0);
        assertThat(sgd.learningRate()).isZero();
        assertThatThrownBy(() -> sgd.setLearningRate(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Sgd: learning rate must be finite and not negative, got -1.0");
    }
}
