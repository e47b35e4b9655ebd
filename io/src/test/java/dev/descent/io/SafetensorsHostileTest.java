package dev.descent.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Truncated, corrupted and hostile files, each built byte by byte: a clear ModelFileException, nothing else. */
class SafetensorsHostileTest {
    private static final String W16 = "\"w\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]}";

    @TempDir
    Path dir;

    private Path path;

    private AbstractThrowableAssert<?, ? extends Throwable> reading(byte[] bytes) throws IOException {
        path = Files.write(dir.resolve("bad.safetensors"), bytes);
        return assertThatThrownBy(() -> Safetensors.read(path)).isExactlyInstanceOf(ModelFileException.class);
    }

    private AbstractThrowableAssert<?, ? extends Throwable> readingHeader(String json, int dataBytes)
            throws IOException {
        return reading(SafetensorsBytes.header(json).zeros(dataBytes).bytes());
    }

    @Test
    void anEmptyOrTinyFileIsTooShort() throws IOException {
        reading(new byte[0]).satisfies(e -> assertThat(e).hasMessage(path + ": the file is 0 bytes long, too short"
                + " for a safetensors file (it starts with an 8-byte header length)"));
        reading(new byte[] {1, 2, 3}).hasMessageContaining("the file is 3 bytes long, too short");
    }

    @Test
    void aHugeHeaderLengthIsRefusedBeforeAllocating() throws IOException {
        reading(SafetensorsBytes.headerLength(-1L).raw("{}".getBytes(StandardCharsets.UTF_8)).bytes())
                .satisfies(e -> assertThat(e).hasMessage(path + ": the header length is 18446744073709551615 bytes,"
                        + " more than the limit of 100000000 (is this a safetensors file?)"));
        reading(SafetensorsBytes.headerLength(100_000_001L).raw("{}".getBytes(StandardCharsets.UTF_8)).bytes())
                .hasMessageContaining("the header length is 100000001 bytes, more than the limit of 100000000");
    }

    @Test
    void aHeaderLengthOfOneIsTooShortForJson() throws IOException {
        reading(SafetensorsBytes.headerLength(1).raw((byte) '{').bytes())
                .satisfies(e -> assertThat(e).hasMessage(path + ": the header length is 1, too short for a JSON"
                        + " object (at least 2 bytes: {})"));
    }

    @Test
    void aHeaderLengthBeyondTheFileIsATruncatedFile() throws IOException {
        reading(SafetensorsBytes.headerLength(1000).raw("{\"w\":{\"dtype\"".getBytes(StandardCharsets.UTF_8)).bytes())
                .satisfies(e -> assertThat(e).hasMessage(path + ": the header length is 1000 bytes, but only 13 bytes"
                        + " follow it (a truncated file?)"));
    }

    @Test
    void aCsvFileGivenAsAModelIsRecognisedAsNotSafetensors() throws IOException {
        reading("CRIM,RM,MEDV\n1,2,3\n".getBytes(StandardCharsets.UTF_8)).hasMessageContaining("more than the limit of 100000000");
    }

    @Test
    void truncatedDataIsDetectedBeforeReadingIt() throws IOException {
        readingHeader("{" + W16 + "}", 8).satisfies(e -> assertThat(e).hasMessage(path + ": tensor 'w' ends at byte 16"
                + " of the data, but the file holds only 8 bytes of data (a truncated file?)"));
    }

    @Test
    void aHeaderClaimingAGiantTensorInATinyFileAllocatesNothing() throws IOException {
        readingHeader("{\"w\":{\"dtype\":\"F64\",\"shape\":[200000000],\"data_offsets\":[0,1600000000]}}", 8)
                .hasMessageContaining("tensor 'w' ends at byte 1600000000 of the data, but the file holds only 8 bytes");
    }

    @Test
    void extraBytesAfterTheLastTensorAreAnError() throws IOException {
        readingHeader("{" + W16 + "}", 24).satisfies(e -> assertThat(e).hasMessage(path + ": the file holds 24 bytes"
                + " of data but its tensors describe only 16 (extra bytes at the end)"));
    }

