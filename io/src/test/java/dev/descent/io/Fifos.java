package dev.descent.io;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Named pipes for tests, made with mkfifo inside a test's temporary folder (skipped where mkfifo is missing). */
final class Fifos {
    private Fifos() {}

    /** A new FIFO called {@code name} in {@code dir}. */
    static Path make(Path dir, String name) throws IOException, InterruptedException {
        Path fifo = dir.resolve(name);
        int status;
        try {
            Process p = new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start();
            status = p.waitFor(10, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (IOException e) {
            status = -1;
        }
        assumeTrue(status == 0 && Files.exists(fifo), "mkfifo is not available");
        return fifo;
    }

    /** Writes {@code bytes} into {@code fifo} from another thread (opening it waits for a reader). */
    static CompletableFuture<Void> feed(Path fifo, byte[] bytes) {
        return CompletableFuture.runAsync(() -> {
            try (OutputStream out = Files.newOutputStream(fifo)) {
                out.write(bytes);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /** Reads everything written into {@code fifo} from another thread (opening it waits for a writer). */
    static CompletableFuture<byte[]> drain(Path fifo) {
        return CompletableFuture.supplyAsync(() -> {
            try (InputStream in = Files.newInputStream(fifo)) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }
}
