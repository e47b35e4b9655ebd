package dev.descent.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.DType;
import dev.descent.io.Dataset;
import dev.descent.io.Datasets;
import dev.descent.optim.OptimizerSpec;
import dev.descent.train.DataParallel;
import dev.descent.train.FitConfig;
import dev.descent.train.FitResult;
import dev.descent.train.Fitting;
import dev.descent.train.LossFunction;
import dev.descent.train.Metric;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** {@link Fitting} with its shards on Spark ({@code local[3]}) gives the bits of the same shards on this machine. */
class SparkPlacementTest {
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[3]").appName("descent-test")
                .config("spark.ui.enabled", "false").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.driver.host", "127.0.0.1").getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static FitResult fit(FitConfig config, DataParallel.Placement placement) {
        Dataset wine = Datasets.wine();
        return Fitting.fit(config, wine.features(), wine.target(), wine.classNames(),
                Fitting.Hooks.NONE.withPlacement(placement));
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void aRunOnTheClusterEqualsTheSameShardsHereBitForBit(DType dtype) {
        FitConfig config = FitConfig.of("class", "mlp:16", LossFunction.CROSS_ENTROPY,
                OptimizerSpec.of("adam").withLearningRate(0.01), 4).withStandardize(true).withTestFraction(0.25)
                .withPatience(3).withDType(dtype).withShards(3);
        FitResult here = fit(config, DataParallel.Placement.LOCAL);
        FitResult there;
        try (SparkPlacement cluster = SparkPlacement.on(JavaSparkContext.fromSparkContext(spark.sparkContext()))) {
            there = fit(config, cluster);
        }
        assertThat(DataParallel.parameterValues(there.model())).isEqualTo(DataParallel.parameterValues(here.model()));
        assertThat(there.history().train(Metric.LOSS)).containsExactly(here.history().train(Metric.LOSS));
        assertThat(there.testScores()).isEqualTo(here.testScores());
        assertThat(here.testScores().get(Metric.ACCURACY)).isGreaterThan(0.8);
    }

    @Test
    void aMasterThatIsNotOneOrDoesNotAnswerIsRefusedBeforeStarting() throws java.io.IOException {
        for (String master : new String[] {"local(2)", "local[0]", "yarn", "k8s://127.0.0.1:1", "spark://host"}) {
            assertThatThrownBy(() -> SparkPlacement.connect(master)).as(master)
                    .hasMessage("'" + master + "' is not a Spark master URL; use local[N] (N threads here, N at least 1)"
                            + " or spark://HOST:PORT (a standalone cluster)");
        }
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort(); // closed again: nothing answers there
        }
        long started = System.nanoTime();
        assertThatThrownBy(() -> SparkPlacement.connect("spark://127.0.0.1:" + port))
                .hasMessageStartingWith("no Spark master answers at 127.0.0.1:" + port + " (")
                .hasMessageEndingWith("); start it, or check the host and port");
        assertThat((System.nanoTime() - started) / 1e9).isLessThan(10);
    }
}
