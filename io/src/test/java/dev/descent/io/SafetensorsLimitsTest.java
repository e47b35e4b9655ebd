package dev.descent.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.Tensor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Headers that are valid JSON but far too large: refused while reading them, with short messages. */
class SafetensorsLimitsTest {
    @TempDir
    Path dir;

    /** A header of {@code n} one-byte tensors, followed by their data: about 60 bytes a tensor. */
    private static byte[] tinyTensors(int n) {
        StringBuilder json = new StringBuilder(64 * n).append('{');
        for (int i = 0; i < n; i++) {
            json.append(i == 0 ? "" : ",").append("\"t").append(i).append("\":{\"dtype\":\"U8\",\"shape\":[1],")
                    .append("\"data_offsets\":[").append(i).append(',').append(i + 1).append("]}");
        }
        return SafetensorsBytes.header(json.append('}').toString()).zeros(n).bytes();
    }

    private Path write(byte[] bytes) throws IOException {
        return Files.write(dir.resolve("hostile.safetensors"), bytes);
    }

    @Test
    void aHeaderOfMoreTensorsThanTheLimitIsRefusedQuicklyWithAShortMessage() throws IOException {
        Path f = write(tinyTensors(SafetensorsHeader.MAX_TENSORS + 1));
        long start = System.nanoTime();
        assertThatThrownBy(() -> Safetensors.read(f)).isExactlyInstanceOf(ModelFileException.class)
                .hasMessage(f + ": the header describes more than 100000 tensors, the most Descent reads from one"
                        + " file (a damaged or hostile file?)");
        assertThat((System.nanoTime() - start) / 1e9).as("seconds to refuse").isLessThan(10);
    }

    @Test
    void aHeaderAtTheTensorLimitIsRead() throws IOException {
        SafetensorsFile file = Safetensors.read(write(tinyTensors(SafetensorsHeader.MAX_TENSORS)));
        assertThat(file.tensors()).hasSize(SafetensorsHeader.MAX_TENSORS);
        assertThat(file.tensor("t99999").item()).isEqualTo(0.0);
    }

    @Test
    void tooManyOrTooLargeMetadataIsRefused() throws IOException {
        StringBuilder many = new StringBuilder("{\"__metadata__\":{");
        for (int i = 0; i <= SafetensorsHeader.MAX_METADATA_ENTRIES; i++) {
            many.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
        }
        Path f = write(SafetensorsBytes.header(many.append("}}").toString()).bytes());
        assertThatThrownBy(() -> Safetensors.read(f)).isExactlyInstanceOf(ModelFileException.class)
                .hasMessage(f + ": __metadata__ holds more than 10000 entries or 16777216 characters, more than"
                        + " Descent reads (a damaged or hostile file?)");
        String large = "{\"__metadata__\":{\"a\":\"" + "x".repeat(SafetensorsHeader.MAX_METADATA_CHARS) + "\"}}";
        Path g = write(SafetensorsBytes.header(large).bytes());
        assertThatThrownBy(() -> Safetensors.read(g)).isExactlyInstanceOf(ModelFileException.class)
                .hasMessageContaining("__metadata__ holds more than 10000 entries or 16777216 characters");
    }

    @Test
    void aShapeWithMoreDimensionsThanTheLimitIsRefusedBeforeReadingItAll() throws IOException {
        String dims = "1,".repeat(1_000_000) + "1";
        Path f = write(SafetensorsBytes.header("{\"w\":{\"dtype\":\"F64\",\"shape\":[" + dims
                + "],\"data_offsets\":[0,8]}}").zeros(8).bytes());
        assertThatThrownBy(() -> Safetensors.read(f)).isExactlyInstanceOf(ModelFileException.class)
                .hasMessage(f + ": tensor 'w' has a shape of more than 64 dimensions");
        Path g = write(SafetensorsBytes.header("{\"w\":{\"dtype\":\"F64\",\"shape\":[" + "1,".repeat(63) + "1"
                + "],\"data_offsets\":[0,8]}}").f64(3).bytes());
        assertThat(Safetensors.read(g).tensor("w").shape().rank()).isEqualTo(64);
    }

    @Test
    void everyMessageStaysShortWhateverTheFileHolds() throws IOException {
        String name = "n\n".repeat(20_000);
        Path f = write(SafetensorsBytes.header("{\"" + name.replace("\n", "\\n")
                + "\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,8]}}").zeros(8).bytes());
        assertThatThrownBy(() -> Safetensors.read(f)).isExactlyInstanceOf(ModelFileException.class)
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(400).doesNotContain("\n")
                        .startsWith(f + ": tensor 'n\\nn\\n").endsWith("...' has data_offsets [0, 8] (8 bytes) but"
                                + " shape [2] of F64 needs 16 bytes"));
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (int i = 0; i < 1000; i++) {
            tensors.put("layer" + i, Tensor.of(1.0));
        }
        Path g = dir.resolve("many.safetensors");
        Safetensors.write(g, tensors, Map.of());
        assertThatThrownBy(() -> Safetensors.read(g).tensor("bias")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("safetensors: no tensor 'bias'; the file holds 'layer0', 'layer1', 'layer2', 'layer3', 'layer4',"
                        + " 'layer5', 'layer6', 'layer7', 'layer8', 'layer9' and 990 more");
    }

    @Test
    void writingRefusesWhatReadingWouldRefuse() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Tensor one = Tensor.of(1.0);
        for (int i = 0; i <= SafetensorsHeader.MAX_TENSORS; i++) {
            tensors.put("t" + i, one);
        }
        Path f = dir.resolve("too-many.safetensors");
        assertThatThrownBy(() -> Safetensors.write(f, tensors, Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("safetensors: 100001 tensors, more than readers accept (100000)");
        assertThat(f).doesNotExist();
    }

    @Test
    void aStreamIsReadFrontToBackWithTheSameChecks() {
        byte[] bytes = SafetensorsBytes.header("{\"__metadata__\":{\"k\":\"v\"},"
                + "\"w\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]},"
                + "\"b\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[16,24]}}").f64(1.5, -2.0, 0.25).bytes();
        SafetensorsFile read = Safetensors.read(new ByteArrayInputStream(bytes), "-");
        assertThat(read.tensor("w").toArray()).containsExactly(1.5, -2.0);
        assertThat(read.tensor("b").toArray()).containsExactly(0.25);
        assertThat(read.metadata()).containsExactly(Map.entry("k", "v"));

        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 4);
        assertThatThrownBy(() -> Safetensors.read(new ByteArrayInputStream(truncated), "-"))
                .isExactlyInstanceOf(ModelFileException.class)
                .hasMessage("-: the data ends inside tensor 'b', which ends at byte 24 of the data (a truncated file,"
                        + " or one changed while being read?)");
        byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 1);
        assertThatThrownBy(() -> Safetensors.read(new ByteArrayInputStream(longer), "-"))
                .hasMessage("-: more bytes follow the data of the last tensor (extra bytes at the end)");
        assertThatThrownBy(() -> Safetensors.read(new ByteArrayInputStream(new byte[0]), "-"))
                .hasMessage("-: the stream ended after 0 bytes, too short for a safetensors file (it starts with an"
                        + " 8-byte header length)");
        for (int length = 0; length < bytes.length; length++) {
            byte[] part = java.util.Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> Safetensors.read(new ByteArrayInputStream(part), "-"))
                    .isExactlyInstanceOf(ModelFileException.class);
        }
    }
}
