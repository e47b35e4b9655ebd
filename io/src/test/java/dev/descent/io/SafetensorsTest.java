package dev.descent.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.DType;
import dev.descent.Shape;
import dev.descent.Tensor;
import dev.descent.nn.Linear;
import dev.descent.nn.Module;
import dev.descent.nn.ReLU;
import dev.descent.nn.Sequential;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
    @TempDir
    Path dir;

    private static long[] bits(Tensor t) {
        return Arrays.stream(t.toArray()).mapToLong(Double::doubleToRawLongBits).toArray();
    }

    @Test
    void aRoundTripIsBitExactIncludingNanNegativeZeroAndSubnormals() {
        double nanWithPayload = Double.longBitsToDouble(0x7ff8_0000_dead_beefL);
        double[] special = {Double.NaN, nanWithPayload, -0.0, 0.0, Double.MIN_VALUE, 1e-310, -Double.MIN_NORMAL,
            Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.1, -1.0 / 3};
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("z.weight", Tensor.of(special, Shape.of(3, 4)));
        tensors.put("a.bias", Tensor.of(2.5));
        tensors.put("empty", Tensor.zeros(0, 3));
        tensors.put("gewicht µ", Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, Shape.of(2, 2, 2)));
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        metadata.put("features", "CRIM,RM \"quoted\" ü");
        Path f = dir.resolve("model.safetensors");

        Safetensors.write(f, tensors, metadata);
        SafetensorsFile back = Safetensors.read(f);

        assertThat(back.tensors().keySet()).containsExactly("z.weight", "a.bias", "empty", "gewicht µ");
        assertThat(back.metadata()).containsExactly(Map.entry("format", "pt"),
                Map.entry("features", "CRIM,RM \"quoted\" ü"));
        for (String name : tensors.keySet()) {
            assertThat(back.tensor(name).shape()).isEqualTo(tensors.get(name).shape());
            assertThat(bits(back.tensor(name))).containsExactly(bits(tensors.get(name)));
        }
    }

    @Test
    void theBytesFollowThePublishedLayout() throws IOException {
        Path f = dir.resolve("tiny.safetensors");
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("w", Tensor.of(1.0, -2.0));
        tensors.put("b", Tensor.of(0.5));
        Safetensors.write(f, tensors, Map.of("k", "v"));

        String json = "{\"__metadata__\":{\"k\":\"v\"},"
                + "\"w\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]},"
                + "\"b\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[16,24]}}";
        int padded = (json.length() + 7) / 8 * 8;
        String header = json + " ".repeat(padded - json.length());
        ByteBuffer expected = ByteBuffer.allocate(8 + padded + 24).order(ByteOrder.LITTLE_ENDIAN);
        expected.putLong(padded);
        expected.put(header.getBytes(StandardCharsets.US_ASCII));
        // 1.0 = 0x3FF0000000000000, -2.0 = 0xC000000000000000, 0.5 = 0x3FE0000000000000, little-endian
        expected.put(new byte[] {0, 0, 0, 0, 0, 0, (byte) 0xF0, 0x3F});
        expected.put(new byte[] {0, 0, 0, 0, 0, 0, 0, (byte) 0xC0});
        expected.put(new byte[] {0, 0, 0, 0, 0, 0, (byte) 0xE0, 0x3F});

        byte[] actual = Files.readAllBytes(f);
        assertThat(actual).containsExactly(expected.array());
        assertThat((8 + padded) % 8).isZero();
        assertThat(padded).isGreaterThan(json.length());
    }

    @Test
    void withoutMetadataTheHeaderHasNoMetadataKey() throws IOException {
        Path f = dir.resolve("m.safetensors");
        Safetensors.write(f, Map.of("x", Tensor.of(1.0)), Map.of());
        String header = new String(Files.readAllBytes(f), 8, 56, StandardCharsets.US_ASCII);
        assertThat(header.strip()).isEqualTo("{\"x\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[0,8]}}");
        assertThat(Safetensors.read(f).metadata()).isEmpty();
    }

    @Test
    void f32WritingRoundsToFloatAndSaysF32InTheHeader() throws IOException {
        Path f = dir.resolve("f32.safetensors");
        Safetensors.write(f, Map.of("x", Tensor.of(0.1, 3.0)), Map.of(), Dtype.F32);
        assertThat(new String(Files.readAllBytes(f), StandardCharsets.US_ASCII)).contains("\"dtype\":\"F32\"");
        assertThat(Safetensors.read(f).tensor("x").toArray()).containsExactly((double) 0.1f, 3.0);
    }

    @Test
    void eachTensorIsWrittenInItsOwnTypeAndReadBackInIt() throws IOException {
        Path f = dir.resolve("mixed.safetensors");
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("w32", Tensor.of(new float[] {0.1f, -3e38f, Float.MIN_VALUE}));
        tensors.put("w64", Tensor.of(0.1, 1e300));
        Safetensors.write(f, tensors, Map.of());
        String header = new String(Files.readAllBytes(f), StandardCharsets.US_ASCII);
        assertThat(header).contains("\"w32\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,12]}")
                .contains("\"w64\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[12,28]}");
        SafetensorsFile read = Safetensors.read(f);
        assertThat(read.tensor("w32").dtype()).isEqualTo(DType.FLOAT32);
        assertThat(read.tensor("w32").toFloatArray()).containsExactly(0.1f, -3e38f, Float.MIN_VALUE);
        assertThat(read.tensor("w64").dtype()).isEqualTo(DType.FLOAT64);
        assertThat(read.tensor("w64").toArray()).containsExactly(0.1, 1e300);
    }

    @Test
    void aFloat32ModelSavedAndLoadedKeepsItsTypeAndEveryBit() throws IOException {
        Module model = new Sequential(new Linear(3, 4, new Random(0)), new ReLU(), new Linear(4, 2, new Random(1)))
                .to(DType.FLOAT32);
        Path f = dir.resolve("model32.safetensors");
        Safetensors.write(f, model.stateDict(), Map.of());
        Map<String, Tensor> read = Safetensors.read(f).tensors();
        Module again = new Sequential(new Linear(3, 4, new Random(5)), new ReLU(), new Linear(4, 2, new Random(6)))
                .to(DType.FLOAT32);
        again.loadStateDict(read);
        Tensor x = Tensor.ones(DType.FLOAT32, 1, 3);
        assertThat(again.forward(x).dtype()).isEqualTo(DType.FLOAT32);
        assertThat(again.forward(x).toArray()).containsExactly(model.forward(x).toArray());
        for (Map.Entry<String, Tensor> e : model.stateDict().entrySet()) {
            assertThat(read.get(e.getKey()).dtype()).as(e.getKey()).isEqualTo(DType.FLOAT32);
        }
    }

    @Test
    void f64WritingWidensFloat32Exactly() throws IOException {
        Path f = dir.resolve("widened.safetensors");
        Safetensors.write(f, Map.of("x", Tensor.of(new float[] {0.1f})), Map.of(), Dtype.F64);
        Tensor x = Safetensors.read(f).tensor("x");
        assertThat(x.dtype()).isEqualTo(DType.FLOAT64);
        assertThat(x.toArray()).containsExactly((double) 0.1f);
    }

    @Test
    void aHandBuiltF32FileIsRead() throws IOException {
        byte[] file = SafetensorsBytes.header("{\"x\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}")
                .f32(1.5f, -0.25f, 3e38f, Float.MIN_VALUE).bytes();
        Path f = Files.write(dir.resolve("torch.safetensors"), file);
        Tensor x = Safetensors.read(f).tensor("x");
        assertThat(x.shape().dims()).containsExactly(2, 2);
        assertThat(x.toArray()).containsExactly(1.5, -0.25, (double) 3e38f, (double) Float.MIN_VALUE);
    }

    @Test
    void everyReadableDtypeConvertsToDouble() throws IOException {
        String header = "{"
                + "\"f16\":{\"dtype\":\"F16\",\"shape\":[7],\"data_offsets\":[0,14]},"
                + "\"bf16\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[14,18]},"
                + "\"i8\":{\"dtype\":\"I8\",\"shape\":[2],\"data_offsets\":[18,20]},"
                + "\"u8\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[20,22]},"
                + "\"bool\":{\"dtype\":\"BOOL\",\"shape\":[3],\"data_offsets\":[22,25]},"
                + "\"i16\":{\"dtype\":\"I16\",\"shape\":[1],\"data_offsets\":[25,27]},"
                + "\"u16\":{\"dtype\":\"U16\",\"shape\":[1],\"data_offsets\":[27,29]},"
                + "\"i32\":{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[29,33]},"
                + "\"u32\":{\"dtype\":\"U32\",\"shape\":[1],\"data_offsets\":[33,37]},"
                + "\"i64\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[37,45]},"
                + "\"u64\":{\"dtype\":\"U64\",\"shape\":[1],\"data_offsets\":[45,53]}}";
        byte[] file = SafetensorsBytes.header(header)
                // F16: 1, -2, 65504 (largest), 2^-24 (smallest subnormal), +inf, -0, NaN
                .shorts(0x3C00, 0xC000, 0x7BFF, 0x0001, 0x7C00, 0x8000, 0x7E00)
                .shorts(0x3F80, 0xC040)             // BF16: 1, -3
                .raw((byte) -128, (byte) 127)       // I8
                .raw((byte) 0xFF, (byte) 0)         // U8: 255, 0
                .raw((byte) 0, (byte) 1, (byte) 2)  // BOOL: false, true, true (NumPy's rule)
                .shorts(-32768)                     // I16
                .shorts(0xFFFF)                     // U16
                .ints(Integer.MIN_VALUE)            // I32
                .ints(-1)                           // U32: 2^32 - 1
                .longs(-(1L << 53))                 // I64
                .longs(-1L)                         // U64: 2^64 - 1, rounds to 2^64
                .bytes();
        SafetensorsFile read = Safetensors.read(Files.write(dir.resolve("all.safetensors"), file));
        assertThat(read.tensor("f16").toArray()).containsExactly(1, -2, 65504, 0x1p-24, Double.POSITIVE_INFINITY,
                -0.0, Double.NaN);
        assertThat(Double.doubleToRawLongBits(read.tensor("f16").toArray()[5])).isEqualTo(Long.MIN_VALUE);
        assertThat(read.tensor("bf16").toArray()).containsExactly(1, -3);
        assertThat(read.tensor("i8").toArray()).containsExactly(-128, 127);
        assertThat(read.tensor("u8").toArray()).containsExactly(255, 0);
        assertThat(read.tensor("bool").toArray()).containsExactly(0, 1, 1);
        assertThat(read.tensor("i16").toArray()).containsExactly(-32768);
        assertThat(read.tensor("u16").toArray()).containsExactly(65535);
        assertThat(read.tensor("i32").toArray()).containsExactly(Integer.MIN_VALUE);
        assertThat(read.tensor("u32").toArray()).containsExactly(4294967295.0);
        assertThat(read.tensor("i64").toArray()).containsExactly(-0x1p53);
        assertThat(read.tensor("u64").toArray()).containsExactly(0x1p64);
    }

    @Test
    void halfPrecisionDecodesNormalsSubnormalsAndSpecials() {
        assertThat(Dtype.halfToDouble((short) 0x3555)).isEqualTo(0.333251953125);
        assertThat(Dtype.halfToDouble((short) 0x0400)).isEqualTo(0x1p-14);
        assertThat(Dtype.halfToDouble((short) 0x03FF)).isEqualTo(1023 * 0x1p-24);
        assertThat(Dtype.halfToDouble((short) 0xFC00)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(Dtype.unsignedToDouble(1L << 63)).isEqualTo(0x1p63);
    }

    @Test
    void aFileWhoseDataIsNotAlignedIsStillRead() throws IOException {
        byte[] file = SafetensorsBytes.header("{\"x\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]}}")
                .f64(42).bytes();
        assertThat(Safetensors.read(Files.write(dir.resolve("x.safetensors"), file)).tensor("x").item()).isEqualTo(42);
    }

    @Test
    void writingRejectsTheReservedNameAndIntegerTypes() {
        Path f = dir.resolve("x.safetensors");
        assertThatThrownBy(() -> Safetensors.write(f, Map.of("__metadata__", Tensor.of(1.0)), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("__metadata__");
        assertThatThrownBy(() -> Safetensors.write(f, Map.of("x", Tensor.of(1.0)), Map.of(), Dtype.I8))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("safetensors: Descent writes F64 or F32, not I8");
        assertThat(f).doesNotExist();
    }

    @Test
    void askingForAMissingTensorListsTheNames() {
        Path f = dir.resolve("x.safetensors");
        Safetensors.write(f, Map.of("weight", Tensor.of(1.0)), Map.of());
        assertThatThrownBy(() -> Safetensors.read(f).tensor("bias")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("safetensors: no tensor 'bias'; the file holds 'weight'");
    }

    @Test
    void aFailedWriteKeepsTheOldModel() throws IOException {
        Path f = dir.resolve("model.safetensors");
        Safetensors.write(f, Map.of("w", Tensor.of(1.0)), Map.of());
        byte[] before = Files.readAllBytes(f);
        Map<String, Tensor> bad = new LinkedHashMap<>();
        bad.put("w", Tensor.of(2.0));
        bad.put(null, Tensor.of(3.0));
        assertThatThrownBy(() -> Safetensors.write(f, bad, Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThat(Files.readAllBytes(f)).containsExactly(before);
    }
}
