package dev.descent.io;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The temporary files and folders that atomic writes make beside their targets, named
 * {@code .NAME.PID-N.tmp}, and what removes them when the write does not get to.
 *
 * <p>Three things remove them: the write itself when it fails; a shutdown hook, for writes cut
 * short by the end of the JVM (SIGTERM, SIGINT/Ctrl-C, {@code System.exit}); and, for a process
 * killed outright (SIGKILL, a crash, power loss), the first write of a later process into the same
 * folder, which deletes the temporaries whose process ({@link ProcessHandle#of}) is no longer
 * alive. A folder shared by machines or containers with separate process numbers may hold a live
 * writer's temporary file under a number that is free here; such a writer's rename would then fail
 * cleanly, with its old file intact.
 *
 * <p>Creating, renaming and retiring take one lock that the shutdown hook takes too: once the hook
 * has run, no temporary appears and none is renamed into place, so what it deletes stays deleted,
 * and a rename that happened before it is never undone.
 */
final class Temporaries {
    private static final Pattern NAME = Pattern.compile("\\..+\\.(\\d{1,18})-\\d{1,19}\\.tmp");
    private static final long PID = ProcessHandle.current().pid();
    private static final AtomicLong COUNTER = new AtomicLong();
    private static final Set<Path> IN_FLIGHT = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean HOOKED = new AtomicBoolean();
    private static final Object LOCK = new Object();
    private static boolean closing;

    private Temporaries() {}

    /** A new empty temporary file for {@code name} in {@code folder}, removed at shutdown unless {@link #rename}d. */
    static Path createFile(Path folder, String name) throws IOException {
        return create(folder, name, false);
    }

    /** A new empty temporary folder for {@code name} in {@code folder}, removed at shutdown unless {@link #rename}d. */
    static Path createFolder(Path folder, String name) throws IOException {
        return create(folder, name, true);
    }

    /**
     * Renames {@code temp} to {@code target} in one atomic step, replacing it, and forgets
     * {@code temp}.
     *
     * @throws IOException when the rename fails, or the JVM is shutting down (the hook has removed
     *     the temporary)
     */
    static void rename(Path temp, Path target) throws IOException {
        synchronized (LOCK) {
            checkOpen();
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                // Same folder, so this is rare (some network file systems); the content is complete either way.
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            IN_FLIGHT.remove(temp);
        }
    }

    /**
     * Deletes the folder {@code existing} and everything in it so that no half-deleted folder is
     * ever seen under its name: it is first renamed to a temporary name, then deleted.
     */
    static void retire(Path existing) throws IOException {
        Path temp;
        synchronized (LOCK) {
            checkOpen();
            installHook();
            temp = existing.resolveSibling("." + existing.getFileName() + "." + PID + "-" + COUNTER.incrementAndGet()
                    + ".tmp");
            IN_FLIGHT.add(temp);
            try {
                Files.move(existing, temp, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException | RuntimeException e) {
                IN_FLIGHT.remove(temp);
                throw e;
            }
        }
        discard(temp);
    }

    /** Deletes {@code temp} (a folder with everything in it) if it still exists, and forgets it; never throws. */
    static void discard(Path temp) {
        deleteQuietly(temp);
        IN_FLIGHT.remove(temp);
    }

    private static Path create(Path folder, String name, boolean directory) throws IOException {
        removeStale(folder);
        for (int attempt = 0; ; attempt++) {
            // A leading dot keeps the temporary out of ordinary listings while it exists.
            Path temp = folder.resolve("." + name + "." + PID + "-" + COUNTER.incrementAndGet() + ".tmp");
            synchronized (LOCK) {
                checkOpen();
                installHook();
                IN_FLIGHT.add(temp);
                try {
                    return directory ? Files.createDirectory(temp) : Files.createFile(temp);
                } catch (FileAlreadyExistsException e) {
                    IN_FLIGHT.remove(temp);
                    if (attempt >= 100) {
                        throw e;
                    }
                } catch (IOException | RuntimeException e) {
                    IN_FLIGHT.remove(temp);
                    throw e;
                }
            }
        }
    }

    /** Called under the lock. */
    private static void checkOpen() throws IOException {
        if (closing) {
            throw new IOException("the program is ending; the write was not completed");
        }
    }

    /** Deletes the temporaries in {@code folder} whose process has ended (a live process removes its own). */
    static void removeStale(Path folder) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder, ".*.tmp")) {
            for (Path entry : entries) {
                Matcher m = NAME.matcher(entry.getFileName().toString());
                if (m.matches() && !Files.isSymbolicLink(entry) && !isAlive(Long.parseLong(m.group(1)))) {
                    deleteQuietly(entry);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Leftovers are only clutter; the write that asked must not fail for them.
        }
    }

    private static boolean isAlive(long pid) {
        return pid == PID || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Called under the lock. */
    private static void installHook() {
        if (HOOKED.compareAndSet(false, true)) {
            try {
                Runtime.getRuntime().addShutdownHook(new Thread(Temporaries::removeInFlight, "descent-temporaries"));
            } catch (IllegalStateException e) {
                // Already shutting down: the write's own clean-up is all there is.
            }
        }
    }

    /** The shutdown hook: the JVM is ending, so no write in flight will be completed. */
    private static void removeInFlight() {
        List<Path> temps;
        synchronized (LOCK) {
            closing = true;
            temps = new ArrayList<>(IN_FLIGHT);
        }
        // Another thread may be deleting the same folder (a retired checkpoint): what it has not
        // finished when the JVM halts is finished here, so a few rounds.
        for (int round = 0; round < 5 && !temps.isEmpty(); round++) {
            temps.removeIf(temp -> {
                deleteQuietly(temp);
                return !Files.exists(temp, LinkOption.NOFOLLOW_LINKS);
            });
        }
    }

    /** Deletes a file, or a folder and its contents, without following links; never throws. */
    private static void deleteQuietly(Path path) {
        try {
            if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                Files.deleteIfExists(path);
                return;
            }
            Files.walkFileTree(path, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    return deleteEntry(file);
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                    return deleteEntry(dir);
                }
            });
        } catch (IOException | RuntimeException e) {
            // Best effort: a leftover is clutter, and a later write removes it.
        }
    }

    /**
     * Deletes one file or empty folder of a tree being deleted; a failure (deleted meanwhile,
     * another thread still deleting inside) leaves it for the caller's next round.
     */
    private static FileVisitResult deleteEntry(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // See above: not an error for a best-effort clean-up.
        }
        return FileVisitResult.CONTINUE;
    }
}
