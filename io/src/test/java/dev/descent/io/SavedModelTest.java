package dev.descent.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.Tensor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SavedModelTest {
    @TempDir
    Path dir;

    private static SavedModel linear(double w0) {
        Map<String, Tensor> weights = new LinkedHashMap<>();
        weights.put("weight", Tensor.of(new double[][] {{w0, 2.0}}));
        weights.put("bias", Tensor.of(0.5));
        return new SavedModel("linear", List.of("a", "b"), "y", List.of(), null, weights);
    }

    private static Map<String, String> metadata(Path file) {
        return Safetensors.read(file).metadata();
    }

    @Test
    void aModelWithNanOrInfiniteWeightsIsRefusedOnLoadNamingTheTensor() throws IOException {
        Path good = dir.resolve("good.safetensors");
        linear(1.0).save(good);
        Path bad = dir.resolve("diverged.safetensors");
        Map<String, Tensor> weights = new LinkedHashMap<>();
        weights.put("weight", Tensor.of(new double[][] {{Double.NaN, Double.POSITIVE_INFINITY}}));
        weights.put("bias", Tensor.of(0.5));
        Safetensors.write(bad, weights, metadata(good));
        assertThatThrownBy(() -> SavedModel.load(bad)).isExactlyInstanceOf(ModelFileException.class)
                .hasMessage(bad + ": tensor 'weight' holds 2 NaN or infinite values of 2; a model with such weights"
                        + " predicts NaN for every row (was it trained until it diverged?)");
    }

    @Test
    void saveRefusesNanWeightsNamingTheTensorAndWritesNothing() {
        Path f = dir.resolve("m.safetensors");
        assertThatThrownBy(() -> linear(Double.NaN).save(f)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("save: tensor 'weight' holds 1 NaN or infinite value of 2; not writing " + f);
        assertThat(f).doesNotExist();
    }

    @Test
    void anInfiniteScalerValueIsRefused() throws IOException {
        Path good = dir.resolve("good.safetensors");
        linear(1.0).save(good);
        Map<String, String> meta = new LinkedHashMap<>(metadata(good));
        meta.put("descent.scaler.mean", "[0.0, 1e999]");
        meta.put("descent.scaler.scale", "[1.0, 1.0]");
        Path bad = dir.resolve("bad.safetensors");
        Safetensors.write(bad, Safetensors.read(good).tensors(), meta);
        assertThatThrownBy(() -> SavedModel.load(bad)).isExactlyInstanceOf(ModelFileException.class)
                .hasMessage(bad + ": metadata 'descent.scaler.mean' holds Infinity, not a finite number");
    }

    @Test
    void aModelIsReadFromAStreamAndFromANamedPipe() throws Exception {
        Path file = dir.resolve("m.safetensors");
        linear(3.0).save(file);
        byte[] bytes = Files.readAllBytes(file);
        assertThat(SavedModel.load(new ByteArrayInputStream(bytes), "-").weights().get("weight").toArray())
                .containsExactly(3.0, 2.0);

        Path fifo = Fifos.make(dir, "model.pipe");
        var writer = Fifos.feed(fifo, bytes);
        SavedModel fromPipe = SavedModel.load(fifo);
        writer.get(10, TimeUnit.SECONDS);
        assertThat(fromPipe.features()).containsExactly("a", "b");
        assertThat(fromPipe.weights().get("bias").item()).isEqualTo(0.5);
    }

    @Test
    void anEmptyPipeIsAnEmptyStreamNotAZeroByteFile() throws Exception {
        Path fifo = Fifos.make(dir, "empty.pipe");
        var writer = Fifos.feed(fifo, new byte[0]);
        assertThatThrownBy(() -> SavedModel.load(fifo)).isExactlyInstanceOf(ModelFileException.class)
                .hasMessage(fifo + ": the stream ended after 0 bytes, too short for a safetensors file (it starts"
                        + " with an 8-byte header length)");
        writer.get(10, TimeUnit.SECONDS);
    }
}
