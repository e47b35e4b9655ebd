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
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * Writes a file whole or not at all: the content goes to a temporary file in the same folder, is
 * flushed to disk, and only then renamed over the target in one atomic step.
 *
 * <p>A reader (or a crash) therefore sees either the old file or the complete new one, never a
 * truncated mix; when writing fails, the old file is left exactly as it was and the temporary file
 * (named {@code .NAME.PID-N.tmp}) is removed. A temporary file is also removed when the JVM ends
 * during the write (SIGTERM, Ctrl-C), and one left by a killed process is removed by the next
 * write into its folder. Every file that {@code dev.descent.io} writes goes through here.
 *
 * <p>What the target is decides how it is written, as {@code cp} would:
 * <ul>
 * <li>a symbolic link: its target is written (atomically, in the target's folder); the link stays;
 * <li>a device, a named pipe or a socket ({@code /dev/null}, {@code /dev/stdout}, a FIFO): written
 *     directly (appended), since it cannot be replaced; {@code /dev/full} fails with "no space left
 *     on device"; {@code /dev/stdout} works whether standard output is a pipe, a terminal or a file;
 * <li>a regular file without write permission, a folder, a file in a missing or read-only folder:
 *     refused with the reason, and nothing is written.
 * </ul>
 * {@link #checkWritable} runs the same checks without writing, so that a program can refuse an
 * output before it spends minutes computing it, and {@link #checkDistinct} refuses an output that
 * would overwrite an input or another output.
 *
 * <pre>{@code
 * AtomicFiles.write(Path.of("out.bin"), out -> out.write(bytes));
 * AtomicFiles.writeString(Path.of("notes.txt"), "hello\n");
 * }</pre>
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** What to write: receives the stream to the temporary file (it need not close it). */
    @FunctionalInterface
    public interface Content {
        /** Writes the whole content to {@code out}; any exception aborts the write and keeps the old file. */
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Replaces {@code target} with the bytes {@code content} writes, atomically (see above for
     * links, devices and pipes). An exception thrown by {@code content} propagates as it is, after
     * the temporary file is removed.
     *
     * @throws UncheckedIOException when the target cannot be written; the one-line message names it
     *     and gives the reason ("is read-only", "folder ... does not exist", "no space left on device")
     */
    public static void write(Path target, Content content) {
        OutputTarget out = OutputTarget.of(target);
        if (out.kind() == OutputTarget.Kind.SPECIAL) {
            writeDirectly(out, content);
        } else {
            replace(out, content);
        }
    }

    /**
     * Replaces {@code target} with {@code text} in UTF-8, atomically; see {@link #write}.
     *
     * @throws UncheckedIOException when the target cannot be written, as {@link #write}
     */
    public static void writeString(Path target, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        write(target, out -> out.write(bytes));
    }

    /**
     * Checks, without writing anything, that {@link #write} to {@code target} can succeed: it is not
     * a folder, its folder exists and accepts new files, an existing file (or a link's target) is
     * writable. Run it before long work whose result goes to {@code target}. A full disk is only
     * found by writing.
     *
     * @throws UncheckedIOException with the message {@link #write} would fail with
     */
    public static void checkWritable(Path target) {
        OutputTarget.of(target);
    }

    /**
     * True when {@code a} and {@code b} name the same file: the same path once symbolic links and
     * {@code ..} are resolved, or two names (hard links) of one existing file. Paths that do not
     * exist yet are compared by where they would be created.
     *
     * @throws UncheckedIOException when an existing file cannot be examined
     */
    public static boolean sameFile(Path a, Path b) {
        return SameFile.test(a, b);
    }

    /**
     * Refuses, before any work, outputs that would overwrite one of the {@code inputs} or each
     * other: an output that is the same file ({@link #sameFile}) as an input or as an earlier
     * output. Keys are the roles that messages name the paths by (an option such as
     * {@code --save}, or "the model"); null paths are skipped. Devices and pipes
     * ({@code /dev/null}) are never refused: writing them destroys nothing.
     *
     * @throws IllegalArgumentException naming both roles and the path, e.g.
     *     {@code --save data.csv is the same file as --data data.csv; writing it would destroy the input}
     * @throws UncheckedIOException when an existing file cannot be examined
     */
    public static void checkDistinct(Map<String, Path> inputs, Map<String, Path> outputs) {
        SameFile.checkDistinct(inputs, outputs);
    }

    /**
     * Writes straight into a device or pipe, which cannot be replaced: it gets the bytes as they
     * come. Appending keeps what a process printed before when standard output is a file.
     */
    private static void writeDirectly(OutputTarget target, Content content) {
        try (OutputStream raw = Files.newOutputStream(target.resolved(), StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
                OutputStream buffered = new BufferedOutputStream(raw, 1 << 16)) {
            content.writeTo(new KeepOpen(buffered));
            buffered.flush();
        } catch (IOException e) {
            throw OutputTarget.failure(target.given(), describe(e), e);
        }
    }

    private static void replace(OutputTarget target, Content content) {
        Path folder = target.folder();
        Path temp = null;
        boolean moved = false;
        try {
            temp = Temporaries.createFile(folder, target.resolved().getFileName().toString());
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
                    OutputStream buffered = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16)) {
                content.writeTo(new KeepOpen(buffered));
                buffered.flush();
                // Without force(), a crash right after the rename can leave an empty file behind.
                channel.force(true);
            }
            copyPermissions(target.resolved(), temp);
            Temporaries.rename(temp, target.resolved());
            moved = true;
            syncFolder(folder);
        } catch (IOException e) {
            throw OutputTarget.failure(target.given(), describe(e), e);
        } finally {
            if (!moved && temp != null) {
                Temporaries.discard(temp);
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

    /** Flushes a folder's entries (new names, renames) to disk where the system allows it. */
    static void syncFolder(Path folder) {
        // Makes the rename itself durable on Linux; other systems cannot open a folder and need not.
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Best effort only: the new file is complete and in place already.
        }
    }

    /** The operating system's reason, as a phrase: "no space left on device", "permission denied (...)". */
    static String describe(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied (" + e.getMessage() + ")";
        }
        String reason = e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() : e.getMessage();
        if (reason == null) {
            return e.getClass().getSimpleName();
        }
        // The C library's strerror texts start with a capital: "No space left on device".
        boolean sentence = reason.length() > 1 && Character.isUpperCase(reason.charAt(0))
                && Character.isLowerCase(reason.charAt(1));
        String phrase = sentence ? Character.toLowerCase(reason.charAt(0)) + reason.substring(1) : reason;
        return e instanceof FileSystemException fs && fs.getFile() != null && fs.getReason() != null
                ? phrase + " (" + fs.getFile() + ")" : phrase;
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
