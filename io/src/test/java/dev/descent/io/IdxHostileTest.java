package dev.descent.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Truncated, corrupted and hostile IDX files, each built byte by byte: one line of DataFormatException
 * naming the file (and the byte, where there is one), nothing else, and no allocation for what a
 * header merely claims.
 */
class IdxHostileTest {
    private static final String NOT_IDX = ", not 00 00 (an IDX file starts with two zero bytes, a type byte and the"
            + " number of dimensions)";

    @TempDir
    Path dir;

    private Path path;

    /** Reads {@code bytes} from a regular file, whose size the reader knows. */
    private AbstractThrowableAssert<?, ? extends Throwable> reading(byte[] bytes) throws IOException {
        path = Files.write(dir.resolve("bad.idx"), bytes);
        return oneLine(assertThatThrownBy(() -> Idx.read(path)).isExactlyInstanceOf(DataFormatException.class)
                .satisfies(e -> assertThat(((DataFormatException) e).file()).isEqualTo(path.toString())));
    }

    /** Reads {@code bytes} from a stream called "stream", whose size the reader does not know. */
    private static AbstractThrowableAssert<?, ? extends Throwable> streaming(byte[] bytes) {
        return oneLine(assertThatThrownBy(() -> Idx.read(new ByteArrayInputStream(bytes), "stream"))
                .isExactlyInstanceOf(DataFormatException.class));
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> oneLine(
            AbstractThrowableAssert<?, ? extends Throwable> thrown) {
        return thrown.satisfies(e -> {
            assertThat(e.getMessage()).doesNotContain("\n", "\r");
            assertThat(((DataFormatException) e).line()).isZero();
            assertThat(((DataFormatException) e).column()).isNull();
        });
    }

    @Test
    void aCsvFileIsNotAnIdxFile() throws IOException {
        byte[] csv = "CRIM,RM\n1,2\n".getBytes(StandardCharsets.UTF_8);
        reading(csv).satisfies(e -> assertThat(e).hasMessage(path + ": not an IDX file: it starts with bytes 43 52"
                + NOT_IDX));
        streaming(IdxBytes.gzip(csv)).hasMessage("stream: not an IDX file: it starts with bytes 43 52 after gzip"
                + " decompression" + NOT_IDX);
        reading(new byte[] {0, 1, 8, 1}).hasMessageEndingWith("it starts with bytes 00 01" + NOT_IDX);
        reading(new byte[] {7}).hasMessageEndingWith("it starts with bytes 07" + NOT_IDX);
    }

    @Test
    void anEmptyOrTinyFileIsCutShort() throws IOException {
        reading(new byte[0]).satisfies(e -> assertThat(e).hasMessage(path + ": the file is empty, not an IDX file"
                + " (it starts with a 4-byte magic number)"));
        reading(new byte[] {0, 0, 8}).satisfies(e -> assertThat(e).hasMessage(path + ": the header is cut short:"
                + " expected at least 4 bytes (the magic number), found 3"));
        streaming(IdxBytes.gzip(new byte[0])).hasMessage("stream: the header is cut short: expected at least 4 bytes"
                + " (the magic number), found 0");
    }

    @Test
    void anUnknownTypeByteIsNamed() throws IOException {
        reading(IdxBytes.header(0x07, 1).bytes(1).bytes()).satisfies(e -> assertThat(e).hasMessage(path + ": byte 2"
                + " holds the type code 0x07, which IDX does not define (0x08 unsigned byte, 0x09 signed byte, 0x0B"
                + " int16, 0x0C int32, 0x0D float32, 0x0E float64)"));
        streaming(IdxBytes.header(0x0A, 1).bytes(1).bytes()).hasMessageContaining("stream: byte 2 holds the type code"
                + " 0x0A, which IDX does not define");
    }

    @Test
    void zeroDimensionsOrMoreThanEightAreRefused() throws IOException {
        reading(IdxBytes.header(0x08).bytes()).satisfies(e -> assertThat(e).hasMessage(path + ": byte 3 gives 0"
                + " dimensions; this reader accepts 1 to 8"));
        int[] nine = new int[9];
        Arrays.fill(nine, 1);
        reading(IdxBytes.header(0x08, nine).bytes(1).bytes()).hasMessageEndingWith(": byte 3 gives 9 dimensions;"
                + " this reader accepts 1 to 8");
        streaming(new byte[] {0, 0, 8, (byte) 255}).hasMessage("stream: byte 3 gives 255 dimensions; this reader"
                + " accepts 1 to 8");
    }

    @Test
    void sizesCutShortAreATruncatedHeader() throws IOException {
        byte[] header = IdxBytes.header(0x08, 60000, 28, 28).bytes();
        reading(Arrays.copyOf(header, 9)).satisfies(e -> assertThat(e).hasMessage(path + ": the header is cut short:"
                + " 3 dimensions need 16 bytes of header, found 9"));
    }

    @Test
    void aNegativeSizeIsRefusedWithItsOffset() throws IOException {
        reading(IdxBytes.header(0x08, 2, -5).bytes()).satisfies(e -> assertThat(e).hasMessage(path + ": at byte 8:"
                + " the size of dimension 1 is -5, negative (or above 2^31 - 1 read as unsigned)"));
        streaming(IdxBytes.header(0x08, -1).gzipped()).hasMessage("stream: at byte 4 of the decompressed data: the"
                + " size of dimension 0 is -1, negative (or above 2^31 - 1 read as unsigned)");
    }

    @Test
    void tooManyElementsAreRefusedWhateverTheProductsSize() throws IOException {
        reading(IdxBytes.header(0x08, 65536, 65536).bytes()).satisfies(e -> assertThat(e).hasMessage(path + ": the"
                + " shape [65536, 65536] holds 4294967296 elements, more than the 2147483639 this reader accepts"));
        // The product overflows a long: it is counted exactly all the same.
        int[] huge = new int[8];
        Arrays.fill(huge, Integer.MAX_VALUE);
        streaming(IdxBytes.header(0x0E, huge).bytes()).hasMessageContaining("holds 45231284689826972442264117969754366745"
                + "0922081019251166843171382875033436161 elements, more than the 2147483639 this reader accepts");
        streaming(IdxBytes.header(0x08, Integer.MAX_VALUE - 7).bytes()).hasMessage("stream: the shape [2147483640]"
                + " holds 2147483640 elements, more than the 2147483639 this reader accepts");
    }

    @Test
    void truncatedDataSaysHowManyBytesWereExpectedAndFound() throws IOException {
        byte[] bytes = IdxBytes.header(0x0B, 2, 3).shorts(1, 2).bytes();
        String problem = "the data is cut short: the shape [2, 3] of int16 needs 12 bytes after the 12-byte header,"
                + " found 4";
        reading(bytes).satisfies(e -> assertThat(e).hasMessage(path + ": " + problem + " (a truncated file?)"));
        streaming(bytes).hasMessage("stream: " + problem + " (a truncated file?)");
        streaming(IdxBytes.gzip(bytes)).hasMessage("stream: " + problem + " bytes of decompressed data (a truncated"
                + " file?)");
    }

    @Test
    @Timeout(10)
    void aHeaderClaimingTheMostElementsInATinyFileAllocatesNothing() throws IOException {
        byte[] claim = IdxBytes.header(0x08, Integer.MAX_VALUE - 8).bytes(1, 2, 3).bytes();
        // Refused from the file's size, before reading data; as a stream, after the bytes that came.
        long max = Runtime.getRuntime().maxMemory();
        if ((Integer.MAX_VALUE - 8L) * Double.BYTES > max) {
            streaming(claim).hasMessage("stream: the shape [2147483639] needs " + (((Integer.MAX_VALUE - 8L) * 8) >> 20)
                    + " MiB as float64, more than this JVM may use (" + (max >> 20) + " MiB); raise -Xmx");
        }
        reading(claim).hasMessageEndingWith("the shape [2147483639] of unsigned byte needs 2147483639 bytes after"
                + " the 8-byte header, found 3 (a truncated file?)");
        // A claim the JVM could hold: still nothing is allocated for it until the data has come.
        int affordable = (int) Math.min(Integer.MAX_VALUE - 8L, max / Double.BYTES / 2);
        Duration start = Duration.ofNanos(System.nanoTime());
        streaming(IdxBytes.header(0x0E, affordable).doubles(1, 2).gzipped()).hasMessage("stream: the data is cut"
                + " short: the shape [" + affordable + "] of float64 needs " + 8L * affordable + " bytes after the"
                + " 8-byte header, found 16 bytes of decompressed data (a truncated file?)");
        assertThat(Duration.ofNanos(System.nanoTime()).minus(start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void bytesAfterTheDataAreRefused() throws IOException {
        byte[] bytes = IdxBytes.header(0x08, 2).bytes(1, 2, 3).bytes();
        reading(bytes).satisfies(e -> assertThat(e).hasMessage(path + ": 1 extra byte follows the data, which ends at"
                + " byte 10 (is the shape in the header wrong?)"));
        reading(IdxBytes.header(0x08, 2).bytes(1, 2, 3, 4, 5).bytes()).hasMessageContaining(": 3 extra bytes follow");
        streaming(bytes).hasMessage("stream: more bytes follow the data, which ends at byte 10 (is the shape in the"
                + " header wrong?)");
        streaming(IdxBytes.gzip(bytes)).hasMessage("stream: more bytes follow the data, which ends at byte 10 of the"
                + " decompressed data (is the shape in the header wrong?)");
    }

    @Test
    void aCorruptGzipStreamIsADataFormatError() throws IOException {
        byte[] zipped = IdxBytes.header(0x08, 2).bytes(1, 2).gzipped();
        byte[] badCrc = zipped.clone();
        badCrc[badCrc.length - 8] ^= 1;
        reading(badCrc).satisfies(e -> assertThat(e).hasMessage(path + ": the gzip stream is corrupt after 10 bytes"
                + " of decompressed data (Corrupt GZIP trailer)"));
        byte[] badMethod = zipped.clone();
        badMethod[2] = 7;
        streaming(badMethod).hasMessage("stream: the gzip stream is corrupt after 0 bytes of decompressed data"
                + " (Unsupported compression method)");
        byte[] badBlock = zipped.clone();
        badBlock[10] = (byte) 0xff;
        streaming(badBlock).hasMessageStartingWith("stream: the gzip stream is corrupt after 0 bytes of decompressed"
                + " data (");
    }

    @Test
    void aTruncatedGzipStreamEndsEarly() throws IOException {
        byte[] zipped = IdxBytes.header(0x08, 2).bytes(1, 2).gzipped();
        reading(Arrays.copyOf(zipped, zipped.length - 10)).hasMessageContaining(": the gzip stream ends early, after");
        streaming(new byte[] {0x1f, (byte) 0x8b}).hasMessage("stream: the gzip stream ends early, after 0 bytes of"
                + " decompressed data (a truncated download?)");
    }

    @Test
    void aMissingFileOrAFolderIsOneLineWithoutAStackTrace() {
        Path missing = dir.resolve("missing.idx");
        assertThatThrownBy(() -> Idx.read(missing)).isExactlyInstanceOf(UncheckedIOException.class)
                .hasMessage("cannot read " + missing + ": no such file");
        assertThatThrownBy(() -> Idx.read(dir)).isExactlyInstanceOf(UncheckedIOException.class)
                .hasMessage("cannot read " + dir + ": it is a folder");
    }
}
