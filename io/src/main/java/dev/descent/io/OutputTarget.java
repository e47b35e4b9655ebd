package dev.descent.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Where a write really goes, and whether it can: the file a path names after following symbolic
 * links, what kind of file that is, and the checks that {@link AtomicFiles} runs before writing.
 *
 * @param given    the path as the caller gave it, for messages
 * @param resolved the file written: {@code given} with every symbolic link of its last part followed
 * @param kind     what {@code resolved} is now
 */
record OutputTarget(Path given, Path resolved, Kind kind) {
    /** Linux's limit on links followed in a row. */
    private static final int MAX_LINKS = 40;
    private static final Path PROC = Path.of("/proc");

    /** What a write finds at the path. */
    enum Kind {
        /** Nothing yet: the file is created. */
        NEW,
        /** A regular file: replaced atomically by a complete new one. */
        REGULAR,
        /** A device, a named pipe, a socket or an open file in /proc: written directly (appended), never replaced. */
        SPECIAL
    }

    /**
     * Resolves {@code given} and checks that a write to it can succeed: the folder exists and
     * accepts new files, an existing file is writable, and it is not a folder.
     *
     * @throws UncheckedIOException with a one-line reason when it cannot
     */
    static OutputTarget of(Path given) {
        Path resolved = followLinks(given);
        if (Files.isDirectory(resolved)) {
            throw failure(given, resolved.getParent() == null ? "it is the root folder, not a file" : "it is a folder");
        }
        if (Files.exists(resolved, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(resolved, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.isWritable(resolved)) {
                throw failure(given, "no permission to write to " + what(given, resolved, "it"));
            }
            return new OutputTarget(given, resolved, Kind.SPECIAL);
        }
        Path folder = resolved.getParent();
        checkFolder(given, folder);
        if (Files.exists(resolved, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.isWritable(resolved)) {
                throw failure(given, what(given, resolved, "the file") + " is read-only (no permission to write it);"
                        + " make it writable or remove it first");
            }
            return new OutputTarget(given, resolved, Kind.REGULAR);
        }
        return new OutputTarget(given, resolved, Kind.NEW);
    }

    /** The folder that receives the temporary file and the rename. */
    Path folder() {
        return resolved.getParent();
    }

    private static void checkFolder(Path given, Path folder) {
        if (Files.isDirectory(folder)) {
            if (!Files.isWritable(folder)) {
                throw failure(given, "the folder " + folder + " is read-only (no permission to create files in it)");
            }
            return;
        }
        Path existing = folder;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing != null && !Files.isDirectory(existing)) {
            throw failure(given, existing + " is a file, not a folder");
        }
        throw failure(given, "folder " + folder + " does not exist");
    }

    /**
     * {@code given} as an absolute path with the symbolic links of its last part followed (a link's
     * target may not exist). Links in /proc ({@code /dev/stdout} leads to {@code /proc/self/fd/1})
     * are not followed: they name open files ({@code pipe:[123]}), which are written through the link.
     */
    private static Path followLinks(Path given) {
        Path path = given.toAbsolutePath();
        try {
            for (int hops = 0; Files.isSymbolicLink(path) && !path.startsWith(PROC); hops++) {
                if (hops == MAX_LINKS) {
                    throw failure(given, "more than " + MAX_LINKS + " symbolic links in a row (a loop?)");
                }
                path = path.resolveSibling(Files.readSymbolicLink(path));
            }
        } catch (IOException e) {
            throw failure(given, "cannot follow the symbolic link " + path + " (" + e.getMessage() + ")");
        }
        return path;
    }

    /** "it" for a path written as given, "the link's target T" when links led elsewhere. */
    private static String what(Path given, Path resolved, String plain) {
        return resolved.equals(given.toAbsolutePath()) ? plain : "the link's target " + resolved;
    }

    static UncheckedIOException failure(Path target, String reason) {
        return failure(target, reason, null);
    }

    /** "cannot write TARGET: REASON" on one line; {@code cause} may be null. */
    static UncheckedIOException failure(Path target, String reason, IOException cause) {
        String message = Messages.capped("cannot write " + target + ": " + reason);
        return new UncheckedIOException(message, cause != null ? cause : new IOException(message));
    }
}
