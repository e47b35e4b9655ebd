package dev.descent.io;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Opens a file for reading front to back, whatever it is: a regular file, a named pipe, {@code /dev/stdin}. */
final class Inputs {
    private Inputs() {}

    /**
     * A stream over {@code file}. A pipe or device gets a {@link FileInputStream}: the NIO stream
     * asks the channel for its position when buffered readers call {@code available()}, which a
     * pipe refuses ("Illegal seek").
     *
     * @throws UncheckedIOException with a one-line reason: no such file, permission denied, a folder
     */
    static InputStream open(Path file) {
        try {
            if (Files.isDirectory(file)) {
                throw new IOException("it is a folder");
            }
            if (Files.exists(file) && !Files.isRegularFile(file)) {
                return new FileInputStream(file.toFile());
            }
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw failure(file, "no such file", e);
        } catch (AccessDeniedException e) {
            throw failure(file, "permission denied", e);
        } catch (IOException e) {
            throw failure(file, e.getMessage(), e);
        }
    }

    static UncheckedIOException failure(Path file, String reason, IOException cause) {
        return new UncheckedIOException(Messages.capped("cannot read " + file + ": " + reason), cause);
    }
}
