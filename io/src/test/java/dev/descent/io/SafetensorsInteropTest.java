package dev.descent.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.DType;
import dev.descent.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files written by the reference implementation (the {@code safetensors} Python package 0.8.0 with
 * NumPy), kept as test resources:
 * <pre>
 * save_file({"half": np.array([1, -2, 65504, 2**-24], dtype=np.float16), "mask": np.array([True, False]),
 *            "index": np.arange(6, dtype=np.int64).reshape(2, 3), "weight": np.array([[0.5, -1.25]], dtype=np.float32),
 *            "bias": np.array([0.1])}, "numpy-written.safetensors", metadata={"format": "np"})
 * save_file({"a": np.array([1.0, -2.0]), "b": np.array(0.5)}, "numpy-layout.safetensors", metadata={"k": "v"})
 * </pre>
 */
class SafetensorsInteropTest {
    @TempDir
    Path dir;

    private Path resource(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream(name)) {
            Path f = dir.resolve(name);
            Files.write(f, in.readAllBytes());
            return f;
        }
    }

    @Test
    void aFileWrittenByTheReferenceImplementationIsReadWithEveryDtype() throws IOException {
        SafetensorsFile file = Safetensors.read(resource("numpy-written.safetensors"));
        assertThat(file.metadata()).containsExactly(Map.entry("format", "np"));
        assertThat(file.tensors().keySet()).containsExactlyInAnyOrder("half", "mask", "index", "weight", "bias");
        assertThat(file.tensor("half").toArray()).containsExactly(1, -2, 65504, 0x1p-24);
        assertThat(file.tensor("mask").toArray()).containsExactly(1, 0);
        assertThat(file.tensor("index").shape().dims()).containsExactly(2, 3);
        assertThat(file.tensor("index").toArray()).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(file.tensor("weight").shape().dims()).containsExactly(1, 2);
        assertThat(file.tensor("weight").toArray()).containsExactly(0.5, -1.25);
        assertThat(file.tensor("bias").toArray()).containsExactly(0.1);
        assertThat(file.tensor("weight").dtype()).as("F32 stays float32").isEqualTo(DType.FLOAT32);
        assertThat(file.tensor("half").dtype()).as("F16 widens to float32").isEqualTo(DType.FLOAT32);
        assertThat(file.tensor("bias").dtype()).isEqualTo(DType.FLOAT64);
        assertThat(file.tensor("index").dtype()).isEqualTo(DType.FLOAT64);
    }

    @Test
    void descentWritesTheSameBytesAsTheReferenceImplementation() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("a", Tensor.of(1.0, -2.0));
        tensors.put("b", Tensor.of(0.5));
        Path ours = dir.resolve("ours.safetensors");
        Safetensors.write(ours, tensors, Map.of("k", "v"));
        assertThat(Files.readAllBytes(ours)).containsExactly(Files.readAllBytes(resource("numpy-layout.safetensors")));
    }
}
