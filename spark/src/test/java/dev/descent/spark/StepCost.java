package dev.descent.spark;

import dev.descent.DType;
import dev.descent.Tensor;
import dev.descent.nn.Architecture;
import dev.descent.nn.Module;
import dev.descent.optim.OptimizerSpec;
import dev.descent.train.DataParallel;
import dev.descent.train.LossFunction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * What a step costs on Spark against the same step on one machine (BENCHMARKS.md, "Spark"): an MLP
 * 10-64-1 with Adam on synthetic regression rows, for several global batch sizes, one epoch of at
 * most 40 steps each (the shards are cut to the rows those steps use). Prints one line per batch
 * size: the rows trained on, milliseconds per step on Spark, on one machine, and their ratio.
 *
 * <pre>
 * java [Spark's JVM flags] -cp [test class path] dev.descent.spark.StepCost local[2] 400000 2 256,4096,65536
 * </pre>
 */
public final class StepCost {
    private StepCost() {
    }

    public static void main(String[] args) {
        String master = args[0];
        int rows = Integer.parseInt(args[1]);
        int partitions = Integer.parseInt(args[2]);
        SparkSession spark = SparkSession.builder().master(master).appName("descent-step-cost")
                .config("spark.ui.enabled", "false").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.driver.host", "127.0.0.1").getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
        Random random = new Random(1);
        List<Shard> made = new ArrayList<>();
        int per = rows / partitions;
        for (int p = 0; p < partitions; p++) {
            double[] x = new double[per * 10];
            double[] y = new double[per];
            for (int i = 0; i < per; i++) {
                double sum = 0;
                for (int j = 0; j < 10; j++) {
                    x[i * 10 + j] = random.nextGaussian();
                    sum += x[i * 10 + j] * (j + 1);
                }
                y[i] = Math.tanh(sum / 10);
            }
            made.add(new Shard(p, x, y, 10));
        }
        JavaRDD<Shard> shards = JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(made, partitions)
                .persist(StorageLevel.MEMORY_ONLY());
        shards.count();
        Architecture mlp = Architecture.parse("mlp:64;in=10;out=1;activation=relu;dropout=0.0");
        for (String b : args[3].split(",", -1)) {
            int batch = Integer.parseInt(b);
            DataParallel.Options steps = new DataParallel.Options(1, batch, 0);
            int[] sizes = made.stream().sorted(Comparator.comparingInt(Shard::index)).mapToInt(Shard::rows).toArray();
            int n = Math.min(DataParallel.steps(sizes, steps), 40);
            // As many rows as n steps use, so that both runs take n steps.
            SparkTrainer.Options options = new SparkTrainer.Options(mlp, LossFunction.MSE, OptimizerSpec.of("adam"),
                    DType.FLOAT64, steps, 0);
            List<Tensor[]> local = new ArrayList<>();
            List<Shard> cut = new ArrayList<>();
            for (Shard s : made) {
                int keep = (int) Math.min((long) n * (batch / partitions + 1), s.rows());
                Shard c = new Shard(s.index(), java.util.Arrays.copyOf(s.features(), keep * 10),
                        java.util.Arrays.copyOf(s.targets(), keep), 10);
                cut.add(c);
                local.add(new Tensor[] {c.featureTensor(DType.FLOAT64), c.targetTensor(LossFunction.MSE, DType.FLOAT64)});
            }
            JavaRDD<Shard> cutShards = JavaSparkContext.fromSparkContext(spark.sparkContext())
                    .parallelize(cut, partitions).persist(StorageLevel.MEMORY_ONLY());
            cutShards.count();
            int stepsRun = DataParallel.steps(cut.stream().mapToInt(Shard::rows).toArray(), steps);
            SparkTrainer.fit(cutShards, options); // warm-up
            long t0 = System.nanoTime();
            SparkTrainer.fit(cutShards, options);
            double sparkMs = (System.nanoTime() - t0) / 1e6 / stepsRun;
            Module model = mlp.build(new Random(0));
            DataParallel.fit(model, LossFunction.MSE, OptimizerSpec.of("adam").create(model.parameters()), local, steps);
            long t1 = System.nanoTime();
            model = mlp.build(new Random(0));
            DataParallel.fit(model, LossFunction.MSE, OptimizerSpec.of("adam").create(model.parameters()), local, steps);
            double localMs = (System.nanoTime() - t1) / 1e6 / stepsRun;
            System.out.printf(Locale.ROOT, "batch %6d  rows %7d  steps %3d  spark %8.1f ms/step  one machine %8.2f"
                    + " ms/step  ratio %.1f%n", batch, cut.stream().mapToInt(Shard::rows).sum(), stepsRun, sparkMs,
                    localMs, sparkMs / localMs);
            cutShards.unpersist(true);
        }
        spark.stop();
    }
}
