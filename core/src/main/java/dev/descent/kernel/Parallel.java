package dev.descent.kernel;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * Runs independent tasks on the calling thread plus helpers from one shared pool of daemon threads.
 * Tasks are claimed from a counter, so a helper that starts late (or a core that another process
 * slows down) simply takes fewer of them; which thread runs a task never changes its result.
 *
 * <p>The pool is made once and never replaced or shut down, so callers on any number of threads can
 * submit at any time, whatever {@link Kernels#setThreads} is set to meanwhile. It has at most one
 * helper per processor beyond the caller ({@link #MAX_HELPERS}): more would only take turns on the
 * same cores. A caller never waits for a helper to start: it runs tasks itself until none are left,
 * then waits only for the tasks that helpers have already claimed. So a busy pool slows products
 * down but cannot deadlock them, and helpers that start after the work is done find nothing to do.
 */
final class Parallel {
    /** Helper threads at most: one per processor beyond the caller, and at least one. */
    static final int MAX_HELPERS = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
    private static final AtomicInteger THREAD_IDS = new AtomicInteger();
    private static final ThreadPoolExecutor POOL = newPool();

    private Parallel() {
    }

    /** Runs {@code task.accept(i)} for every {@code i < tasks}, on up to {@link Kernels#threads()} threads, and waits. */
    static void run(int tasks, IntConsumer task) {
        int helpers = Math.min(Math.min(Kernels.threads(), tasks) - 1, MAX_HELPERS);
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
        for (int h = 0; h < helpers; h++) {
            POOL.execute(worker);
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

    /**
     * The shared pool: {@link #MAX_HELPERS} threads at most, started on demand and ended after a minute
     * idle; an unbounded queue, so it never rejects a task (it is never shut down either).
     */
    private static ThreadPoolExecutor newPool() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(MAX_HELPERS, MAX_HELPERS, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), Parallel::newThread);
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private static Thread newThread(Runnable r) {
        Thread t = new Thread(r, "descent-kernel-" + THREAD_IDS.incrementAndGet());
        t.setDaemon(true);
        return t;
    }
}
