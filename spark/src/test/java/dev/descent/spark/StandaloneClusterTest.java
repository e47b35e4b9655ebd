package dev.descent.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.DType;
import dev.descent.nn.Architecture;
import dev.descent.optim.OptimizerSpec;
import dev.descent.train.DataParallel;
import dev.descent.train.LossFunction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Training on a real Spark standalone cluster that loses a worker during training: a master and
 * two workers (one core, so one executor, each) run as separate JVMs on 127.0.0.1, started from
 * Spark's own classes; the driver is this JVM. While {@link SparkTrainer#fit} runs, one worker and
 * its executor are killed forcibly (SIGKILL on Linux: no shutdown, no goodbye), and with them the
 * shards that executor had cached. Spark reruns the lost tasks on the other executor, which
 * recomputes the lost shards from their lineage, and training goes on there.
 *
 * <p>What this proves, beyond {@link SparkTrainerTest}'s {@code local[2,3]}: across separate JVMs
 * (parameters broadcast and partial sums returned over the network, shards cached in other
 * processes) and through the loss of an executor with its cached data, the trained parameters and
 * the epoch losses are bit for bit those of {@link DataParallel#fit} on one machine over the same
 * shards.
 *
 * <p>The child JVMs' output is in {@code target/standalone-cluster/} (each executor's in its
 * worker's folder); a failure prints its tail.
 */
class StandaloneClusterTest {
    private static final List<String> FEATURES = SparkRuns.FEATURES;
    /** 4 shards of 1,000 rows, 32 rows of each per step: 32 steps an epoch, a Spark job each. */
    private static final int ROWS = 4000;
    private static final int PARTITIONS = 4;
    private static final DataParallel.Options STEPS = new DataParallel.Options(2, 128, 11);
    /** The worker is killed as this job starts: after the check of the shards and 8 steps, during the 9th. */
    private static final int KILL_AT_JOB = 10;
    /** How long a JVM may take to start, and the driver to hear of a loss, on a loaded machine. */
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private static final Path DIR = Path.of("target", "standalone-cluster").toAbsolutePath();
    private static final List<Process> DAEMONS = new ArrayList<>();
    private static Process master;
    private static Process[] workers;
    private static SparkSession spark;

    @BeforeAll
    static void startCluster() throws IOException {
        deleteRecursively(DIR);
        // A Spark "installation" for the workers: the launcher that builds an executor's command
        // (AbstractCommandBuilder.buildClassPath) requires $SPARK_HOME/jars to exist, and
        // SPARK_SCALA_VERSION where $SPARK_HOME is no Spark build. The jars themselves come from
        // SPARK_DIST_CLASSPATH (see daemon), as in a Spark distribution without bundled dependencies.
        Files.createDirectories(DIR.resolve("spark-home").resolve("jars"));
        int masterPort = freePort();
        int masterUi = freePort();
        String masterUrl = "spark://127.0.0.1:" + masterPort;
        master = daemon("master", List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                "--port", String.valueOf(masterPort), "--webui-port", String.valueOf(masterUi)));
        workers = new Process[2];
        for (int i = 0; i < workers.length; i++) {
            String name = "worker-" + (i + 1);
            Files.createDirectories(DIR.resolve(name));
            // One core each: one executor per worker, so that killing a worker loses exactly one.
            workers[i] = daemon(name, List.of("org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                    "--cores", "1", "--memory", "512m", "--webui-port", String.valueOf(freePort()),
                    "--work-dir", DIR.resolve(name).toString(), masterUrl));
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI state = URI.create("http://127.0.0.1:" + masterUi + "/json/");
        // The driver starts while the workers still come up (the master gives a waiting application
        // executors on workers that register later): the JVMs' starts overlap.
        awaitOrFail("the master to be alive", DAEMONS, () -> "\"ALIVE\"".equals(masterSays(http, state, "status")));

        spark = SparkSession.builder().master(masterUrl).appName("descent-standalone-test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                // No more than a worker offers (512 MB), or the master never launches an executor.
                .config("spark.executor.memory", "512m")
                // Descent's kernels use the Vector API, an incubator module a JVM loads only when told to;
                // the rest are the flags Spark needs on JDK 17+ (Spark adds them to executors too).
                .config("spark.executor.extraJavaOptions", String.join(" ", childJvmFlags()))
                // The defaults bear the loss. A task running on the killed executor ends in an
                // ExecutorLostFailure and is rerun on the other; it counts against spark.task.maxFailures
                // (4) at most once, and not at all when the master reports the worker lost first. Nothing
                // is shuffled, so no stage fails on a fetch. The master's spark.deploy.maxExecutorRetries
                // counts executors that fail on live workers, which a lost worker's are not.
                .getOrCreate();
        // getOrCreate would return another test class's session, with its master, were it still running.
        assertThat(spark.sparkContext().master()).isEqualTo(masterUrl);
        spark.sparkContext().setLogLevel("ERROR");
        awaitOrFail("the master to report 2 alive workers", DAEMONS,
                () -> "2".equals(masterSays(http, state, "aliveworkers")));
        // Both executors up before training, so that both cache shards and the killed one takes some along.
        awaitOrFail("2 executors to register with the driver", DAEMONS,
                () -> spark.sparkContext().statusTracker().getExecutorInfos().length == 3); // and the driver
    }

    @AfterAll
    static void stopCluster() {
        try {
            if (spark != null) {
                spark.stop();
            }
        } finally {
            DAEMONS.forEach(p -> kill(p.toHandle()));
        }
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aWorkerKilledDuringTrainingLeavesTheBitsOfTheSameRunOnOneMachine() throws InterruptedException {
        Dataset<Row> data = data();
        SparkTrainer.Options options = new SparkTrainer.Options(
                Architecture.parse("mlp:16;in=3;out=1;activation=tanh;dropout=0.0"), LossFunction.MSE,
                OptimizerSpec.of("adam").withLearningRate(0.01), DType.FLOAT64, STEPS, 3);
        Progress progress = new Progress();
        spark.sparkContext().addSparkListener(progress);

        Process victim = workers[0];
        AtomicBoolean fitReturned = new AtomicBoolean();
        AtomicBoolean killedDuringFit = new AtomicBoolean();
        AtomicInteger executorsKilled = new AtomicInteger(-1);
        AtomicInteger jobsAtKill = new AtomicInteger(-1);
        Thread killer = new Thread(() -> {
            try {
                if (!progress.killNow.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
            // The executor JVM is the worker's child: found before the worker dies and orphans it.
            List<ProcessHandle> executors = victim.descendants().toList();
            killedDuringFit.set(!fitReturned.get());
            jobsAtKill.set(progress.jobsEnded.get());
            // The worker first, so that it cannot report its executor's end and be given another one.
            kill(victim.toHandle());
            executors.forEach(StandaloneClusterTest::kill);
            executorsKilled.set(executors.size());
        }, "kill-a-worker");
        killer.setDaemon(true);
        killer.start();

        SparkTrainer.Result result;
        try {
            result = SparkTrainer.fit(data, FEATURES, "y", options);
        } catch (RuntimeException e) {
            throw new AssertionError("training on the cluster failed\n" + logs(), e);
        } finally {
            fitReturned.set(true);
        }
        killer.join(PATIENCE.toMillis());

        assertThat(killedDuringFit).as(() -> "killed while fit ran\n" + logs()).isTrue();
        assertThat(executorsKilled).as(() -> "executor JVMs killed with the worker\n" + logs()).hasValue(1);
        assertThat(victim.isAlive()).isFalse();
        assertThat(workers[1].isAlive()).as(() -> "the other worker lives\n" + logs()).isTrue();
        // A worker's executors are its work folder's subfolders (<application>/<executor id>).
        List<String> lost = executorsOf(DIR.resolve("worker-1"));
        List<String> left = executorsOf(DIR.resolve("worker-2"));
        assertThat(lost).as(() -> "the executors of the killed worker\n" + logs()).hasSize(1);
        assertThat(left).as(() -> "the executors of the other worker\n" + logs()).hasSize(1);
        // The driver heard of the loss (its listener bus may still be delivering the news).
        awaitOrFail("the driver to remove the killed executor", List.of(master, workers[1]),
                () -> progress.removed.contains(lost.get(0)));
        assertThat(progress.removed).containsExactly(lost.get(0));
        // The lost executor had run tasks (and cached their shards); the other then ran all four shards,
        // recomputing the lost ones, for many more steps.
        assertThat(progress.partitionsBy.get(lost.get(0))).as("partitions the lost executor ran").isNotEmpty();
        assertThat(progress.partitionsBy.get(left.get(0))).as("partitions the other executor ran")
                .containsExactlyInAnyOrder(0, 1, 2, 3);
        assertThat(progress.jobsEnded.get() - jobsAtKill.get()).as("jobs ended after the kill").isGreaterThan(40);

        SparkRuns.Reference reference = SparkRuns.onOneMachine(data, options);
        assertThat(DataParallel.parameterValues(result.model())).isEqualTo(reference.parameters());
        assertThat(result.epochLosses()).containsExactly(reference.losses());
        assertThat(result.epochLosses()[1]).isLessThan(result.epochLosses()[0]);
    }

    /** What the driver hears of the run: jobs, the partitions each executor ran, executors lost. */
    private static final class Progress extends SparkListener {
        final CountDownLatch killNow = new CountDownLatch(KILL_AT_JOB);
        final AtomicInteger jobsEnded = new AtomicInteger();
        final Map<String, Set<Integer>> partitionsBy = new ConcurrentHashMap<>();
        final Set<String> removed = ConcurrentHashMap.newKeySet();

        @Override
        public void onJobStart(SparkListenerJobStart start) {
            killNow.countDown();
        }

        @Override
        public void onJobEnd(SparkListenerJobEnd end) {
            jobsEnded.incrementAndGet();
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd end) {
            partitionsBy.computeIfAbsent(end.taskInfo().executorId(), id -> ConcurrentHashMap.newKeySet())
                    .add(end.taskInfo().partitionId());
        }

        @Override
        public void onExecutorRemoved(SparkListenerExecutorRemoved removal) {
            removed.add(removal.executorId());
        }
    }

    /** {@link #ROWS} rows in {@link #PARTITIONS} partitions of the driver's data: a lost partition is recomputed from it. */
    private static Dataset<Row> data() {
        return SparkRuns.data(spark, ROWS, PARTITIONS, false);
    }

    /**
     * The flags of the cluster's JVMs, those this JVM runs with (the Vector API's and Spark's), which
     * Surefire passes from the module's pom.
     */
    private static List<String> childJvmFlags() {
        String flags = System.getProperty("descent.cluster.jvmFlags");
        if (flags == null || flags.isBlank()) {
            throw new IllegalStateException("descent.cluster.jvmFlags is not set; run this test with Maven, whose"
                    + " Surefire configuration in spark/pom.xml sets it");
        }
        return List.of(flags.trim().split("\\s+"));
    }

    /** Starts a Spark daemon in a JVM of its own, with this JVM's java and class path; its output to a file. */
    private static Process daemon(String name, List<String> mainAndArgs) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // The daemons only coordinate: a small heap, the quick compiler and one GC thread keep them from
        // competing with the executors and the driver for the cores.
        command.addAll(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        command.addAll(childJvmFlags());
        // Spark's INFO logging for the daemons (the test class path's log4j2.properties would keep them to
        // errors): who registered, which executor was launched with which command, what was lost.
        command.add("-Dlog4j2.configurationFile=org/apache/spark/log4j2-defaults.properties");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.addAll(mainAndArgs);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(DIR.resolve(name + ".log").toFile());
        Map<String, String> env = builder.environment();
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("SPARK_HOME", DIR.resolve("spark-home").toString());
        env.put("SPARK_SCALA_VERSION", "2.13");
        // The executors' class path: this JVM's (Spark, Descent and the tests), which the workers run on too.
        env.put("SPARK_DIST_CLASSPATH", System.getProperty("java.class.path"));
        // The executors' java, which the launcher takes from $JAVA_HOME first: this JVM's, for the same bits.
        env.put("JAVA_HOME", System.getProperty("java.home"));
        Process p = builder.start();
        DAEMONS.add(p);
        return p;
    }

    /** The ids of the executors a worker launched: its work folder's folders {@code <application>/<executor id>}. */
    private static List<String> executorsOf(Path workDir) {
        List<String> ids = new ArrayList<>();
        try (Stream<Path> apps = Files.list(workDir)) {
            for (Path app : apps.filter(Files::isDirectory).toList()) {
                try (Stream<Path> executors = Files.list(app)) {
                    executors.filter(Files::isDirectory).forEach(e -> ids.add(e.getFileName().toString()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ids;
    }

    /** Kills {@code process} and what it started (SIGKILL: no shutdown hooks, no goodbyes), and waits for them. */
    private static void kill(ProcessHandle process) {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        Stream.concat(Stream.of(process), children.stream()).forEach(p -> {
            try {
                p.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // Gone already, or not yet reaped by the kernel: nothing more to do from here.
            }
        });
    }

    /** The value of {@code key} in the master's state (its web UI's JSON), or "" while it cannot say. */
    private static String masterSays(HttpClient http, URI state, String key) {
        try {
            String body = http.send(HttpRequest.newBuilder(state).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*(\"[^\"]*\"|\\d+)").matcher(body);
            return m.find() ? m.group(1) : "";
        } catch (IOException e) {
            return ""; // the web UI not up yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /**
     * Polls {@code ready} until it holds; fails with the logs when it does not within {@link #PATIENCE},
     * or one of {@code mustLive} dies.
     */
    private static void awaitOrFail(String what, List<Process> mustLive, BooleanSupplier ready) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!ready.getAsBoolean()) {
            if (mustLive.stream().anyMatch(p -> !p.isAlive())) {
                throw new AssertionError("a Spark daemon died while waiting for " + what + "\n" + logs());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + PATIENCE.toSeconds() + " s for " + what + "\n" + logs());
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The last lines of every log under {@link #DIR}: the daemons', and the executors' stdout and stderr. */
    private static String logs() {
        StringBuilder out = new StringBuilder();
        try (Stream<Path> files = Files.walk(DIR)) {
            for (Path f : files.filter(Files::isRegularFile)
                    .filter(f -> f.toString().endsWith(".log") || f.endsWith("stderr") || f.endsWith("stdout"))
                    .sorted().toList()) {
                List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                out.append("---- ").append(DIR.relativize(f)).append(" (last 30 of ").append(lines.size())
                        .append(" lines)\n");
                for (String line : lines.subList(Math.max(0, lines.size() - 30), lines.size())) {
                    // Cut the launch commands, which spell out the whole class path.
                    out.append(line.length() > 400 ? line.substring(0, 400) + " […]" : line).append('\n');
                }
            }
        } catch (IOException | UncheckedIOException e) {
            out.append("(logs unreadable: ").append(e).append(")\n");
        }
        return out.toString();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
