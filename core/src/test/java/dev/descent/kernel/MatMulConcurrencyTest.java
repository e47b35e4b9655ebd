package dev.descent.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Many threads multiplying at once while others change the settings. It runs in a fresh JVM: the
 * thread pool is created by the first products, and that start is where replacing a pool under
 * concurrent callers used to throw {@code RejectedExecutionException}.
 */
class MatMulConcurrencyTest {
    private static final long RUN_NANOS = 2_000_000_000L;
    private static final int CALLERS = 16;
    private static final int SETTERS = 4;

    /**
     * One product and its result computed on one thread beforehand. Products below
     * {@link MatMul#PARALLEL_MIN_VOLUME} are split into bands just as MatMul splits large ones: they
     * reach the thread pool as often and cost little while the JIT has not yet compiled the kernels.
     */
    private record Case(double[] a, boolean ta, double[] b, boolean tb, int m, int k, int n, double[] expected) {
        double[] run() {
            double[] c = new double[m * n];
            if ((long) m * k * n >= MatMul.PARALLEL_MIN_VOLUME) {
                MatMul.multiply(a, 0, ta, b, 0, tb, c, 0, m, k, n);
            } else {
                BlockedMatMulF64.multiplyParallel(BlockedMatMulF64.currentKernel(), Kernels.threads(),
                        a, 0, ta ? 1 : k, ta ? m : 1, b, 0, tb ? 1 : n, tb ? k : 1, c, 0, n, m, k, n);
            }
            return c;
        }
    }

    /** Entry point of the child JVM: prints the number of products and of failures, and the first failure. */
    public static void main(String[] args) throws Exception {
        // bands of rows and of columns, 2 to 16 of them (so helpers are asked for in every number), one large product
        int[][] shapes = {{203, 110, 197}, {40, 30, 41}, {9, 50, 60}, {70, 20, 17}, {23, 64, 23}, {12, 12, 130}};
        Random rng = new Random(11);
        Kernels.setThreads(1);
        List<Case> cases = new ArrayList<>();
        for (int[] s : shapes) {
            boolean ta = rng.nextBoolean();
            boolean tb = rng.nextBoolean();
            double[] a = Reference.random(rng, s[0] * s[1]);
            double[] b = Reference.random(rng, s[1] * s[2]);
            double[] sequential = new double[s[0] * s[2]];
            MatMul.multiply(a, 0, ta, b, 0, tb, sequential, 0, s[0], s[1], s[2]);
            cases.add(new Case(a, ta, b, tb, s[0], s[1], s[2], sequential));
        }
        Kernels.setThreads(16);

        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicLong products = new AtomicLong();
        CyclicBarrier start = new CyclicBarrier(CALLERS);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < CALLERS; t++) {
            Random own = new Random(100 + t);
            boolean setter = t < SETTERS;
            threads.add(new Thread(() -> {
                try {
                    start.await();
                    long deadline = System.nanoTime() + RUN_NANOS;
                    while (System.nanoTime() < deadline) {
                        if (setter) {
                            changeSettings(own);
                        }
                        Case c = cases.get(own.nextInt(cases.size()));
                        assertThat(c.run()).containsExactly(c.expected());
                        products.incrementAndGet();
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "matmul-caller-" + t));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        System.out.println("products=" + products + " failures=" + failures.size());
        if (!failures.isEmpty()) {
            failures.peek().printStackTrace(System.out);
            System.exit(1);
        }
    }

    /** Thread count and path: neither may change a result's bits (tiles are compared in MatMulReproducibilityTest). */
    private static void changeSettings(Random rng) {
        Kernels.setThreads(1 + rng.nextInt(16));
        if (Kernels.vectorApiAvailable()) {
            Kernels.setVectorApiEnabled(rng.nextInt(4) != 0);
        }
    }

    @Test
    void sixteenThreadsMultiplyingWhileOthersChangeTheSettingsGetTheSequentialBits() throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (Kernels.vectorApiAvailable()) {
            command.addAll(List.of("--add-modules", "jdk.incubator.vector"));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), MatMulConcurrencyTest.class.getName()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output).contains("failures=0").doesNotContain("products=0 ");
    }
}
