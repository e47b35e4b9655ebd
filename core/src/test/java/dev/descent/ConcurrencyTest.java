package dev.descent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.linear.LinearRegression;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;

/** Grad mode and the engine's scratch state are per thread or per graph: parallel training is safe. */
class ConcurrencyTest {
    private static double[] train(long seed) {
        Random rng = new Random(seed);
        Tensor x = Tensor.randn(rng, 100, 4);
        Tensor y = x.matmul(Tensor.randn(rng, 4)).add(Tensor.randn(rng, 100).mul(0.1));
        LinearRegression m = LinearRegression.gradientDescent(x, y, 0.05, 300);
        double[] w = m.weights().toArray();
        double[] out = java.util.Arrays.copyOf(w, w.length + 1);
        out[w.length] = m.bias();
        return out;
    }

    @Test
    void twoModelsTrainedAtOnceOnTwoThreadsMatchTheSequentialRuns() throws Exception {
        double[] first = train(1);
        double[] second = train(2);
        CyclicBarrier start = new CyclicBarrier(2);
        List<CompletableFuture<double[]>> runs = List.of(1L, 2L).stream()
                .map(seed -> CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return train(seed);
                }, r -> new Thread(r).start()))
                .toList();
        assertThat(runs.get(0).get()).containsExactly(first);
        assertThat(runs.get(1).get()).containsExactly(second);
    }

    @Test
    void aNoGradScopeOnOneThreadDoesNotStopAnotherThreadFromRecording() throws Exception {
        try (Scope s = NoGrad.scope()) {
            Tensor recorded = CompletableFuture.supplyAsync(() -> Tensor.of(2.0).requiresGrad(true).mul(3),
                    r -> new Thread(r).start()).get();
            assertThat(recorded.gradFn()).isEqualTo("mul");
        }
    }

    @Test
    void anomalyModeOnOneThreadDoesNotReachAnother() throws Exception {
        try (Scope s = Autograd.detectAnomaly()) {
            Tensor x = Tensor.of(0.0).requiresGrad(true);
            Tensor root = x.sqrt();
            // the other thread's graph is made without anomaly mode, so its NaN gradient is not an error there
            Tensor other = CompletableFuture.supplyAsync(() -> {
                Tensor y = Tensor.of(0.0).requiresGrad(true);
                y.sqrt().backward();
                return y.grad();
            }, r -> new Thread(r).start()).get();
            assertThat(other.item()).isInfinite();
            org.assertj.core.api.Assertions.assertThatThrownBy(root::backward).isInstanceOf(AnomalyException.class);
        }
    }

    @Test
    void concurrentGradientsThroughASharedWeightMatchTheSequentialOnes() throws Exception {
        Random rng = new Random(5);
        Tensor w = Tensor.randn(rng, 8, 8).mul(0.3).requiresGrad(true);
        List<Tensor> inputs = java.util.stream.IntStream.range(0, 8).mapToObj(i -> Tensor.randn(rng, 4, 8)).toList();
        java.util.function.IntFunction<double[]> gradient = i -> {
            Tensor h = inputs.get(i % inputs.size());
            for (int layer = 0; layer < 30; layer++) {
                h = h.matmul(w).tanh();
            }
            return Autograd.grad(h.sum(), List.of(w), false).get(0).toArray();
        };
        double[][] expected = new double[inputs.size()][];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = gradient.apply(i);
        }
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
            for (int call = 0; call < 1500; call++) {
                int i = call;
                results.add(pool.submit(() -> java.util.Arrays.equals(gradient.apply(i), expected[i % expected.length])));
            }
            int wrong = 0;
            for (var r : results) {
                wrong += r.get() ? 0 : 1;
            }
            assertThat(wrong).as("wrong gradients among 1500 concurrent calls").isZero();
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void backwardIntoOneSharedLeafFromTwoThreadsLosesNoAddition() throws Exception {
        Tensor w = Tensor.zeros(4).requiresGrad(true);
        int perThread = 25_000;
        Runnable work = () -> {
            for (int i = 0; i < perThread; i++) {
                w.mul(1.0).sum().backward();
            }
        };
        Thread a = new Thread(work);
        Thread b = new Thread(work);
        a.start();
        b.start();
        a.join();
        b.join();
        assertThat(w.grad().toArray()).containsOnly(2.0 * perThread);
    }
}
