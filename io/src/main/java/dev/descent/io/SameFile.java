package dev.descent.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Whether two paths name one file, and the guard that keeps an output off its inputs and off other outputs. */
final class SameFile {
    private SameFile() {}

    static boolean test(Path a, Path b) {
        Path ra = canonical(a, 0);
        Path rb = canonical(b, 0);
        if (ra.equals(rb)) {
            return true;
        }
        try {
            return Files.exists(ra) && Files.exists(rb) && Files.isSameFile(ra, rb);
        } catch (IOException e) {
            throw new UncheckedIOException(Messages.capped("cannot compare " + a + " and " + b + ": " + e.getMessage()), e);
        }
    }

    static void checkDistinct(Map<String, Path> inputs, Map<String, Path> outputs) {
        List<Map.Entry<String, Path>> earlier = new ArrayList<>();
        for (Map.Entry<String, Path> output : outputs.entrySet()) {
            Path path = output.getValue();
            if (path == null || isSpecial(path)) {
                continue;
            }
            for (Map.Entry<String, Path> input : inputs.entrySet()) {
                if (input.getValue() != null && test(path, input.getValue())) {
                    throw new IllegalArgumentException(Messages.capped(output.getKey() + " " + path
                            + " is the same file as " + input.getKey() + " " + input.getValue()
                            + "; writing it would destroy the input"));
                }
            }
            for (Map.Entry<String, Path> other : earlier) {
                if (test(path, other.getValue())) {
                    throw new IllegalArgumentException(Messages.capped(other.getKey() + " " + other.getValue() + " and "
                            + output.getKey() + " " + path + " are the same file; give each output its own file"));
                }
            }
            earlier.add(output);
        }
    }

    /** A device, pipe or socket: writing it replaces nothing. */
    private static boolean isSpecial(Path path) {
        return Files.exists(path) && !Files.isRegularFile(path) && !Files.isDirectory(path);
    }

    /**
     * The path with symbolic links followed and {@code .}/{@code ..} resolved as the file system
     * does: the real path of the nearest existing folder, then the rest as written.
     */
    private static Path canonical(Path path, int links) {
        Path absolute = path.toAbsolutePath();
        try {
            if (links > 40) {
                return absolute.normalize();
            }
            if (Files.exists(absolute)) {
                return absolute.toRealPath();
            }
            if (Files.isSymbolicLink(absolute)) {
                // A link whose target does not exist yet: the write would create the target.
                return canonical(absolute.resolveSibling(Files.readSymbolicLink(absolute)), links + 1);
            }
            Path parent = absolute.getParent();
            if (parent == null) {
                return absolute;
            }
            return canonical(parent, links).resolve(absolute.getFileName());
        } catch (IOException e) {
            return absolute.normalize();
        }
    }
}
