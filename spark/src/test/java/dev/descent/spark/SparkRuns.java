package dev.descent.spark;

import dev.descent.Tensor;
import dev.descent.nn.Module;
import dev.descent.train.DataParallel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** What the Spark tests train on, and the same run on one machine that they compare with. */
final class SparkRuns {
    /** The feature columns of {@link #data}. */
    static final List<String> FEATURES = List.of("a", "b", "c");

    private SparkRuns() {
    }

    /**
     * y = a − 2b + c² (regression) or its sign as class 0/1 ({@code y > 1}), over n rows parallelized
     * from the driver into {@code partitions} contiguous partitions.
     */
    static Dataset<Row> data(SparkSession spark, int n, int partitions, boolean classes) {
        Random random = new Random(21);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double a = random.nextGaussian();
            double b = random.nextGaussian();
            double c = random.nextGaussian();
            double y = a - 2 * b + c * c;
            rows.add(RowFactory.create(a, b, c, classes ? (y > 1 ? 1.0 : 0.0) : y));
        }
        StructType schema = new StructType().add("a", DataTypes.DoubleType).add("b", DataTypes.DoubleType)
                .add("c", DataTypes.DoubleType).add("y", DataTypes.DoubleType);
        JavaRDD<Row> rdd = JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, partitions);
        return spark.createDataFrame(rdd, schema);
    }

    /** The parameters and epoch losses of a run. */
    record Reference(double[][] parameters, double[] losses) {
    }

    /** The same run on one machine: DataParallel over the partitions' rows, in partition order. */
    static Reference onOneMachine(Dataset<Row> data, SparkTrainer.Options options) {
        List<Shard> shards = new ArrayList<>(SparkTrainer.shards(data, FEATURES, "y").collect());
        shards.sort(Comparator.comparingInt(Shard::index));
        List<Tensor[]> local = new ArrayList<>();
        for (Shard s : shards) {
            local.add(new Tensor[] {s.featureTensor(options.dtype()), s.targetTensor(options.loss(), options.dtype())});
        }
        Module model = options.architecture().build(new Random(options.initSeed())).to(options.dtype());
        double[] losses = DataParallel.fit(model, options.loss(), options.optimizer().create(model.parameters()), local,
                options.steps());
        return new Reference(DataParallel.parameterValues(model), losses);
    }
}
