package dev.descent.cli.predict;

import static dev.descent.cli.Hostile.assertRefused;
import static dev.descent.cli.Hostile.everything;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.descent.Tensor;
import dev.descent.cli.CliRun;
import dev.descent.cli.Hostile;
import dev.descent.io.Safetensors;
import dev.descent.io.SafetensorsFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code descent predict} with damaged models, pipes for files, full disks and outputs that would destroy inputs. */
class PredictHostileTest {
    private static final String POINTS = "y,a,b\n1,0,1\n2,1,1\n3,2,1\n4,3,2\n5,4,2\n";
    private static final String ROWS = "a,b\n0.5,1\n7,3\n-2,0\n";

    @TempDir
    Path dir;

    private Path model;
    private Path rows;

    @BeforeEach
    void fitAModel() throws IOException {
        Path points = Files.writeString(dir.resolve("points.csv"), POINTS);
        model = dir.resolve("model.safetensors");
        CliRun fit = CliRun.of("fit", "--data", points.toString(), "--target", "y", "--model", "mlp:3", "--epochs", "5",
                "--save", model.toString());
        assertThat(fit.status()).as(fit.err()).isZero();
        rows = Files.writeString(dir.resolve("rows.csv"), ROWS);
    }

    @Test
    void aModelWithNanWeightsIsRefusedNamingTheTensor() throws IOException {
        SafetensorsFile good = Safetensors.read(model);
        Map<String, Tensor> tensors = new LinkedHashMap<>(good.tensors());
        String name = tensors.keySet().iterator().next();
        double[] values = tensors.get(name).toArray();
        values[values.length - 1] = Double.NaN;
        tensors.put(name, Tensor.of(values).reshape(tensors.get(name).shape().dims()));
        Path bad = dir.resolve("diverged.safetensors");
        Safetensors.write(bad, tensors, good.metadata());
        assertRefused(CliRun.of("predict", "--model", bad.toString(), "--data", rows.toString()), "descent predict: " + bad
                + ": tensor '" + name + "' holds 1 NaN or infinite value of " + values.length + "; a model with such"
                + " weights predicts NaN for every row (was it trained until it diverged?)");
    }

    @Test
    void standardOutputAndTheOutFileHoldTheSameShortestDigits() throws IOException {
        CliRun printed = CliRun.of("predict", "--model", model.toString(), "--data", rows.toString());
        Path out = dir.resolve("predictions.csv");
        CliRun written = CliRun.of("predict", "--model", model.toString(), "--data", rows.toString(), "--out", out.toString());
        CliRun json = CliRun.of("predict", "--model", model.toString(), "--data", rows.toString(), "--json");
        assertThat(written.status()).as(written.err()).isZero();
        assertThat(Files.readString(out)).isEqualTo(printed.out().replace(System.lineSeparator(), "\n"));
        List<String> lines = Files.readAllLines(out);
        JsonNode predictions = json.json().get("predictions");
        assertThat(lines).hasSize(4);
        for (int i = 1; i < lines.size(); i++) {
            double value = Double.parseDouble(lines.get(i));
            assertThat(value).isEqualTo(predictions.get(i - 1).asDouble());
            assertThat(lines.get(i)).isEqualTo(predictions.get(i - 1).asText());
        }

        Path iris = dir.resolve("iris.safetensors");
        assertThat(CliRun.of("fit", "--data", "iris", "--model", "mlp:4", "--epochs", "3", "--save", iris.toString())
                .status()).isZero();
        CliRun classes = CliRun.of("predict", "--model", iris.toString(), "--data", "iris", "--probabilities");
        Path classesOut = dir.resolve("classes.csv");
        assertThat(CliRun.of("predict", "--model", iris.toString(), "--data", "iris", "--probabilities", "--out",
                classesOut.toString()).status()).isZero();
        // the score goes to standard error, so standard output is the very CSV --out writes
        assertThat(Files.readString(classesOut)).isEqualTo(classes.out().replace(System.lineSeparator(), "\n"));
        assertThat(classes.err()).startsWith("the data has the target 'target': accuracy ");
    }

    @Test
    void rowsAreReadFromANamedPipe() throws Exception {
        Path fifo = Hostile.fifo(dir, "rows.pipe");
        var writer = Hostile.feed(fifo, ROWS.getBytes(StandardCharsets.UTF_8));
        CliRun piped = CliRun.of("predict", "--model", model.toString(), "--data", fifo.toString());
        writer.get(10, TimeUnit.SECONDS);
        assertThat(piped.status()).as(piped.err()).isZero();
        assertThat(piped.out()).isEqualTo(CliRun.of("predict", "--model", model.toString(), "--data", rows.toString()).out());
    }

    @Test
    void aModelIsReadFromANamedPipeAndAnEmptyPipeIsNotCalledAZeroByteFile() throws Exception {
        Path fifo = Hostile.fifo(dir, "model.pipe");
        var writer = Hostile.feed(fifo, Files.readAllBytes(model));
        CliRun piped = CliRun.of("predict", "--model", fifo.toString(), "--data", rows.toString());
        writer.get(10, TimeUnit.SECONDS);
        assertThat(piped.status()).as(piped.err()).isZero();
        assertThat(piped.out()).isEqualTo(CliRun.of("predict", "--model", model.toString(), "--data", rows.toString()).out());

        var nothing = Hostile.feed(fifo, new byte[0]);
        CliRun empty = CliRun.of("predict", "--model", fifo.toString(), "--data", rows.toString());
        nothing.get(10, TimeUnit.SECONDS);
        assertRefused(empty, "descent predict: " + fifo + ": the stream ended after 0 bytes, too short for a safetensors"
                + " file (it starts with an 8-byte header length)");
    }

    @Test
    void aFullDiskIsOneLineAndOutputsThatWouldDestroyAnInputAreRefused() throws IOException {
        Path full = Hostile.fullDevice(dir, "full.csv");
        assertRefused(CliRun.of("predict", "--model", model.toString(), "--data", rows.toString(), "--out", full.toString()),
                "descent predict: cannot write " + full + ": no space left on device");
        byte[] saved = Files.readAllBytes(model);
        assertRefused(CliRun.of("predict", "--model", model.toString(), "--data", rows.toString(), "--out",
                model.toString()), "descent predict: --out " + model + " is the same file as --model " + model
                + "; writing it would destroy the input");
        assertRefused(CliRun.of("predict", "--model", model.toString(), "--data", rows.toString(), "--out",
                rows.toString()), "descent predict: --out " + rows + " is the same file as --data " + rows
                + "; writing it would destroy the input");
        assertThat(Files.readAllBytes(model)).isEqualTo(saved);
        assertThat(Files.readString(rows)).isEqualTo(ROWS);
        assertThat(everything(dir)).containsExactly("full.csv", "model.safetensors", "points.csv", "rows.csv");
    }
}
