package dev.descent.cli.fit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.descent.cli.CliRun;
import dev.descent.io.SavedModel;
import dev.descent.Tensor;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fit --shards N} trains data-parallel on this machine; {@code fit --spark local[N]} trains
 * the same shards on Spark and writes the same model file, bit for bit.
 */
class FitShardsTest {
    /** The README's example. */
    private static final String[] RUN = {"fit", "--data", "wine", "--model", "mlp:16", "--lr", "0.01", "--epochs", "6",
        "--test-fraction", "0.25", "--standardize", "--batch-size", "16", "--shards", "3"};

    @TempDir
    Path dir;

    private static String[] with(String... more) {
        String[] out = java.util.Arrays.copyOf(RUN, RUN.length + more.length);
        System.arraycopy(more, 0, out, RUN.length, more.length);
        return out;
    }

    private static String readme() {
        try {
            return java.nio.file.Files.readString(Path.of("..", "README.md"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Map<String, Tensor> weights(Path model) {
        return SavedModel.load(model).weights();
    }

    @Test
    void theSameShardsOnSparkGiveTheSameModelFileAsOnThisMachine() {
        Path here = dir.resolve("here.safetensors");
        Path there = dir.resolve("spark.safetensors");
        CliRun local = CliRun.of(with("--save", here.toString()));
        assertThat(local.status()).as(local.err()).isZero();
        assertThat(local.out()).contains("data-parallel over 3 shards");
        CliRun spark = CliRun.of(with("--save", there.toString(), "--spark", "local[2]"));
        assertThat(spark.status()).as(spark.err()).isZero();
        assertThat(spark.err()).isEmpty();
        Map<String, Tensor> a = weights(here);
        Map<String, Tensor> b = weights(there);
        assertThat(b.keySet()).isEqualTo(a.keySet());
        a.forEach((name, t) -> assertThat(b.get(name).toArray()).as(name).containsExactly(t.toArray()));
        String readme = readme();
        for (String line : spark.out().lines().toList()) {
            if (!line.startsWith("trained ") && !line.startsWith("model: ")) {
                assertThat(readme).as("the README shows fit --spark's output").contains(line + "\n");
            }
        }
        assertThat(spark.out().replaceAll("\\d+\\.\\d+ s", "").replace(there.toString(), "FILE"))
                .isEqualTo(local.out().replaceAll("\\d+\\.\\d+ s", "").replace(here.toString(), "FILE"));
    }

    @Test
    void aShardedRunStoppedAfterThreeEpochsGoesOnOnSparkToTheBitsOfAnUninterruptedOne() {
        Path whole = dir.resolve("whole.safetensors");
        Path resumed = dir.resolve("resumed.safetensors");
        Path checkpoint = dir.resolve("run");
        assertThat(CliRun.of(with("--save", whole.toString())).status()).isZero();
        String[] first = with("--checkpoint", checkpoint.toString());
        first[java.util.Arrays.asList(first).indexOf("--epochs") + 1] = "3";
        assertThat(CliRun.of(first).status()).isZero();
        CliRun rest = CliRun.of("fit", "--resume", checkpoint.toString(), "--epochs", "6", "--spark", "local[2]",
                "--save", resumed.toString());
        assertThat(rest.status()).as(rest.err()).isZero();
        Map<String, Tensor> a = weights(whole);
        Map<String, Tensor> b = weights(resumed);
        a.forEach((name, t) -> assertThat(b.get(name).toArray()).as(name).containsExactly(t.toArray()));
    }

    @Test
    void shardsChangeTheStepsButStillLearnAndReportOnlyTheLossOfTheTrainingRows() {
        JsonNode sharded = CliRun.of(with("--json")).json();
        assertThat(sharded.get("test").get("accuracy").asDouble()).isGreaterThan(0.85);
        assertThat(sharded.get("history").get("train").fieldNames()).toIterable().containsExactly("loss");
        assertThat(sharded.get("history").get("test").get("accuracy")).hasSize(6);
    }

    @Test
    void whatShardsCannotDoIsOneLineNamingTheOption() {
        CliRun dropout = CliRun.of(with("--dropout", "0.2"));
        assertThat(dropout.status()).isEqualTo(2);
        assertThat(dropout.err()).startsWith("descent fit: --shards 3").contains("dropout").hasLineCount(1);
        CliRun batch = CliRun.of("fit", "--data", "wine", "--model", "mlp:16", "--batch-size", "2", "--shards", "3");
        assertThat(batch.status()).isEqualTo(2);
        assertThat(batch.err()).startsWith("descent fit: --batch-size 2").contains("use a batch of at least 3")
                .hasLineCount(1);
        CliRun closed = CliRun.of("fit", "--data", "boston", "--method", "closed", "--shards", "2");
        assertThat(closed.status()).isEqualTo(2);
        assertThat(closed.err()).contains("does not combine with --shards").hasLineCount(1);
        CliRun master = CliRun.of(with("--spark", "locale"));
        assertThat(master.status()).isEqualTo(2);
        assertThat(master.err()).isEqualTo("descent fit: --spark locale: 'locale' is not a Spark master URL; use local[N]"
                + " (N threads here, N at least 1) or spark://HOST:PORT (a standalone cluster)\n");
        CliRun tooMany = CliRun.of("fit", "--data", "wine", "--model", "mlp:16", "--batch-size", "500", "--shards", "400");
        assertThat(tooMany.status()).isEqualTo(2);
        assertThat(tooMany.out()).as("refused before the header").isEmpty();
        assertThat(tooMany.err()).isEqualTo("descent fit: --shards 400: more shards than the 178 training rows; use at"
                + " most 178\n");
        CliRun byTheCluster = CliRun.of("fit", "--data", "wine", "--model", "mlp:16", "--dropout", "0.2", "--spark",
                "local[2]");
        assertThat(byTheCluster.status()).isEqualTo(2);
        assertThat(byTheCluster.err()).startsWith("descent fit: --spark local[2] trains over 2 shards (the cluster's"
                + " default parallelism; choose with --shards): --shards 2: dropout").hasLineCount(1);
    }
}
