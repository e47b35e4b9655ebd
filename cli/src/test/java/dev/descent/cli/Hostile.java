package dev.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** What the tests of hostile conditions share: devices and pipes made in a test's folder, and what a folder holds. */
public final class Hostile {
    private Hostile() {
    }

    /** A link called {@code name} to /dev/full (every write fails: no space left on device); skipped where it is missing. */
    public static Path fullDevice(Path dir, String name) throws IOException {
        assumeTrue(Files.exists(Path.of("/dev/full")), "no /dev/full here");
        return Files.createSymbolicLink(dir.resolve(name), Path.of("/dev/full"));
    }

    /** A named pipe called {@code name}, made with mkfifo; skipped where mkfifo is missing. */
    public static Path fifo(Path dir, String name) throws InterruptedException {
        Path fifo = dir.resolve(name);
        boolean made;
        try {
            Process p = new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start();
            made = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            made = false;
        }
        assumeTrue(made, "mkfifo is not available");
        return fifo;
    }

    /** Writes {@code bytes} into a pipe from another thread (opening it waits for the reader). */
    public static CompletableFuture<Void> feed(Path fifo, byte[] bytes) {
        return CompletableFuture.runAsync(() -> {
            try (OutputStream out = Files.newOutputStream(fifo)) {
                out.write(bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The names of everything in {@code folder} and below, hidden ones too, sorted. */
    public static List<String> everything(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(p -> !p.equals(folder)).map(p -> folder.relativize(p).toString()).sorted().toList();
        }
    }

    /** Asserts that a run failed with status 2, wrote nothing to standard output and said {@code line} alone. */
    public static void assertRefused(CliRun run, String line) {
        assertThat(run.status()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).isEqualTo(line + System.lineSeparator());
        assertThat(run.out()).isEmpty();
    }
}
