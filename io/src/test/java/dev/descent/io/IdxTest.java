package dev.descent.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.Tensor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Hand-built IDX files of every type and rank read back, plain and gzipped, from a file and a stream. */
class IdxTest {
    /** Six values of each type, the extremes among them, and how they read as doubles. */
    private static final List<Typed> TYPES = List.of(
            new Typed(0x08, new double[] {0, 1, 127, 128, 200, 255},
                    b -> b.bytes(0, 1, 127, 128, 200, 255)),
            new Typed(0x09, new double[] {-128, -1, 0, 1, 100, 127},
                    b -> b.bytes(-128, -1, 0, 1, 100, 127)),
            new Typed(0x0B, new double[] {-32768, -1, 0, 1, 1000, 32767},
                    b -> b.shorts(-32768, -1, 0, 1, 1000, 32767)),
            new Typed(0x0C, new double[] {Integer.MIN_VALUE, -1, 0, 1, 123456789, Integer.MAX_VALUE},
                    b -> b.ints(Integer.MIN_VALUE, -1, 0, 1, 123456789, Integer.MAX_VALUE)),
            new Typed(0x0D, new double[] {-1.5, 0, 0.1f, Float.MAX_VALUE, Float.MIN_VALUE, Double.NEGATIVE_INFINITY},
                    b -> b.floats(-1.5f, 0f, 0.1f, Float.MAX_VALUE, Float.MIN_VALUE, Float.NEGATIVE_INFINITY)),
            new Typed(0x0E, new double[] {-Math.PI, 0, 1e-300, Double.MAX_VALUE, 0.1, Double.POSITIVE_INFINITY},
                    b -> b.doubles(-Math.PI, 0, 1e-300, Double.MAX_VALUE, 0.1, Double.POSITIVE_INFINITY)));
    /** Shapes of six elements, of rank 1 to the most accepted, 8. */
    private static final List<int[]> SHAPES = List.of(new int[] {6}, new int[] {2, 3}, new int[] {3, 1, 2},
            new int[] {1, 1, 1, 1, 1, 2, 3, 1});

    private record Typed(int code, double[] values, UnaryOperator<IdxBytes> data) {}

    @TempDir
    Path dir;

    static Stream<Arguments> everyTypeAndRank() {
        return TYPES.stream().flatMap(t -> SHAPES.stream().map(s -> Arguments.of(t, s)));
    }

    @ParameterizedTest
    @MethodSource("everyTypeAndRank")
    void everyTypeAndRankReadsBackPlainAndGzippedFromAFileAndAStream(Typed type, int[] shape) throws IOException {
        byte[] plain = type.data().apply(IdxBytes.header(type.code(), shape)).bytes();
        byte[] zipped = IdxBytes.gzip(plain);
        Path plainFile = Files.write(dir.resolve("plain.idx"), plain);
        Path zippedFile = Files.write(dir.resolve("zipped.idx.gz"), zipped);
        for (Tensor t : List.of(Idx.read(plainFile), Idx.read(zippedFile), Idx.read(new ByteArrayInputStream(plain),
                "plain"), Idx.read(new ByteArrayInputStream(zipped), "zipped"))) {
            assertThat(t.shape().dims()).containsExactly(shape);
            assertThat(t.toArray()).containsExactly(type.values());
        }
    }

    @Test
    void gzipIsRecognisedByItsMagicBytesNotByTheFileName() throws IOException {
        byte[] plain = IdxBytes.header(0x08, 2).bytes(7, 9).bytes();
        Path zippedWithoutGz = Files.write(dir.resolve("labels-idx1-ubyte"), IdxBytes.gzip(plain));
        Path plainWithGz = Files.write(dir.resolve("labels-idx1-ubyte.gz"), plain);
        assertThat(Idx.read(zippedWithoutGz).toArray()).containsExactly(7, 9);
        assertThat(Idx.read(plainWithGz).toArray()).containsExactly(7, 9);
    }

    @Test
    void aFloatNanReadsAsNan() {
        byte[] bytes = IdxBytes.header(0x0D, 1).floats(Float.NaN).bytes();
        assertThat(Idx.read(new ByteArrayInputStream(bytes), "nan").item()).isNaN();
    }

    @Test
    void anEmptyDimensionGivesAnEmptyTensor() {
        Tensor t = Idx.read(new ByteArrayInputStream(IdxBytes.header(0x08, 0, 28, 28).bytes()), "empty");
        assertThat(t.shape().dims()).containsExactly(0, 28, 28);
        assertThat(t.toArray()).isEmpty();
    }

    @Test
    void dataLargerThanOneReadBlockReadsWhole() throws IOException {
        int n = IdxReader.BLOCK / 2 + 3;
        IdxBytes b = IdxBytes.header(0x0B, n);
        int[] values = new int[n];
        for (int i = 0; i < n; i++) {
            values[i] = i % 65536 - 32768;
        }
        byte[] plain = b.shorts(values).bytes();
        Path file = Files.write(dir.resolve("big.idx.gz"), IdxBytes.gzip(plain));
        double[] read = Idx.read(file).toArray();
        assertThat(read).hasSize(n);
        assertThat(read[0]).isEqualTo(-32768);
        assertThat(read[n - 1]).isEqualTo((n - 1) % 65536 - 32768);
        assertThat(read[IdxReader.BLOCK / 2]).isEqualTo(IdxReader.BLOCK / 2 % 65536 - 32768);
    }

    @Test
    void theStreamIsLeftOpen() throws IOException {
        boolean[] closed = {false};
        InputStream in = new ByteArrayInputStream(IdxBytes.header(0x08, 1).bytes(5).gzipped()) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        assertThat(Idx.read(in, "stream").toArray()).containsExactly(5);
        assertThat(closed[0]).isFalse();
    }
}
