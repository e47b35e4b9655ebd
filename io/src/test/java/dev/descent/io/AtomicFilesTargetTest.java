package dev.descent.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a write does to links, devices, pipes and files it may not change; devices only through links made here. */
class AtomicFilesTargetTest {
    @TempDir
    Path dir;

    private static String names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return String.join(",", files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    private static boolean isOther(Path p) throws IOException {
        return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther();
    }

    /** Makes {@code file} read-only; skips the test when that changes nothing for us (root ignores permissions). */
    private static void readOnly(Path file, String permissions) throws IOException {
        assumeTrue(file.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        assumeFalse(Files.isWritable(file), "permissions are not enforced for this user (root?)");
    }

    @Test
    void writingOntoALinkWritesItsTargetInTheTargetsFolderAndKeepsTheLink() throws IOException {
        Path models = Files.createDirectory(dir.resolve("models"));
        Path real = Files.writeString(models.resolve("real.csv"), "old");
        Path links = Files.createDirectory(dir.resolve("links"));
        Path link = Files.createSymbolicLink(links.resolve("latest.csv"), Path.of("../models/real.csv"));
        AtomicFiles.writeString(link, "new");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readSymbolicLink(link)).isEqualTo(Path.of("../models/real.csv"));
        assertThat(Files.readString(real)).isEqualTo("new");
        assertThat(names(models)).isEqualTo("real.csv");
        assertThat(names(links)).isEqualTo("latest.csv");
    }

    @Test
    void aChainOfLinksAndADanglingLinkLeadToTheFileWritten() throws IOException {
        Path first = Files.createSymbolicLink(dir.resolve("first"), Path.of("second"));
        Files.createSymbolicLink(dir.resolve("second"), Path.of("data.csv"));
        AtomicFiles.writeString(first, "created through two links");
        assertThat(Files.readString(dir.resolve("data.csv"))).isEqualTo("created through two links");
        assertThat(Files.isSymbolicLink(first) && Files.isSymbolicLink(dir.resolve("second"))).isTrue();
        assertThat(names(dir)).isEqualTo("data.csv,first,second");
    }

    @Test
    void aLoopOfLinksIsAClearError() throws IOException {
        Path a = Files.createSymbolicLink(dir.resolve("a"), Path.of("b"));
        Files.createSymbolicLink(dir.resolve("b"), Path.of("a"));
        assertThatThrownBy(() -> AtomicFiles.writeString(a, "x")).isInstanceOf(UncheckedIOException.class)
                .hasMessage("cannot write " + a + ": more than 40 symbolic links in a row (a loop?)");
    }

    @Test
    void aNamedPipeIsWrittenDirectlyAndStaysAPipe() throws Exception {
        Path fifo = Fifos.make(dir, "out.pipe");
        AtomicFiles.checkWritable(fifo);
        var reader = Fifos.drain(fifo);
        AtomicFiles.writeString(fifo, "through the pipe\n");
        assertThat(new String(reader.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8)).isEqualTo("through the pipe\n");
        assertThat(isOther(fifo)).isTrue();
        assertThat(names(dir)).isEqualTo("out.pipe");
    }

    @Test
    void aLinkToDevNullIsWrittenAndNeitherTheLinkNorTheDeviceIsReplaced() throws IOException {
        assumeTrue(Files.exists(Path.of("/dev/null")));
        Path sink = Files.createSymbolicLink(dir.resolve("sink"), Path.of("/dev/null"));
        AtomicFiles.writeString(sink, "discarded");
        assertThat(Files.readSymbolicLink(sink)).isEqualTo(Path.of("/dev/null"));
        assertThat(isOther(Path.of("/dev/null"))).isTrue();
        assertThat(names(dir)).isEqualTo("sink");
    }

    @Test
    void aFullDeviceGivesNoSpaceLeftOnDevice() throws IOException {
        assumeTrue(Files.exists(Path.of("/dev/full")));
        Path full = Files.createSymbolicLink(dir.resolve("full"), Path.of("/dev/full"));
        assertThatThrownBy(() -> AtomicFiles.writeString(full, "x".repeat(100_000)))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage("cannot write " + full + ": no space left on device");
        assertThat(Files.readSymbolicLink(full)).isEqualTo(Path.of("/dev/full"));
        assertThat(names(dir)).isEqualTo("full");
    }

    @Test
    void devStdoutIsWrittenWhetherStandardOutputIsAPipeOrAFile() throws Exception {
        assumeTrue(Files.exists(Path.of("/dev/stdout")) && Files.isDirectory(Path.of("/proc/self/fd")));
        Process piped = new ProcessBuilder(ChildJvm.command(WriteThenPrint.class, "/dev/stdout", "rows\n"))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(piped.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(piped.waitFor(30, TimeUnit.SECONDS) && piped.exitValue() == 0).isTrue();
        assertThat(out).isEqualTo("rows\nafter\n");

        Path captured = Files.writeString(dir.resolve("captured.txt"), "before\n");
        Process toFile = new ProcessBuilder(ChildJvm.command(WriteThenPrint.class, "/dev/stdout", "rows\n"))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(captured.toFile()))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(toFile.waitFor(30, TimeUnit.SECONDS) && toFile.exitValue() == 0).isTrue();
        assertThat(Files.readString(captured)).isEqualTo("before\nrows\nafter\n");
        assertThat(names(dir)).isEqualTo("captured.txt");
    }

    @Test
    void aReadOnlyFileIsRefusedAndKept() throws IOException {
        Path f = Files.writeString(dir.resolve("keep.csv"), "precious");
        readOnly(f, "r--r--r--");
        String message = "cannot write " + f + ": the file is read-only (no permission to write it); make it"
                + " writable or remove it first";
        assertThatThrownBy(() -> AtomicFiles.checkWritable(f)).isInstanceOf(UncheckedIOException.class).hasMessage(message);
        assertThatThrownBy(() -> AtomicFiles.writeString(f, "x")).isInstanceOf(UncheckedIOException.class)
                .hasMessage(message);
        assertThat(Files.readString(f)).isEqualTo("precious");
        assertThat(names(dir)).isEqualTo("keep.csv");
    }

    @Test
    void aReadOnlyFolderIsRefusedWithTheReason() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("locked"));
        try {
            readOnly(folder, "r-xr-xr-x");
            Path f = folder.resolve("out.csv");
            assertThatThrownBy(() -> AtomicFiles.writeString(f, "x")).isInstanceOf(UncheckedIOException.class)
                    .hasMessage("cannot write " + f + ": the folder " + folder + " is read-only (no permission to"
                            + " create files in it)");
            assertThat(f).doesNotExist();
        } finally {
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void aFolderThatIsAFileAndTheRootFolderAreRefusedWithTheReason() throws IOException {
        Path file = Files.writeString(dir.resolve("notes.txt"), "a file");
        Path below = file.resolve("out.csv");
        assertThatThrownBy(() -> AtomicFiles.checkWritable(below)).isInstanceOf(UncheckedIOException.class)
                .hasMessage("cannot write " + below + ": " + file + " is a file, not a folder");
        Path deeper = file.resolve("a/b/out.csv");
        assertThatThrownBy(() -> AtomicFiles.writeString(deeper, "x"))
                .hasMessage("cannot write " + deeper + ": " + file + " is a file, not a folder");
        Path root = dir.getRoot();
        assertThatThrownBy(() -> AtomicFiles.checkWritable(root))
                .hasMessage("cannot write " + root + ": it is the root folder, not a file");
        assertThat(Files.readString(file)).isEqualTo("a file");
    }

    @Test
    void checkWritableWritesNothing() throws IOException {
        AtomicFiles.checkWritable(dir.resolve("new.csv"));
        Path missing = dir.resolve("missing/new.csv");
        assertThatThrownBy(() -> AtomicFiles.checkWritable(missing))
                .hasMessage("cannot write " + missing + ": folder " + missing.getParent() + " does not exist");
        assertThat(names(dir)).isEmpty();
    }
}
