package dev.descent.spark;

import dev.descent.DType;
import dev.descent.Tensor;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.storage.StorageLevel;

/**
 * Trains a network on an Apache Spark cluster by synchronous data-parallel gradient descent, with
 * a result that does not depend on the cluster: each partition of the data is a shard of
 * {@link DataParallel}; at
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
 * parameters, bit for bit. A Spark job per step costs tens of milliseconds or more (about 60–100 ms in
 * {@code local[2]}): the cluster pays when a step's gradient over the batch takes one machine
 * clearly longer than that.
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
     * The partitions of {@code data} as shards: the named columns as features, the target, one shard
     * per partition, in partition order. Only those columns are read.
     *
     * @throws IllegalArgumentException when a column is absent or not numeric; when the job runs,
     *     for a missing, NaN or infinite cell
     */
    public static JavaRDD<Shard> shards(Dataset<Row> data, List<String> features, String target) {
        if (features.isEmpty()) {
            throw new IllegalArgumentException("SparkTrainer: no feature columns; name at least one");
        }
        List<String> columns = List.copyOf(features);
        List<String> present = List.of(data.columns());
        List<String> used = new ArrayList<>(columns);
        used.add(target);
        List<String> absent = used.stream().filter(c -> !present.contains(c)).toList();
        if (!absent.isEmpty()) {
            throw new IllegalArgumentException("SparkTrainer: the data have no column " + String.join(", ", absent)
                    + "; their columns are " + String.join(", ", present));
        }
        for (String c : used) {
            DataType type = data.schema().apply(c).dataType();
            if (!(type instanceof NumericType)) {
                throw new IllegalArgumentException("SparkTrainer: column '" + c + "' holds " + type.simpleString()
                        + ", not numbers; train on numeric columns (class indices 0..K-1 for a classifier's target)");
            }
        }
        Dataset<Row> selected = data.selectExpr(used.stream().map(c -> "`" + c.replace("`", "``") + "`")
                .toArray(String[]::new));
        return selected.toJavaRDD().mapPartitionsWithIndex((index, rows) -> {
            int width = columns.size();
            double[] x = new double[1024 * width];
            double[] y = new double[1024];
            int n = 0;
            while (rows.hasNext()) {
                Row row = rows.next();
                if (n == y.length) {
                    if (y.length > Integer.MAX_VALUE / 2 / width) {
                        throw new IllegalArgumentException("SparkTrainer: partition " + index + " holds more than "
                                + y.length + " rows; use more partitions");
                    }
                    x = Arrays.copyOf(x, 2 * x.length);
                    y = Arrays.copyOf(y, 2 * y.length);
                }
                for (int j = 0; j < width; j++) {
                    x[n * width + j] = number(row, j, columns.get(j));
                }
                y[n++] = number(row, width, target);
            }
            return List.of(new Shard(index, Arrays.copyOf(x, n * width), Arrays.copyOf(y, n), width)).iterator();
        }, true);
    }

    private static double number(Row row, int position, String column) {
        Object v = row.get(position);
        double d = v instanceof Number n ? n.doubleValue() : Double.NaN;
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("column '" + column + "' holds " + (v == null ? "a missing cell" : v)
                    + " in a row of the training data; train on finite numbers only");
        }
        return d;
    }

    /**
     * Trains on {@code data}, each partition a shard (cached on the workers, in memory and on disk).
     *
     * @throws IllegalArgumentException when a column is absent or not numeric, the features do not
     *     match the architecture's inputs, the architecture has dropout, the batch is smaller than
     *     the number of partitions, or the checkpoint is another run's
     * @throws dev.descent.optim.DivergenceException when the loss becomes NaN or infinite
     */
    public static Result fit(Dataset<Row> data, List<String> features, String target, Options options) {
        if (features.size() != options.architecture().inputs()) {
            throw new IllegalArgumentException("SparkTrainer: " + features.size() + " feature columns for a network of "
                    + options.architecture().inputs() + " inputs (" + options.architecture().describe() + ")");
        }
        JavaRDD<Shard> shards = shards(data, features, target).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            return fit(shards, options);
        } finally {
            shards.unpersist(false);
        }
    }

    /**
     * Trains on shards already made ({@link #shards}), one per partition.
     *
     * @throws IllegalArgumentException as {@link #fit(Dataset, List, String, Options)}, and when a
     *     partition does not hold exactly one shard of its own index
     * @throws dev.descent.optim.DivergenceException when the loss becomes NaN or infinite
     */
    public static Result fit(JavaRDD<Shard> shards, Options options) {
        Architecture architecture = options.architecture();
        DataParallel.Options steps = options.steps();
        DataParallel.requireBatch(shards.getNumPartitions(), steps); // before any job
        // Refuses dropout before its job.
        SparkShards placed = SparkShards.of(shards, architecture, options.loss(), options.dtype());
        int[] rows = placed.sizes();
        DataParallel.requireRows(rows);
        int stepsPerEpoch = DataParallel.steps(rows, steps);

        Module model = architecture.build(new Random(options.initSeed())).to(options.dtype());
        Optimizer optimizer = options.optimizer().create(model.parameters());
        Map<String, Tensor> run = runState(options, rows);
        List<EpochReport> reports = new ArrayList<>();
        int start = 0;
        CheckpointStore store = options.checkpoints();
        if (store != null) {
            TrainingState saved = store.load().orElse(null);
            if (saved != null) {
                requireSameRun(saved.progress(), run, store);
                model.loadStateDict(saved.model());
                optimizer.loadStateDict(saved.optimizer());
                reports.addAll(saved.history().reports());
                start = saved.epoch();
            }
        }
        for (int epoch = start; epoch < steps.epochs(); epoch++) {
            int e = epoch;
            double epochLoss = DataParallel.epoch(optimizer, epoch, stepsPerEpoch, t -> placed.partials(model, e, t, steps));
            reports.add(new EpochReport(epoch + 1, steps.epochs(), optimizer.learningRate(),
                    Map.of(Metric.LOSS, epochLoss), Map.of()));
            if (store != null) {
                store.save(new TrainingState(epoch + 1, model.stateDict(), optimizer.stateDict(), Map.of(), Map.of(),
                        Map.of(), run, Map.of(), new History(reports, 0, false)));
            }
        }
        return new Result(model, new History(reports, 0, false));
    }

    /** What a checkpoint must match to be this run's: the settings and each partition's rows. */
    private static Map<String, Tensor> runState(Options options, int[] rows) {
        String settings = options.architecture().describe() + "|" + options.dtype() + "|" + options.loss().key() + "|"
                + options.optimizer() + "|" + options.steps().batchSize() + "|" + options.steps().seed() + "|"
                + options.initSeed();
        Map<String, Tensor> run = new LinkedHashMap<>();
        run.put("settings", Tensor.of((double) settings.hashCode()));
        run.put("partition_rows", Tensor.of(Arrays.stream(rows).asDoubleStream().toArray()));
        return run;
    }

    private static void requireSameRun(Map<String, Tensor> saved, Map<String, Tensor> run, CheckpointStore store) {
        Tensor settings = saved.get("settings");
        Tensor rows = saved.get("partition_rows");
        if (settings == null || rows == null || settings.item() != run.get("settings").item()) {
            throw new IllegalArgumentException("SparkTrainer: " + store + " holds the checkpoint of another run (other"
                    + " settings); resume with the same architecture, loss, optimizer, type, batch and seeds, or use"
                    + " another folder");
        }
        if (!Arrays.equals(rows.toArray(), run.get("partition_rows").toArray())) {
            throw new IllegalArgumentException("SparkTrainer: " + store + " holds the checkpoint of a run on other data"
                    + " (rows per partition " + Arrays.toString(rows.toArray()) + ", now "
                    + Arrays.toString(run.get("partition_rows").toArray()) + "); resume with the same data and"
                    + " partitions");
        }
    }
}
