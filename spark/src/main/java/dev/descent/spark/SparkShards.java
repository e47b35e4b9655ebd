package dev.descent.spark;

import dev.descent.DType;
import dev.descent.Tensor;
import dev.descent.nn.Architecture;
import dev.descent.nn.Module;
import dev.descent.train.DataParallel;
import dev.descent.train.LossFunction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Shards held by a Spark cluster, one per partition: at each step the driver broadcasts the
 * parameters, one job computes every partition's sums over its share of the batch (on a replica
 * of the network), and the driver puts them in partition order. Workers keep nothing between
 * steps but the data and each shard's order for the epoch.
 */
public final class SparkShards implements DataParallel.Shards {
    private final JavaRDD<Shard> shards;
    private final int[] sizes;
    private final String architecture;
    private final LossFunction loss;
    private final DType dtype;

    /** Shards whose partition p holds shard p of {@code sizes[p]} rows, as the caller made them. */
    SparkShards(JavaRDD<Shard> shards, int[] sizes, Architecture architecture, LossFunction loss, DType dtype) {
        DataParallel.check(architecture);
        this.shards = shards;
        this.sizes = sizes;
        this.architecture = architecture.describe();
        this.loss = loss;
        this.dtype = dtype;
    }

    /**
     * The shards of {@code shards} (one per partition, as {@link SparkTrainer#shards} makes them)
     * for a network of {@code architecture} trained with {@code loss} in {@code dtype}. Runs one job
     * to count each partition's rows; cache the RDD first, or it is computed again at every step.
     *
     * @throws IllegalArgumentException when a partition does not hold exactly one shard of its own
     *     index, or the architecture has dropout
     */
    public static SparkShards of(JavaRDD<Shard> shards, Architecture architecture, LossFunction loss, DType dtype) {
        DataParallel.check(architecture); // before the job
        int count = shards.getNumPartitions();
        int[] rows = new int[count];
        int[] held = new int[count];
        for (int[] found : shards.mapPartitionsWithIndex((index, it) -> {
            List<int[]> out = new ArrayList<>();
            it.forEachRemaining(s -> out.add(new int[] {index, s.index(), s.rows()}));
            return out.iterator();
        }, true).collect()) {
            if (found[0] != found[1]) {
                throw new IllegalArgumentException("Spark: partition " + found[0] + " holds the shard of partition "
                        + found[1] + "; make the shards with SparkTrainer.shards");
            }
            rows[found[0]] = found[2];
            held[found[0]]++;
        }
        for (int i = 0; i < count; i++) {
            if (held[i] != 1) {
                throw new IllegalArgumentException("Spark: partition " + i + " holds " + held[i] + " shards, not"
                        + " one; make the shards with SparkTrainer.shards");
            }
        }
        return new SparkShards(shards, rows, architecture, loss, dtype);
    }

    @Override
    public int[] sizes() {
        return sizes.clone();
    }

    @Override
    public List<DataParallel.Partial> partials(Module model, int epoch, int step, DataParallel.Options options) {
        JavaSparkContext context = JavaSparkContext.fromSparkContext(shards.context());
        Broadcast<double[][]> parameters = context.broadcast(DataParallel.parameterValues(model));
        int count = sizes.length;
        String description = architecture;
        LossFunction lossFunction = loss;
        DType type = dtype;
        try {
            return shards.map(shard -> {
                Module replica = DataParallel.replica(Architecture.parse(description), type, parameters.value());
                int[] picked = DataParallel.rows(Orders.of(shard, options.seed(), epoch), shard.index(), count, options,
                        step);
                Tensor[] batch = shard.batch(picked, lossFunction, type);
                int[] all = new int[picked.length];
                Arrays.setAll(all, i -> i);
                return new Indexed(shard.index(), DataParallel.partial(replica, lossFunction, batch[0], batch[1], all));
            }).collect().stream().sorted(Comparator.comparingInt(Indexed::index)).map(Indexed::partial).toList();
        } finally {
            parameters.destroy();
        }
    }

    /** A partition's sums with the partition's index, which fixes where they go in the step's sum. */
    private record Indexed(int index, DataParallel.Partial partial) implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
    }
}
