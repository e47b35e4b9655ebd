package dev.descent.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.Backend;
import dev.descent.Tensor;
import dev.descent.optim.OptimizerSpec;
import dev.descent.optim.schedule.ScheduleSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Sixteen threads at once: matrix products, whole training runs through {@link Fitting} and changes
 * of {@link Backend#setThreads} (and of the Vector API path) while the others compute. Every result
 * must have the bits of the same work done alone on one thread. It runs for a few seconds;
 * {@code -Ddescent.concurrency.seconds=60} runs it for a minute.
 */
class ConcurrentTrainingTest {
    private static final int THREADS = 16;
    private static final int SETTERS = 3;

    /** A piece of work and the bits it gave alone. */
    private record Work(String name, Supplier<double[]> run, double[] expected) {
        static Work of(String name, Supplier<double[]> run) {
            return new Work(name, run, run.get());
        }

        void check() {
            double[] got = run.get();
            if (!Arrays.equals(got, expected)) {
                throw new AssertionError(name + " gave other bits when run alongside the others");
            }
        }
    }

    private static double[] product(long seed, int m, int k, int n) {
        Random rng = new Random(seed);
        return Tensor.randn(rng, m, k).matmul(Tensor.randn(rng, k, n)).toArray();
    }

    /** A whole run; its weights and the history's losses, in one array. */
    private static double[] training(FitConfig config, Tensor x, Tensor y) {
        FitResult result = Fitting.fit(config, x, y, List.of(), Fitting.Hooks.NONE);
        List<Double> all = new ArrayList<>();
        result.model().stateDict().values().forEach(t -> Arrays.stream(t.toArray()).forEach(all::add));
        Arrays.stream(result.history().train(Metric.LOSS)).forEach(all::add);
        return all.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static List<Work> work() {
        Random rng = new Random(7);
        List<String> names = IntStream.range(0, 64).mapToObj(i -> "x" + i).toList();
        Tensor wide = Tensor.randn(rng, 512, 64);
        Tensor wideTarget = wide.matmul(Tensor.randn(rng, 64)).add(Tensor.randn(rng, 512).mul(0.1));
        Tensor blobs = Tensor.randn(rng, 300, 8);
        Tensor classes = Tensor.of(IntStream.range(0, 300).mapToDouble(i -> i % 3).toArray());
        Tensor labelled = blobs.add(classes.reshape(300, 1).mul(1.5));
        List<String> eight = names.subList(0, 8);
        return List.of(
                Work.of("matmul 203x110x197", () -> product(1, 203, 110, 197)),
                Work.of("matmul 40x300x41", () -> product(2, 40, 300, 41)),
                Work.of("matmul 170x170x170", () -> product(3, 170, 170, 170)),
                // 512x64 rows through a 160-unit layer: products past the size that splits them over threads
                Work.of("full-batch regression", () -> training(FitConfig.of("y", "mlp:160", LossFunction.MSE,
                        OptimizerSpec.of("sgd").withLearningRate(0.01), 4).withFeatures(names)
                        .withMethod(FitConfig.Method.GD, 512), wide, wideTarget)),
                Work.of("mini-batch classifier", () -> training(FitConfig.of("class", "mlp:32,16", LossFunction.CROSS_ENTROPY,
                        OptimizerSpec.of("adam"), 3).withFeatures(eight).withSchedule(new ScheduleSpec("cosine", 1))
                        .withActivation(dev.descent.nn.Architecture.Activation.RELU, 0.2).withTestFraction(0.2)
                        .withSeed(3), labelled, classes)));
    }

    @Test
    void sixteenThreadsOfProductsTrainingAndThreadSettingsGiveTheSequentialBits() throws Exception {
        long nanos = (long) (Double.parseDouble(System.getProperty("descent.concurrency.seconds", "3")) * 1e9);
        int threadsBefore = Backend.threads();
        boolean vectorBefore = Backend.vectorApiEnabled();
        try {
            Backend.setThreads(1);
            List<Work> work = work();
            Backend.setThreads(THREADS);
            ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
            AtomicLong done = new AtomicLong();
            CyclicBarrier start = new CyclicBarrier(THREADS);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                Random own = new Random(100 + t);
                boolean setter = t < SETTERS;
                threads.add(new Thread(() -> {
                    try {
                        start.await();
                        long deadline = System.nanoTime() + nanos;
                        while (System.nanoTime() < deadline && failures.isEmpty()) {
                            if (setter) {
                                Backend.setThreads(1 + own.nextInt(THREADS));
                                if (vectorBefore) {
                                    Backend.setVectorApiEnabled(own.nextInt(4) != 0);
                                }
                            }
                            work.get(own.nextInt(work.size())).check();
                            done.incrementAndGet();
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }, "concurrent-" + t));
            }
            threads.forEach(Thread::start);
            for (Thread t : threads) {
                t.join();
            }
            assertThat(failures).as("failures").isEmpty();
            assertThat(done.get()).as("pieces of work done").isGreaterThanOrEqualTo(THREADS);
        } finally {
            Backend.setThreads(threadsBefore);
            if (vectorBefore) {
                Backend.setVectorApiEnabled(true);
            }
        }
    }
}
