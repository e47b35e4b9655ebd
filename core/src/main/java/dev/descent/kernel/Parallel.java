package dev.descent.kernel;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * Runs independent tasks on the calling thread plus helpers from one shared pool of daemon threads.
 * Tasks are claimed from a counter, so a helper that starts late (or a core that another process
 * slows down) simply takes fewer of them; which thread runs a task never changes its result.
 */
final class Parallel {
    private static final AtomicInteger THREAD_IDS = new AtomicInteger();
    private static volatile ForkJoinPool pool;

    private Parallel() {
    }

    /** Runs {@code task.accept(i)} for every {@code i < tasks}, on up to {@link Kernels#threads()} threads, and waits. */
    static void run(int tasks, IntConsumer task) {
        int helpers = Math.min(Kernels.threads(), tasks) - 1;
        if (helpers <= 0) {
            for (int i = 0; i < tasks; i++) {
                task.accept(i);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(tasks);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable worker = () -> {
            for (int i = next.getAndIncrement(); i < tasks; i = next.getAndIncrement()) {
                try {
                    task.accept(i);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    done.countDown();
                }
            }
        };
        ForkJoinPool p = pool(helpers);
        for (int h = 0; h < helpers; h++) {
            p.execute(worker);
        }
        worker.run();
        awaitUninterruptibly(done);
        Throwable t = failure.get();
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                // the tasks write into the caller's arrays: returning before they finish would race
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The shared pool, replaced by a larger one when more helpers are wanted than it has threads. */
    private static ForkJoinPool pool(int helpers) {
        ForkJoinPool p = pool;
        if (p == null || p.getParallelism() < helpers) {
            synchronized (Parallel.class) {
                p = pool;
                if (p == null || p.getParallelism() < helpers) {
                    ForkJoinPool old = p;
                    p = new ForkJoinPool(helpers, Parallel::newThread, null, false);
                    pool = p;
                    if (old != null) {
                        old.shutdown();
                    }
                }
            }
        }
        return p;
    }

    private static ForkJoinWorkerThread newThread(ForkJoinPool owner) {
        ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(owner);
        t.setDaemon(true);
        t.setName("descent-kernel-" + THREAD_IDS.incrementAndGet());
        return t;
    }
}
