package dev.descent.cli.fit;

import static dev.descent.cli.Hostile.everything;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.cli.Jar;
import dev.descent.io.Checkpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak test of interrupted training: {@code descent fit --checkpoint} in a process of its own is
 * stopped 100 times at random moments (while the JVM starts, while it trains, while it writes a
 * checkpoint) by SIGKILL, SIGTERM or SIGINT, and resumed each time; the last run ends with the very
 * bytes and history of an uninterrupted run, and the folder holds only the final checkpoint.
 * {@code -Ddescent.soak.kills=N} and {@code -Ddescent.soak.seed=S} change the number of stops and
 * the random moments.
 */
@Tag(Jar.TAG)
class KillSoakTest {
    private static final int EPOCHS = 3000;
    private static final String[] SETTINGS = {"--data", "iris", "--model", "mlp:16", "--dropout", "0.2", "--optimizer",
        "adam", "--schedule", "cosine", "--warmup", "5", "--batch-size", "16", "--test-fraction", "0.2", "--seed", "5",
        "--epochs", Integer.toString(EPOCHS)};
    private static final Map<String, Integer> STATUS = Map.of("KILL", 137, "TERM", 143, "INT", 130);

    @TempDir
    Path dir;

    private Path checkpoints;
    private Path log;

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void stoppedAHundredTimesAtRandomAndResumedItEndsWithTheBytesOfAnUninterruptedRun() throws Exception {
        int kills = Integer.getInteger("descent.soak.kills", 100);
        long seed = Long.getLong("descent.soak.seed", 16);
        Random rng = new Random(seed);
        checkpoints = dir.resolve("runs");
        log = dir.resolve("run.log");
        long started = System.nanoTime();

        Path whole = dir.resolve("uninterrupted.safetensors");
        JsonNode uninterrupted = finish(with("fit", SETTINGS), "--save", whole.toString());

        Map<String, Integer> sent = new TreeMap<>();
        for (int stop = 0; stop < kills; stop++) {
            int before = epoch();
            Process p = Jar.start(log, before == 0 ? with("fit", SETTINGS, "--checkpoint", checkpoints.toString())
                    : new String[] {"fit", "--resume", checkpoints.toString()});
            String signal = List.of("KILL", "TERM", "INT").get(rng.nextInt(3));
            if (signal.equals("INT") && Jar.ignoresInterrupt(p)) {
                signal = "TERM"; // a shell without job control made SIGINT ignored for everything below it
            }
            if (rng.nextInt(10) == 0) {
                Thread.sleep(rng.nextInt(1500)); // anywhere from the JVM's start to the first epochs
            } else {
                waitForEpoch(p, before + 1 + rng.nextInt(3));
                Thread.sleep(rng.nextInt(20)); // and anywhere in the epochs and checkpoint writes after it
            }
            assertThat(p.isAlive()).as("stop %d: the run ended by itself: %s", stop, output()).isTrue();
            Jar.signal(p, signal);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("stop %d: ended after SIG%s", stop, signal).isTrue();
            assertThat(p.exitValue()).as("stop %d: SIG%s: %s", stop, signal, output()).isEqualTo(STATUS.get(signal));
            sent.merge(signal, 1, Integer::sum);
            String own = "." + p.pid() + "-";
            if (!signal.equals("KILL")) { // the shutdown hook removed what the stopped process had in flight
                assertThat(everything(checkpoints)).as("stop %d: after SIG%s", stop, signal).noneMatch(n -> n.contains(own));
            }
            if (Files.exists(checkpoints.resolve(Checkpoint.LATEST))) {
                assertThat(Checkpoint.in(checkpoints).load()).as("stop %d", stop).isPresent();
            }
        }
        int stoppedAt = epoch();
        Path resumed = dir.resolve("resumed.safetensors");
        JsonNode last = finish(new String[] {"fit", "--resume", checkpoints.toString(), "--checkpoint-every",
            Integer.toString(EPOCHS)}, "--save", resumed.toString());

        assertThat(Files.readAllBytes(resumed)).isEqualTo(Files.readAllBytes(whole));
        assertThat(last.get("history")).isEqualTo(uninterrupted.get("history"));
        assertThat(last.get("resumed_after_epoch").asInt()).isEqualTo(stoppedAt);
        String final_ = String.format("epoch-%06d", EPOCHS);
        assertThat(everything(checkpoints)).containsExactly(final_, final_ + "/" + Checkpoint.MODEL,
                final_ + "/" + Checkpoint.TRAINING, Checkpoint.LATEST);
        System.out.printf("soak: %d stops (%s) at random moments, resumed after epoch %d of %d; %.0f s%n", kills, sent,
                stoppedAt, EPOCHS, (System.nanoTime() - started) / 1e9);
    }

    /** Runs the command line to its end with {@code more} and {@code --json}; returns its report. */
    private JsonNode finish(String[] args, String... more) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(more));
        all.add("--json");
        Path out = dir.resolve("out.json");
        Process p = new ProcessBuilder(Jar.command(all.toArray(new String[0]))).redirectOutput(out.toFile())
                .redirectError(log.toFile()).start();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output()).isZero();
        return new ObjectMapper().readTree(Files.readString(out));
    }

    private static String[] with(String command, String[] settings, String... more) {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(List.of(settings));
        all.addAll(List.of(more));
        return all.toArray(new String[0]);
    }

    /** The epoch of the latest checkpoint, 0 before the first. */
    private int epoch() throws IOException {
        Path latest = checkpoints.resolve(Checkpoint.LATEST);
        if (!Files.exists(latest)) {
            return 0;
        }
        String name = Files.readString(latest, StandardCharsets.UTF_8).strip();
        return name.isEmpty() ? 0 : Integer.parseInt(name.substring("epoch-".length()).replaceFirst("-\\d+$", ""));
    }

    /** Waits until the latest checkpoint is at {@code epoch} or later (or the process ended). */
    private void waitForEpoch(Process p, int epoch) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (p.isAlive() && epoch() < epoch && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
    }

    private String output() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }
}
