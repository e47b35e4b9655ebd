package dev.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.DType;
import dev.descent.Tensor;
import dev.descent.nn.BatchNorm1d;
import dev.descent.nn.Dropout;
import dev.descent.nn.LayerNorm;
import dev.descent.nn.Linear;
import dev.descent.nn.Loss;
import dev.descent.nn.Module;
import dev.descent.nn.ReLU;
import dev.descent.nn.Sequential;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Training in float32 as in PyTorch: a model cast with {@code to(FLOAT32)} and float32 inputs train
 * with every optimizer, everything the run touches (activations, gradients, optimizer state) stays
 * float32, and the run follows the float64 run from the same start.
 */
class Float32TrainingTest {
    private static final DType F32 = DType.FLOAT32;

    /** XOR-like quadrants: class 1 where the signs of the two coordinates differ. */
    private static final Tensor X = Tensor.uniform(new Random(2), -1, 1, 200, 2);
    private static final Tensor Y = X.slice(1, 0, 1).mul(X.slice(1, 1, 2)).lt(0.0).reshape(-1);

    private static Module model() {
        Random rng = new Random(3);
        return new Sequential(new Linear(2, 16, rng), new BatchNorm1d(16), new ReLU(), new Dropout(0.1, rng),
                new Linear(16, 16, rng), new LayerNorm(16), new ReLU(), new Linear(16, 2, rng));
    }

    static Stream<Arguments> optimizers() {
        return Stream.of(
                Arguments.of("Sgd with momentum", (Function<List<Tensor>, Optimizer>)
                        p -> new Sgd(p, Sgd.Options.lr(0.2).withMomentum(0.9).withWeightDecay(1e-4))),
                Arguments.of("Sgd with Nesterov momentum", (Function<List<Tensor>, Optimizer>)
                        p -> new Sgd(p, Sgd.Options.lr(0.2).withMomentum(0.9).withNesterov(true))),
                Arguments.of("Adam", (Function<List<Tensor>, Optimizer>)
                        p -> new Adam(p, Adam.Options.lr(0.02).withAmsgrad(true))),
                Arguments.of("AdamW", (Function<List<Tensor>, Optimizer>) p -> new AdamW(p, AdamW.lr(0.02))),
                Arguments.of("RmsProp", (Function<List<Tensor>, Optimizer>)
                        p -> new RmsProp(p, RmsProp.Options.lr(0.005).withMomentum(0.5).withCentered(true))),
                Arguments.of("Adagrad", (Function<List<Tensor>, Optimizer>) p -> new Adagrad(p, Adagrad.Options.lr(0.1))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void aFloat32ModelTrainsAndEverythingStaysFloat32(String name, Function<List<Tensor>, Optimizer> make) {
        Module model = model().to(F32);
        Optimizer optimizer = make.apply(model.parameters());
        Tensor x = X.to(F32);
        double first = Double.NaN;
        double last = Double.NaN;
        for (int epoch = 0; epoch < 150; epoch++) {
            Tensor loss = Loss.crossEntropy(model.forward(x), Y);
            assertThat(loss.dtype()).isEqualTo(F32);
            optimizer.zeroGrad();
            loss.backward();
            GradClip.clipGradNorm(model.parameters(), 10.0);
            optimizer.step();
            first = epoch == 0 ? loss.item() : first;
            last = loss.item();
        }
        assertThat(last).as("loss after 150 epochs, from " + first).isLessThan(0.3);
        for (Tensor p : model.parameters()) {
            assertThat(p.dtype()).isEqualTo(F32);
            assertThat(p.grad().dtype()).isEqualTo(F32);
        }
        assertThat(model.stateDict().values()).allSatisfy(t -> assertThat(t.dtype()).isEqualTo(F32));
        Map<String, Tensor> state = optimizer.stateDict();
        assertThat(state.entrySet().stream().filter(e -> e.getKey().startsWith("state.") && !e.getKey().endsWith(".step")))
                .as("optimizer buffers").isNotEmpty()
                .allSatisfy(e -> assertThat(e.getValue().dtype()).as(e.getKey()).isEqualTo(F32));
        model.eval();
        Tensor correct = model.forward(x).argmax(1, false).eq(Y);
        assertThat(correct.mean().item()).isGreaterThan(0.9);
    }

    @Test
    void float32TrainingFollowsFloat64TrainingFromTheSameStart() {
        // Both start from the float32-rounded weights; then only the arithmetic differs. Each of the 20
        // steps rounds every value a few times, so the weights may part by some ε₃₂ per step, amplified
        // by the momentum (Σ 0.9^k ≤ 10) and the network: 1e-4 relative to the largest weight is
        // about 2·10³·ε₃₂ and is still far below the change the training makes (checked below).
        Module m64 = model().to(F32).to(DType.FLOAT64);
        Module m32 = model().to(F32);
        Optimizer o64 = new Sgd(m64.parameters(), Sgd.Options.lr(0.1).withMomentum(0.9));
        Optimizer o32 = new Sgd(m32.parameters(), Sgd.Options.lr(0.1).withMomentum(0.9));
        m64.eval();
        m32.eval();
        for (int step = 0; step < 20; step++) {
            for (var run : List.of(Map.entry(m64, o64), Map.entry(m32, o32))) {
                Tensor loss = Loss.crossEntropy(run.getKey().forward(X.to(run.getKey().parameters().get(0).dtype())), Y);
                run.getValue().zeroGrad();
                loss.backward();
                run.getValue().step();
            }
        }
        Module start = model();
        List<Tensor> p64 = m64.parameters();
        List<Tensor> p32 = m32.parameters();
        for (int i = 0; i < p64.size(); i++) {
            double scale = p64.get(i).abs().max().item();
            double diff = p64.get(i).sub(p32.get(i).to(DType.FLOAT64)).abs().max().item();
            double moved = p64.get(i).sub(start.parameters().get(i)).abs().max().item();
            assertThat(diff).as("parameter " + i).isLessThanOrEqualTo(1e-4 * scale);
            assertThat(moved).as("how far training moved parameter " + i).isGreaterThan(100 * diff);
        }
    }

    @Test
    void optimizerStateLoadedFromFloat64KeepsTheParametersType() {
        Tensor p = Tensor.ones(F32, 3).requiresGrad(true);
        Sgd sgd = new Sgd(List.of(p), Sgd.Options.lr(0.1).withMomentum(0.9));
        p.mul(Tensor.of(1.0, 2.0, 3.0)).sum().backward();
        sgd.step();
        Map<String, Tensor> state = new java.util.LinkedHashMap<>(sgd.stateDict());
        state.replaceAll((k, v) -> v.to(DType.FLOAT64));
        Tensor q = Tensor.ones(F32, 3).requiresGrad(true);
        Sgd resumed = new Sgd(List.of(q), Sgd.Options.lr(0.1).withMomentum(0.9));
        resumed.loadStateDict(state);
        assertThat(resumed.stateDict().get("state.0.momentum_buffer").dtype()).isEqualTo(F32);
        assertThat(resumed.stateDict().get("state.0.momentum_buffer").toArray()).containsExactly(1.0, 2.0, 3.0);
    }
}
