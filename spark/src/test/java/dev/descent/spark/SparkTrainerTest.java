package dev.descent.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.DType;
import dev.descent.nn.Architecture;
import dev.descent.optim.OptimizerSpec;
import dev.descent.train.CheckpointStore;
import dev.descent.train.DataParallel;
import dev.descent.train.LossFunction;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Training on Spark in {@code local[2, 3]} (two threads, a task tried up to three times), on loopback. */
class SparkTrainerTest {
    private static final List<String> FEATURES = SparkRuns.FEATURES;
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2,3]").appName("descent-test")
                .config("spark.ui.enabled", "false").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.driver.host", "127.0.0.1").config("spark.sql.shuffle.partitions", "3").getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static Dataset<Row> data(int n, int partitions, boolean classes) {
        return SparkRuns.data(spark, n, partitions, classes);
    }

    private static SparkTrainer.Options options(String architecture, LossFunction loss, DType dtype) {
        return new SparkTrainer.Options(Architecture.parse(architecture), loss, OptimizerSpec.of("adam").withLearningRate(0.02),
                dtype, new DataParallel.Options(3, 32, 5), 7);
    }

    private static double[][] onOneMachine(Dataset<Row> data, SparkTrainer.Options options) {
        return SparkRuns.onOneMachine(data, options).parameters();
    }

    @Test
    void aRegressionTrainedOnSparkHasTheBitsOfTheSameRunOnOneMachine() {
        Dataset<Row> data = data(300, 3, false);
        SparkTrainer.Options options = options("mlp:8;in=3;out=1;activation=tanh;dropout=0.0", LossFunction.MSE,
                DType.FLOAT64);
        SparkTrainer.Result result = SparkTrainer.fit(data, FEATURES, "y", options);
        assertThat(result.epochLosses()[2]).isLessThan(result.epochLosses()[0]);
        assertThat(DataParallel.parameterValues(result.model())).isDeepEqualTo(onOneMachine(data, options));
    }

    @Test
    void aFloat32ClassifierTrainedOnSparkHasTheBitsOfTheSameRunOnOneMachine() {
        Dataset<Row> data = data(250, 4, true);
        SparkTrainer.Options options = options("mlp:6;in=3;out=2;activation=relu;dropout=0.0",
                LossFunction.CROSS_ENTROPY, DType.FLOAT32);
        SparkTrainer.Result result = SparkTrainer.fit(data, FEATURES, "y", options);
        assertThat(result.model().parameters().get(0).dtype()).isEqualTo(DType.FLOAT32);
        assertThat(DataParallel.parameterValues(result.model())).isDeepEqualTo(onOneMachine(data, options));
    }

    @Test
    void aTaskThatFailsOnItsFirstAttemptIsRetriedAndTheResultIsUnchanged() {
        Dataset<Row> data = data(200, 3, false);
        SparkTrainer.Options options = options("mlp:4;in=3;out=1;activation=tanh;dropout=0.0", LossFunction.MSE,
                DType.FLOAT64);
        double[][] expected = DataParallel.parameterValues(SparkTrainer.fit(data, FEATURES, "y", options).model());
        Dataset<Row> failing = spark.createDataFrame(data.toJavaRDD().map(row -> {
            TaskContext task = TaskContext.get();
            if (task.partitionId() == 1 && task.attemptNumber() == 0) {
                throw new IllegalStateException("an executor lost on the first attempt");
            }
            return row;
        }), data.schema());
        double[][] retried = DataParallel.parameterValues(SparkTrainer.fit(failing, FEATURES, "y", options).model());
        assertThat(retried).isDeepEqualTo(expected);
    }

    @Test
    void aDriverRestartedFromItsCheckpointEndsWithTheBitsOfAnUninterruptedRun() {
        Dataset<Row> data = data(200, 2, false);
        SparkTrainer.Options options = options("mlp:4;in=3;out=1;activation=tanh;dropout=0.0", LossFunction.MSE,
                DType.FLOAT64);
        SparkTrainer.Result whole = SparkTrainer.fit(data, FEATURES, "y", options);
        CheckpointStore store = CheckpointStore.inMemory();
        SparkTrainer.Options stopped = new SparkTrainer.Options(options.architecture(), options.loss(),
                options.optimizer(), options.dtype(), new DataParallel.Options(1, 32, 5), options.initSeed(), store);
        SparkTrainer.fit(data, FEATURES, "y", stopped); // the driver stops after epoch 1 of 3
        SparkTrainer.Result resumed = SparkTrainer.fit(data, FEATURES, "y", options.withCheckpoints(store));
        assertThat(DataParallel.parameterValues(resumed.model())).isDeepEqualTo(DataParallel.parameterValues(whole.model()));
        assertThat(resumed.epochLosses()).containsExactly(whole.epochLosses());
    }

    @Test
    void aMissingCellAndDropoutAreRefused() {
        StructType schema = new StructType().add("a", DataTypes.DoubleType).add("b", DataTypes.DoubleType)
                .add("c", DataTypes.DoubleType).add("y", DataTypes.DoubleType);
        Dataset<Row> holes = spark.createDataFrame(List.of(RowFactory.create(1.0, null, 2.0, 3.0)), schema);
        assertThatThrownBy(() -> SparkTrainer.fit(holes, FEATURES, "y",
                options("mlp:4;in=3;out=1;activation=tanh;dropout=0.0", LossFunction.MSE, DType.FLOAT64)))
                .hasMessageContaining("column 'b' holds a missing cell");
        assertThatThrownBy(() -> SparkTrainer.fit(data(10, 2, false), FEATURES, "y",
                options("mlp:4;in=3;out=1;activation=tanh;dropout=0.5", LossFunction.MSE, DType.FLOAT64)))
                .hasMessageContaining("dropout");
        assertThatThrownBy(() -> SparkTrainer.shards(holes, List.of("a", "size"), "price"))
                .hasMessage("SparkTrainer: the data have no column size, price; their columns are a, b, c, y");
        assertThatThrownBy(() -> SparkTrainer.fit(data(10, 2, false), List.of("a", "b"), "y",
                options("mlp:4;in=3;out=1;activation=tanh;dropout=0.0", LossFunction.MSE, DType.FLOAT64)))
                .hasMessageContaining("2 feature columns for a network of 3 inputs");
        StructType text = new StructType().add("a", DataTypes.DoubleType).add("b", DataTypes.StringType)
                .add("c", DataTypes.DoubleType).add("y", DataTypes.DoubleType);
        Dataset<Row> words = spark.createDataFrame(List.of(RowFactory.create(1.0, "two", 2.0, 3.0)), text);
        assertThatThrownBy(() -> SparkTrainer.shards(words, FEATURES, "y"))
                .hasMessageContaining("column 'b' holds string, not numbers");
    }

    @Test
    void aCheckpointOfAnotherRunIsRefused() {
        Dataset<Row> data = data(60, 2, false);
        CheckpointStore store = CheckpointStore.inMemory();
        SparkTrainer.Options first = options("mlp:4;in=3;out=1;activation=tanh;dropout=0.0", LossFunction.MSE,
                DType.FLOAT64).withCheckpoints(store);
        SparkTrainer.fit(data, FEATURES, "y", first);
        SparkTrainer.Options otherSeed = new SparkTrainer.Options(first.architecture(), first.loss(), first.optimizer(),
                first.dtype(), new DataParallel.Options(5, 32, 6), first.initSeed(), store);
        assertThatThrownBy(() -> SparkTrainer.fit(data, FEATURES, "y", otherSeed))
                .hasMessageContaining("holds the checkpoint of another run");
        assertThatThrownBy(() -> SparkTrainer.fit(data(80, 2, false), FEATURES, "y", first))
                .hasMessageContaining("holds the checkpoint of a run on other data");
    }

    @Test
    void aLossThatBecomesNaNStopsTheRunInsteadOfSkippingSteps() {
        SparkTrainer.Options options = new SparkTrainer.Options(
                Architecture.parse("mlp:4;in=3;out=1;activation=relu;dropout=0.0"), LossFunction.MSE,
                OptimizerSpec.of("sgd").withLearningRate(1e6), DType.FLOAT64, new DataParallel.Options(20, 32, 5), 7);
        assertThatThrownBy(() -> SparkTrainer.fit(data(100, 2, false), FEATURES, "y", options))
                .isInstanceOf(dev.descent.optim.DivergenceException.class).hasMessageContaining("data-parallel training");
    }
}