    @Test
    void overlappingOffsetsAreAnError() throws IOException {
        readingHeader("{" + W16 + ",\"v\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[8,24]}}", 24)
                .satisfies(e -> assertThat(e).hasMessage(path + ": tensor 'v' (data_offsets [8, 24]) overlaps tensor"
                        + " 'w' (data_offsets [0, 16])"));
    }

    @Test
    void aGapBetweenOffsetsIsAnError() throws IOException {
        readingHeader("{\"a\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[16,24]}}", 24)
                .satisfies(e -> assertThat(e).hasMessage(path + ": bytes 8 to 16 of the data belong to no tensor (a gap"
                        + " before tensor 'b'); data_offsets must be contiguous"));
        readingHeader("{\"a\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[8,16]}}", 16)
                .hasMessageContaining("bytes 0 to 8 of the data belong to no tensor");
    }

    @Test
    void aShapeWhoseProductOverflowsIsAnError() throws IOException {
        readingHeader("{\"w\":{\"dtype\":\"F64\",\"shape\":[2147483647,2147483647,8],\"data_offsets\":[0,8]}}", 8)
                .satisfies(e -> assertThat(e).hasMessage(path + ": tensor 'w' has shape [2147483647, 2147483647, 8],"
                        + " whose size in bytes overflows 64 bits"));
        readingHeader("{\"w\":{\"dtype\":\"F64\",\"shape\":[2147483647,2147483647],\"data_offsets\":[0,8]}}", 8)
                .hasMessageContaining("whose size in bytes overflows 64 bits");
    }

    @Test
    void moreElementsThanATensorHoldsIsAnErrorBeforeAnyAllocation() throws IOException {
        readingHeader("{\"w\":{\"dtype\":\"U8\",\"shape\":[2147483647,2],\"data_offsets\":[0,4294967294]}}", 8)
                .satisfies(e -> assertThat(e).hasMessage(path + ": tensor 'w' has 4294967294 elements; a Descent"
                        + " tensor holds at most 2147483639"));
    }

    @Test
    void aShapeThatDoesNotMatchTheOffsetsIsAnError() throws IOException {
        readingHeader("{\"weight\":{\"dtype\":\"F64\",\"shape\":[2,3],\"data_offsets\":[0,96]}}", 96)
                .satisfies(e -> assertThat(e).hasMessage(path + ": tensor 'weight' has data_offsets [0, 96] (96 bytes)"
                        + " but shape [2, 3] of F64 needs 48 bytes"));
    }

    @Test
    void badDimensionsAreErrors() throws IOException {
        readingHeader("{\"w\":{\"dtype\":\"F64\",\"shape\":[-1],\"data_offsets\":[0,8]}}", 8)
                .hasMessageEndingWith("tensor 'w' has the negative dimension -1 in shape [-1]");
        readingHeader("{\"w\":{\"dtype\":\"F64\",\"shape\":[3000000000],\"data_offsets\":[0,8]}}", 8)
                .hasMessageEndingWith("tensor 'w' has the dimension 3000000000 in shape [3000000000], larger than 2147483647");
        readingHeader("{\"w\":{\"dtype\":\"F64\",\"shape\":[1.5],\"data_offsets\":[0,8]}}", 8)
                .hasMessageEndingWith("tensor 'w' has shape [1.5], which is not a list of whole numbers");
        readingHeader("{\"w\":{\"dtype\":\"F64\",\"shape\":\"2\",\"data_offsets\":[0,8]}}", 8)
                .hasMessageEndingWith("tensor 'w' needs a shape: a list of whole numbers such as [2, 3]");
    }

    @Test
    void badOffsetsAreErrors() throws IOException {
        readingHeader("{\"w\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[16,8]}}", 16)
                .hasMessageEndingWith("tensor 'w' has data_offsets [16,8] that end before they begin");
        readingHeader("{\"w\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0]}}", 8)
                .hasMessageEndingWith("tensor 'w' needs data_offsets: two whole numbers [begin, end] with 0 <= begin <= end");
        readingHeader("{\"w\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,99999999999999999999]}}", 8)
                .hasMessageEndingWith("with 0 <= begin <= end, not [0,99999999999999999999]");
    }

