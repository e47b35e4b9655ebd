package dev.descent.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.DType;
import dev.descent.io.Checkpoint;
import dev.descent.nn.Architecture;
import dev.descent.optim.OptimizerSpec;
import dev.descent.train.DataParallel;
import dev.descent.train.LossFunction;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's example, as written there: a CSV read by Spark, trained with checkpoints on disk. */
class ReadmeExampleTest {
    @TempDir
    Path dir;

    /** 300 homes: price = 30·rooms + 2·area − age, with noise. */
    private Path homes() throws IOException {
        Path csv = dir.resolve("homes.csv");
        Random random = new Random(4);
        try (Writer w = Files.newBufferedWriter(csv)) {
            w.write("rooms,area,age,price\n");
            for (int i = 0; i < 300; i++) {
                int rooms = 1 + random.nextInt(5);
                double area = 20 + 25 * rooms + 10 * random.nextGaussian();
                int age = random.nextInt(80);
                double price = 30 * rooms + 2 * area - age + 5 * random.nextGaussian();
                w.write(String.format(Locale.ROOT, "%d,%.1f,%d,%.1f%n", rooms, area, age, price / 100));
            }
        }
        return csv;
    }

    @Test
    void theReadmeExampleTrainsFromACsvAndLeavesACheckpoint() throws IOException {
        Path csv = homes();
        Path runs = dir.resolve("runs/homes");
        SparkSession spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false")
                .config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1").getOrCreate();
        try {
            spark.sparkContext().setLogLevel("ERROR");
            Dataset<Row> data = spark.read().option("header", true).option("inferSchema", true).csv(csv.toString());
            var options = new SparkTrainer.Options(Architecture.parse("mlp:16;in=3;out=1;activation=relu;dropout=0.0"),
                    LossFunction.MSE, OptimizerSpec.of("adam"), DType.FLOAT64,
                    new DataParallel.Options(20, 64, 0),
                    0)
                    .withCheckpoints(Checkpoint.in(runs));
            SparkTrainer.Result result = SparkTrainer.fit(data, List.of("rooms", "area", "age"), "price", options);
            double[] losses = result.epochLosses();
            assertThat(losses).hasSize(20);
            assertThat(losses[19]).isLessThan(losses[0] / 2);
            assertThat(Checkpoint.in(runs).latest()).isPresent();
        } finally {
            spark.stop();
        }
    }
}
