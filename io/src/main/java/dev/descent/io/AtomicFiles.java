package dev.descent.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes a file whole or not at all: the content goes to a temporary file in the same folder, is
 * flushed to disk, and only then renamed over the target in one atomic step.
 *
 * <p>A reader (or a crash) therefore sees either the old file or the complete new one, never a
 * truncated mix; when writing fails, the old file is left exactly as it was and the temporary file
 * is removed. Every file that {@code dev.descent.io} writes goes through here.
 *
 * <pre>{@code
 * AtomicFiles.write(Path.of("out.bin"), out -> out.write(bytes));
 * AtomicFiles.writeString(Path.of("notes.txt"), "hello\n");
 * }</pre>
 */
public final class AtomicFiles {
    // Names only have to be unique among concurrent writers; CREATE_NEW guarantees it.
    private static final AtomicLong COUNTER = new AtomicLong();

    private AtomicFiles() {}

    /** What to write: receives the stream to the temporary file (it need not close it). */
    @FunctionalInterface
    public interface Content {
        /** Writes the whole content to {@code out}; any exception aborts the write and keeps the old file. */
        void writeTo(OutputStream out) throws IOException;
    }

    /** Replaces {@code target} with the bytes {@code content} writes, atomically; an I/O failure is an {@link UncheckedIOException}. */
    public static void write(Path target, Content content) {
        Path folder = target.toAbsolutePath().getParent();
        if (Files.isDirectory(target)) {
            throw failure(target, "it is a folder", null);
        }
        if (folder == null || !Files.isDirectory(folder)) {
            throw failure(target, "folder " + folder + " does not exist", null);
        }
        Path temp = null;
        boolean moved = false;
        try {
            temp = createTemp(folder, target.getFileName().toString());
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
                    OutputStream buffered = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16)) {
                content.writeTo(new KeepOpen(buffered));
                buffered.flush();
                // Without force(), a crash right after the rename can leave an empty file behind.
                channel.force(true);
            }
            copyPermissions(target, temp);
            move(temp, target);
            moved = true;
            syncFolder(folder);
        } catch (IOException e) {
            throw failure(target, describe(e), e);
        } finally {
            if (!moved && temp != null) {
                deleteQuietly(temp);
            }
        }
    }

    /** Replaces {@code target} with {@code text} in UTF-8, atomically. */
    public static void writeString(Path target, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        write(target, out -> out.write(bytes));
    }

    private static Path createTemp(Path folder, String name) throws IOException {
        long pid = ProcessHandle.current().pid();
        for (int attempt = 0; ; attempt++) {
            // A leading dot keeps the file out of ordinary listings while it exists.
            Path temp = folder.resolve("." + name + "." + pid + "-" + COUNTER.incrementAndGet() + ".tmp");
            try {
                return Files.createFile(temp);
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 100) {
                    throw e;
                }
            }
        }
    }

    private static void copyPermissions(Path from, Path to) {
        try {
            if (Files.exists(from)) {
                Files.setPosixFilePermissions(to, Files.getPosixFilePermissions(from));
            }
        } catch (IOException | UnsupportedOperationException e) {
            // Not a POSIX file system, or the old file vanished: the default permissions will do.
        }
    }

    private static void move(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // Same folder, so this is rare (some network file systems); the content is complete either way.
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void syncFolder(Path folder) {
        // Makes the rename itself durable on Linux; other systems cannot open a folder and need not.
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Best effort only: the new file is complete and in place already.
        }
    }

    private static UncheckedIOException failure(Path target, String reason, IOException cause) {
        String message = "cannot write " + target + ": " + reason;
        return new UncheckedIOException(message, cause != null ? cause : new IOException(message));
    }

    private static String describe(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied (" + e.getMessage() + ")";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason() + " (" + fs.getFile() + ")";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static void deleteQuietly(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            // The write has failed already; that error is the one worth reporting.
        }
    }

    /** Lets callers close the stream they were given (as CSV printers do) without closing ours. */
    private static final class KeepOpen extends FilterOutputStream {
        KeepOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
