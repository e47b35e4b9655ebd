package dev.descent.cli.fit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.Tensor;
import dev.descent.cli.CliRun;
import dev.descent.cli.Jar;
import dev.descent.io.SavedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * descent.jar is the job jar: Spark's own {@code spark-submit} (its {@code SparkSubmit} class, with
 * Spark's jars as the build lists them) runs {@code fit --spark} from it, and the model file is the
 * one {@code fit --shards} writes on one machine.
 */
@Tag(Jar.TAG)
class SparkSubmitTest {
    private static final String[] RUN = {"fit", "--data", "iris", "--model", "mlp:8", "--lr", "0.02", "--epochs", "4",
        "--batch-size", "12", "--shards", "3"};

    @TempDir
    Path dir;

    @Test
    void sparkSubmitRunsFitFromDescentJarWithTheBitsOfOneMachine() throws Exception {
        Path spark = Path.of(System.getProperty("basedir", "."), "..", "spark", "target").toAbsolutePath().normalize();
        Path submitted = dir.resolve("submitted.safetensors");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + spark.resolve("spark-jvm.options"), "--add-modules", "jdk.incubator.vector",
                "-cp", Files.readString(spark.resolve("spark.classpath")).strip(),
                "org.apache.spark.deploy.SparkSubmit", "--master", "local[2]", "--conf", "spark.ui.enabled=false",
                "--class", "dev.descent.cli.Main", Jar.path().toString()));
        command.addAll(List.of(RUN));
        command.addAll(List.of("--spark", "local[2]", "--save", submitted.toString()));
        Path log = dir.resolve("spark-submit.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).as("spark-submit ends").isTrue();
        String output = Files.readString(log);
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("data-parallel over 3 shards");

        Path here = dir.resolve("here.safetensors");
        String[] local = java.util.Arrays.copyOf(RUN, RUN.length + 2);
        local[RUN.length] = "--save";
        local[RUN.length + 1] = here.toString();
        assertThat(CliRun.of(local).status()).isZero();
        Map<String, Tensor> a = SavedModel.load(here).weights();
        Map<String, Tensor> b = SavedModel.load(submitted).weights();
        assertThat(b.keySet()).isEqualTo(a.keySet());
        a.forEach((name, t) -> assertThat(b.get(name).toArray()).as(name).containsExactly(t.toArray()));
    }
}
