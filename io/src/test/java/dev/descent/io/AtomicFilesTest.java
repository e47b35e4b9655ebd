package dev.descent.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    private void assertOnlyFileIs(Path f) throws IOException {
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(f);
        }
    }

    @Test
    void writeCreatesTheFileWithTheWholeContent() throws IOException {
        Path f = dir.resolve("a.txt");
        AtomicFiles.write(f, out -> {
            out.write("hello ".getBytes(StandardCharsets.UTF_8));
            out.write('w');
            out.write("orld".getBytes(StandardCharsets.UTF_8));
        });
        assertThat(Files.readString(f)).isEqualTo("hello world");
        assertOnlyFileIs(f);
    }

    @Test
    void aWriterThatFailsMidwayLeavesTheOldFileIntactAndNoTemporaryFile() throws IOException {
        Path f = Files.writeString(dir.resolve("model.bin"), "the good old model");
        IllegalStateException boom = new IllegalStateException("training diverged");
        assertThatThrownBy(() -> AtomicFiles.write(f, out -> {
            out.write(new byte[100_000]);
            throw boom;
        })).isSameAs(boom);
        assertThat(Files.readString(f)).isEqualTo("the good old model");
        assertOnlyFileIs(f);
    }

    @Test
    void anIoErrorInTheWriterBecomesUncheckedAndKeepsTheOldFile() throws IOException {
        Path f = Files.writeString(dir.resolve("p.csv"), "old");
        assertThatThrownBy(() -> AtomicFiles.write(f, out -> {
            out.write(1);
            throw new IOException("disk full");
        })).isInstanceOf(UncheckedIOException.class).hasMessage("cannot write " + f + ": disk full");
        assertThat(Files.readString(f)).isEqualTo("old");
        assertOnlyFileIs(f);
    }

    @Test
    void aWriterMayCloseTheStreamItWasGiven() throws IOException {
        Path f = dir.resolve("a.txt");
        AtomicFiles.write(f, out -> {
            out.write('x');
            out.close();
        });
        assertThat(Files.readString(f)).isEqualTo("x");
    }

    @Test
    void writeStringReplacesAnExistingFile() throws IOException {
        Path f = Files.writeString(dir.resolve("a.txt"), "a much longer old content");
        AtomicFiles.writeString(f, "new");
        assertThat(Files.readString(f)).isEqualTo("new");
        assertOnlyFileIs(f);
    }

    @Test
    void aMissingFolderOrAFolderAsTargetIsAClearError() {
        Path missing = dir.resolve("no/such/folder/a.txt");
        assertThatThrownBy(() -> AtomicFiles.writeString(missing, "x")).isInstanceOf(UncheckedIOException.class)
                .hasMessage("cannot write " + missing + ": folder " + missing.getParent() + " does not exist");
        assertThatThrownBy(() -> AtomicFiles.writeString(dir, "x")).isInstanceOf(UncheckedIOException.class)
                .hasMessage("cannot write " + dir + ": it is a folder");
    }

    @Test
    void replacingAFileKeepsItsPermissions() throws IOException {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path f = Files.writeString(dir.resolve("a.txt"), "old");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
        AtomicFiles.writeString(f, "new");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-r-----");
    }
}
