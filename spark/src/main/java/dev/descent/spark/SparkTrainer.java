package dev.descent.spark;

import dev.descent.DType;
import dev.descent.nn.Architecture;
import dev.descent.nn.Module;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerSpec;
import dev.descent.train.CheckpointStore;
import dev.descent.train.DataParallel;
import dev.descent.train.EpochReport;
import dev.descent.train.History;
import dev.descent.train.LossFunction;
import dev.descent.train.Metric;
import dev.descent.train.TrainingState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Trains a network on an Apache Spark cluster by synchronous data-parallel gradient descent, with
 * the result one machine gives: each partition of the data is a shard of {@link DataParallel}; at
 * every step the driver broadcasts the parameters, each partition returns the sums of its share of
 * the batch (the loss and its gradient), the driver adds them in partition order, divides once and
 * takes one optimizer step. Workers keep no state between steps; the optimizer's state lives on the
 * driver. The data stay on the workers (read by Spark, cached per partition); only parameters and
 * gradient sums cross the network.
 *
 * <pre>{@code
 * Dataset<Row> data = spark.read().option("header", true).option("inferSchema", true).csv("homes.csv");
 * var options = new SparkTrainer.Options(Architecture.parse("mlp:16;in=3;out=1;activation=relu;dropout=0.0"),
 *         LossFunction.MSE, OptimizerSpec.of("adam"), DType.FLOAT64, new DataParallel.Options(20, 64, 0), 0);
 * SparkTrainer.Result r = SparkTrainer.fit(data, List.of("rooms", "area", "age"), "price", options);
 * r.model()                  // the trained network, on the driver
 * }</pre>
 *
 * <p>{@link DataParallel#fit} over the partitions' rows (in partition order) gives the same
 * parameters, bit for bit. A Spark job per step costs tens to hundreds of milliseconds: the cluster
 * pays when a step's gradient over the batch takes longer than that on one machine.
 */
public final class SparkTrainer {
    private SparkTrainer() {
    }

    /**
     * What to train and how.
     *
     * @param architecture the network (without dropout)
     * @param loss the loss; cross-entropy takes class indices 0..K−1 as targets
     * @param optimizer the optimizer, made on the driver
     * @param dtype the parameters' and data's type
     * @param steps epochs, the global batch per step and the seed of the shards' orders
     * @param initSeed the seed of the initial weights
     * @param checkpoints where the driver saves the model, the optimizer and the history after every
     *     epoch, and resumes from when it holds a checkpoint (a restarted driver goes on as if never
     *     stopped); {@code dev.descent.io.Checkpoint.in(folder)} keeps them on disk; null for none
     */
    public record Options(Architecture architecture, LossFunction loss, OptimizerSpec optimizer, DType dtype,
                          DataParallel.Options steps, long initSeed, CheckpointStore checkpoints) {
        /** Options without checkpoints. */
        public Options(Architecture architecture, LossFunction loss, OptimizerSpec optimizer, DType dtype,
                       DataParallel.Options steps, long initSeed) {
            this(architecture, loss, optimizer, dtype, steps, initSeed, null);
        }

        /** These options, saving to and resuming from {@code store}. */
        public Options withCheckpoints(CheckpointStore store) {
            return new Options(architecture, loss, optimizer, dtype, steps, initSeed, store);
        }
    }

    /**
     * The trained network and its history (the mean loss of each epoch's steps, as {@link Metric#LOSS}).
     *
     * @param model the network with the trained parameters
     * @param history one report per epoch
     */
    public record Result(Module model, History history) {
        /** The mean loss of each epoch's steps. */
        public double[] epochLosses() {
            return history.train(Metric.LOSS);
        }
    }

    /**
     * The partitions of {@code data} as shards: the named numeric columns as features, the target,
     * one shard per partition, in partition order.
     *
     * @throws IllegalArgumentException when a column is absent; when the job runs, for a missing or
     *     non-numeric cell
     */
    public static JavaRDD<Shard> shards(Dataset<Row> data, List<String> features, String target) {
        List<String> columns = List.copyOf(features);
        List<String> present = List.of(data.columns());
        List<String> absent = new ArrayList<>();
        for (String c : columns) {
            if (!present.contains(c)) {
                absent.add(c);
            }
        }
        if (!present.contains(target)) {
            absent.add(target);
        }
        if (!absent.isEmpty()) {
            throw new IllegalArgumentException("SparkTrainer: the data have no column " + String.join(", ", absent)
                    + "; their columns are " + String.join(", ", present));
        }
        return data.toJavaRDD().mapPartitionsWithIndex((index, rows) -> {
            int width = columns.size();
            double[] x = new double[1024 * width];
            double[] y = new double[1024];
            int n = 0;
            while (rows.hasNext()) {
                Row row = rows.next();
                if (n == y.length) {
                    x = Arrays.copyOf(x, 2 * x.length);
                    y = Arrays.copyOf(y, 2 * y.length);
                }
                for (int j = 0; j < width; j++) {
                    x[n * width + j] = number(row, columns.get(j));
                }
                y[n++] = number(row, target);
            }
            return List.of(new Shard(index, Arrays.copyOf(x, n * width), Arrays.copyOf(y, n), width)).iterator();
        }, true);
    }

    private static double number(Row row, String column) {
        Object v = row.getAs(column);
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException("column '" + column + "' holds " + (v == null ? "a missing cell"
                    : "'" + v + "'") + " in a row of the training data; train on numbers only");
        }
        return n.doubleValue();
    }

    /**
     * Trains on {@code data}, each partition a shard.
     *
     * @throws IllegalArgumentException when the architecture has dropout, or the batch is smaller
     *     than the number of partitions
     */
    public static Result fit(Dataset<Row> data, List<String> features, String target, Options options) {
        JavaRDD<Shard> shards = shards(data, features, target).persist(StorageLevel.MEMORY_ONLY());
        try {
            return fit(shards, options);
        } finally {
            shards.unpersist(false);
        }
    }

    /**
     * Trains on shards already made ({@link #shards}), one per partition.
     *
     * @throws IllegalArgumentException as {@link #fit(Dataset, List, String, Options)}
     */
    public static Result fit(JavaRDD<Shard> shards, Options options) {
        Architecture architecture = options.architecture();
        if (architecture.dropout() > 0) {
            throw new IllegalArgumentException("SparkTrainer: dropout would draw other masks on every partition; train "
                    + architecture.model() + " without it");
        }
        Module model = architecture.build(new Random(options.initSeed())).to(options.dtype());
        Optimizer optimizer = options.optimizer().create(model.parameters());
        List<EpochReport> reports = new ArrayList<>();
        int start = 0;
        CheckpointStore store = options.checkpoints();
        if (store != null) {
            TrainingState saved = store.load().orElse(null);
            if (saved != null) {
                model.loadStateDict(saved.model());
                optimizer.loadStateDict(saved.optimizer());
                reports.addAll(saved.history().reports());
                start = saved.epoch();
            }
        }
        int[] rows = new int[shards.getNumPartitions()];
        for (int[] indexAndRows : shards.map(s -> new int[] {s.index(), s.rows()}).collect()) {
            rows[indexAndRows[0]] = indexAndRows[1];
        }
        DataParallel.Options steps = options.steps();
        int stepsPerEpoch = DataParallel.steps(rows, steps);
        JavaSparkContext context = JavaSparkContext.fromSparkContext(shards.context());
        String description = architecture.describe();
        LossFunction loss = options.loss();
        DType dtype = options.dtype();
        int count = rows.length;
        for (int epoch = start; epoch < steps.epochs(); epoch++) {
            double sum = 0;
            int counted = 0;
            for (int step = 0; step < stepsPerEpoch; step++) {
                Broadcast<double[][]> parameters = context.broadcast(DataParallel.parameterValues(model));
                int e = epoch;
                int t = step;
                List<Indexed> partials = shards.map(shard -> {
                    Module replica = DataParallel.replica(Architecture.parse(description), dtype, parameters.value());
                    int[] order = DataParallel.order(shard.rows(), shard.index(), steps.seed(), e);
                    int[] picked = DataParallel.rows(order, shard.index(), count, steps, t);
                    return new Indexed(shard.index(), DataParallel.partial(replica, loss, shard.featureTensor(dtype),
                            shard.targetTensor(loss, dtype), picked));
                }).collect();
                parameters.destroy();
                List<DataParallel.Partial> ordered = partials.stream().sorted(Comparator.comparingInt(Indexed::index))
                        .map(Indexed::partial).toList();
                double stepLoss = DataParallel.apply(ordered, model.parameters());
                if (!Double.isNaN(stepLoss)) {
                    optimizer.step();
                    optimizer.zeroGrad();
                    sum += stepLoss;
                    counted++;
                }
            }
            reports.add(new EpochReport(epoch + 1, steps.epochs(), optimizer.learningRate(),
                    Map.of(Metric.LOSS, sum / counted), Map.of()));
            if (store != null) {
                store.save(new TrainingState(epoch + 1, model.stateDict(), optimizer.stateDict(), Map.of(), Map.of(),
                        Map.of(), Map.of(), Map.of(), new History(reports, 0, false)));
            }
        }
        return new Result(model, new History(reports, 0, false));
    }

    /** A partition's sums with the partition's index, which fixes where they go in the step's sum. */
    private record Indexed(int index, DataParallel.Partial partial) implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
    }
}
