package dev.descent.spark;

import dev.descent.DType;
import dev.descent.Tensor;
import dev.descent.nn.Architecture;
import dev.descent.train.DataParallel;
import dev.descent.train.Fitting;
import dev.descent.train.LossFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Puts the shards of a data-parallel run on a Spark cluster, one per partition, so that
 * {@link Fitting} (and {@code descent fit --spark}) trains there with everything the trainer
 * does on one machine: the result is the one {@link DataParallel#local} gives over the same shards.
 * The shards are sent from the driver; data too large for the driver go through
 * {@link SparkTrainer#fit(org.apache.spark.sql.Dataset, List, String, SparkTrainer.Options)} instead.
 *
 * <pre>{@code
 * try (SparkPlacement cluster = SparkPlacement.connect("spark://master:7077")) {
 *     FitConfig config = FitConfig.of("y", "mlp:16", LossFunction.MSE, OptimizerSpec.of("adam"), 20).withShards(4);
 *     FitResult result = Fitting.fit(config, table, List.of(), Fitting.Hooks.NONE.withPlacement(cluster));
 * }
 * }</pre>
 */
public final class SparkPlacement implements DataParallel.Placement, AutoCloseable {
    /**
     * The master URLs this placement starts an application on: local, local[N], local[*],
     * local[N,F] (F tries per task), and a standalone cluster's spark://HOST:PORT[,HOST:PORT...].
     * (YARN and Kubernetes need Spark modules that are not on this class path; go through
     * spark-submit for them.)
     */
    private static final Pattern MASTER = Pattern.compile(
            "local(\\[(\\*|[1-9]\\d{0,4})(,\\s*[1-9]\\d{0,4})?])?|spark://[^\\s,:/]+:\\d{1,5}(,[^\\s,:/]+:\\d{1,5})*");

    private final JavaSparkContext context;
    private final SparkSession owned;
    private final List<JavaRDD<Shard>> placed = new ArrayList<>();

    private SparkPlacement(JavaSparkContext context, SparkSession owned) {
        this.context = context;
        this.owned = owned;
    }

    /** Shards on the cluster of {@code context}, which the caller keeps and stops. */
    public static SparkPlacement on(JavaSparkContext context) {
        return new SparkPlacement(context, null);
    }

    /**
     * Starts a Spark application on {@code master} (its web UI off), stopped by {@link #close}. A
     * standalone master is first checked to answer on its port, since Spark itself gives up on an
     * unreachable one only after a minute of retries.
     *
     * @throws IllegalArgumentException when {@code master} is not a master URL this placement takes, or no
     *     standalone master answers at it
     * @throws IllegalStateException when Spark does not start
     */
    public static SparkPlacement connect(String master) {
        String url = master == null ? "" : master.strip();
        if (!MASTER.matcher(url).matches()) {
            throw new IllegalArgumentException("'" + master + "' is not a Spark master URL; use local[N] (N threads here,"
                    + " N at least 1) or spark://HOST:PORT (a standalone cluster)");
        }
        if (url.startsWith("spark://")) {
            requireReachable(url);
        }
        SparkSession session;
        try {
            session = SparkSession.builder().master(url).appName("descent fit").config("spark.ui.enabled", "false")
                    .getOrCreate();
        } catch (RuntimeException e) {
            throw new IllegalStateException("Spark did not start on " + url + ": " + firstLine(e.getMessage()), e);
        }
        return new SparkPlacement(JavaSparkContext.fromSparkContext(session.sparkContext()), session);
    }

    /** Refuses a standalone master URL none of whose masters accepts a connection within five seconds. */
    private static void requireReachable(String url) {
        List<String> failures = new ArrayList<>();
        for (String hostPort : url.substring("spark://".length()).split(",", -1)) {
            int colon = hostPort.lastIndexOf(':');
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.connect(new java.net.InetSocketAddress(hostPort.substring(0, colon),
                        Integer.parseInt(hostPort.substring(colon + 1))), 5000);
                return;
            } catch (java.io.IOException e) {
                failures.add(hostPort + " (" + firstLine(e.getMessage()) + ")");
            }
        }
        throw new IllegalArgumentException("no Spark master answers at " + String.join(", ", failures)
                + "; start it, or check the host and port");
    }

    private static String firstLine(String message) {
        return message == null ? "no reason given" : message.lines().findFirst().orElse("no reason given");
    }

    /** Whether the application has stopped (its master gave up, or {@link #close} stopped it). */
    public boolean stopped() {
        return context.sc().isStopped();
    }

    /** How many partitions Spark makes by default here: the cores of the cluster's executors, or N of local[N]. */
    public int defaultParallelism() {
        return context.defaultParallelism();
    }

    /**
     * Sends the shards to the cluster, one per partition, cached in memory and on disk until
     * {@link #close}.
     *
     * @throws IllegalArgumentException when the architecture has dropout
     */
    @Override
    public DataParallel.Shards place(List<Tensor[]> shards, LossFunction loss, Architecture architecture, DType dtype) {
        List<Shard> list = new ArrayList<>();
        for (int s = 0; s < shards.size(); s++) {
            Tensor features = shards.get(s)[0];
            int columns = features.shape().size(1);
            list.add(new Shard(s, features.toArray(), shards.get(s)[1].toArray(), columns));
        }
        // parallelize cuts a list of N elements into N slices of one element each, in order.
        JavaRDD<Shard> rdd = context.parallelize(list, list.size()).persist(StorageLevel.MEMORY_AND_DISK());
        placed.add(rdd);
        return new SparkShards(rdd, list.stream().mapToInt(Shard::rows).toArray(), architecture, loss, dtype);
    }

    /** Lets go of the placed shards, and stops the application when {@link #connect} started it. */
    @Override
    public void close() {
        placed.forEach(rdd -> rdd.unpersist(false));
        placed.clear();
        if (owned != null) {
            owned.stop();
        }
    }
}