    @Test
    void anUnknownDtypeIsAnError() throws IOException {
        readingHeader("{\"w\":{\"dtype\":\"F128\",\"shape\":[1],\"data_offsets\":[0,16]}}", 16)
                .satisfies(e -> assertThat(e).hasMessage(path + ": tensor 'w' has the unknown or unsupported dtype"
                        + " 'F128'; Descent reads [F64, F32, F16, BF16, I64, I32, I16, I8, U64, U32, U16, U8, BOOL]"));
        readingHeader("{\"w\":{\"shape\":[1],\"data_offsets\":[0,8]}}", 8)
                .hasMessageEndingWith("tensor 'w' needs a dtype string such as \"F64\"");
    }

    @Test
    void aDuplicateTensorNameIsAnError() throws IOException {
        readingHeader("{" + W16 + "," + W16 + "}", 16).hasMessageContaining(": the header gives a key twice (a tensor"
                + " name or a field): ").hasMessageContaining("'w'");
    }

    @Test
    void aHeaderThatIsNotUtf8IsAnError() throws IOException {
        byte[] header = {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'};
        reading(SafetensorsBytes.headerLength(header.length).raw(header).bytes())
                .satisfies(e -> assertThat(e).hasMessage(path + ": the header is not valid UTF-8 text (is this a"
                        + " safetensors file?)"));
    }

    @Test
    void aHeaderThatIsNotAJsonObjectIsAnError() throws IOException {
        readingHeader("[1, 2, 3]", 0).satisfies(e -> assertThat(e).hasMessage(path
                + ": the header is not a JSON object but an array"));
        readingHeader("        ", 0).hasMessageEndingWith(": the header is not a JSON object but empty");
        readingHeader("{\"w\": ", 0).hasMessageContaining(": the header is not valid JSON: ");
        readingHeader("{} {}", 0).hasMessageContaining(": the header is not valid JSON: ");
        readingHeader("{\"w\": 3}", 0).hasMessageEndingWith("tensor 'w' must be described by an object with dtype,"
                + " shape and data_offsets, not a number");
    }

    @Test
    void metadataMustBeStrings() throws IOException {
        readingHeader("{\"__metadata__\":{\"epochs\":3}}", 0).satisfies(e -> assertThat(e).hasMessage(path
                + ": __metadata__ value 'epochs' must be a string, not a number"));
        readingHeader("{\"__metadata__\":[]}", 0)
                .hasMessageEndingWith(": __metadata__ must be an object of strings, not an array");
    }

    @Test
    void anUnexpectedFieldIsAnError() throws IOException {
        readingHeader("{\"w\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8],\"extra\":1}}", 8)
                .hasMessageEndingWith("tensor 'w' has an unexpected field 'extra' (expected dtype, shape and data_offsets)");
    }

    @Test
    void everyTruncationAndEveryCorruptedByteOfAValidFileFailsCleanly() throws IOException {
        Path good = dir.resolve("good.safetensors");
        Safetensors.write(good, Map.of("w", Tensor.of(1.0, 2.0)), Map.of("k", "v"));
        byte[] bytes = Files.readAllBytes(good);
        Path bad = dir.resolve("bad.safetensors");
        for (int length = 0; length < bytes.length; length++) {
            Files.write(bad, java.util.Arrays.copyOf(bytes, length));
            assertThatThrownBy(() -> Safetensors.read(bad)).isExactlyInstanceOf(ModelFileException.class);
        }
        for (int i = 0; i < bytes.length; i++) {
            for (int flip : new int[] {0x01, 0x20, 0x80, 0xFF}) {
                byte[] corrupted = bytes.clone();
                corrupted[i] ^= (byte) flip;
                Files.write(bad, corrupted);
                try {
                    Safetensors.read(bad);
                } catch (ModelFileException expected) {
                    // Either the file still reads (a changed value or name) or it fails cleanly.
                }
            }
        }
    }
}
