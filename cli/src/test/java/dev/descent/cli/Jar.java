package dev.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The packaged command line, {@code cli/target/descent.jar}, run in a process of its own as users
 * run it, for the tests that need a real process: signals, a closed standard input, kills. Such
 * tests carry the tag {@value #TAG}; Maven runs them after the jar is packaged.
 */
public final class Jar {
    /** The JUnit tag of the tests that run the jar. */
    public static final String TAG = "jar";

    private Jar() {
    }

    /** The jar; fails when it has not been packaged. */
    public static Path path() {
        Path jar = Path.of(System.getProperty("basedir", "."), "target", "descent.jar").toAbsolutePath();
        assertThat(jar).as("the packaged command line (mvn package)").exists();
        return jar;
    }

    /** {@code java ... -jar descent.jar ARGS} with the JVM running the tests and the launcher's options. */
    public static List<String> command(String... args) {
        return command(List.of("-XX:+UseSerialGC"), args);
    }

    /** {@code java ... -jar descent.jar ARGS} with these JVM options instead of the launcher's choice of collector. */
    public static List<String> command(List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector"));
        command.addAll(jvmOptions);
        if (Runtime.version().feature() >= 22) {
            command.add("--enable-native-access=ALL-UNNAMED");
        }
        command.addAll(List.of("-jar", path().toString()));
        command.addAll(List.of(args));
        return command;
    }

    /** Starts the command line with standard output and error into {@code log}. */
    public static Process start(Path log, String... args) throws IOException {
        return new ProcessBuilder(command(args)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Standard error without the JVM's notice that the Vector API is incubating (the launcher hides it too). */
    public static String withoutJvmNotices(String err) {
        return err.lines().filter(line -> !line.startsWith("WARNING: Using incubator modules"))
                .map(line -> line + "\n").collect(Collectors.joining());
    }

    /** Sends {@code signal} (TERM, INT, KILL) to the process with kill(1). */
    public static void signal(Process p, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0).as("kill -" + signal).isTrue();
    }

    /**
     * True when the process ignores SIGINT: a shell without job control starts background jobs so,
     * the JVMs below it inherit it, and Ctrl-C cannot reach them.
     */
    public static boolean ignoresInterrupt(Process p) throws IOException {
        Path status = Path.of("/proc", Long.toString(p.pid()), "status");
        if (!Files.exists(status)) {
            return false;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseLong(line.substring("SigIgn:".length()).strip(), 16) & (1L << (2 - 1))) != 0;
            }
        }
        return false;
    }
}
