package dev.descent.cli.common;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether standard input is really there. A process started with it closed ({@code <&-}) has no
 * file descriptor 0, so the JVM's first file (its {@code lib/modules}, or the jar) takes that
 * number, and {@code System.in} would read it as if it had been given. On Linux,
 * {@code /proc/self/fd/0} tells what descriptor 0 is; elsewhere nothing is checked.
 */
public final class StandardInput {
    private static final Path FD0 = Path.of("/proc/self/fd/0");

    private StandardInput() {
    }

    /**
     * Refuses to go on when standard input was closed at the start.
     *
     * @param example how to give standard input, for the message
     * @throws UserError saying that standard input is closed, and what descriptor 0 is instead
     */
    public static void requireOpen(String example) {
        if (!Files.isDirectory(FD0.getParent())) {
            return;
        }
        Path zero;
        try {
            zero = Files.readSymbolicLink(FD0);
        } catch (NoSuchFileException e) {
            throw new UserError("standard input is closed; give it, such as " + example, e);
        } catch (IOException | UnsupportedOperationException e) {
            return;
        }
        if (isJavasOwn(zero)) {
            throw new UserError("standard input is closed (file descriptor 0 is " + zero + ", a file Java opened for"
                    + " itself); give it, such as " + example);
        }
    }

    /** True for a file of the Java runtime or of the class path; pipes, terminals and sockets are not paths. */
    static boolean isJavasOwn(Path file) {
        if (!file.isAbsolute()) {
            return false;
        }
        List<Path> own = new ArrayList<>();
        own.add(Path.of(System.getProperty("java.home")));
        for (String property : new String[] {"java.class.path", "jdk.module.path"}) {
            for (String entry : System.getProperty(property, "").split(java.util.regex.Pattern.quote(File.pathSeparator), -1)) {
                if (!entry.isEmpty()) {
                    own.add(Path.of(entry));
                }
            }
        }
        for (Path p : own) {
            if (file.startsWith(p.toAbsolutePath().normalize()) || file.startsWith(real(p))) {
                return true;
            }
        }
        return false;
    }

    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }
}
