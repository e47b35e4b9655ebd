package dev.descent.cli.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.descent.cli.CliRun;
import dev.descent.cli.Jar;
import dev.descent.io.Checkpoint;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code descent fit} as a process whose standard output is a pipe: each epoch's row arrives as the
 * epoch ends, not when training ends; and Ctrl-C stops after the current step, checkpoints, says
 * how to resume and exits 130.
 */
@Tag(Jar.TAG)
class FitStreamingTest {
    /** An epoch row of the training log: the epoch, then the metrics. */
    private static final Pattern EPOCH_ROW = Pattern.compile("\\s+\\d+\\s+\\d.*");
    /** Long enough (tens of seconds) that the first epoch ends well before the last. */
    private static final String[] LONG_RUN = {"fit", "--data", "digits", "--model", "mlp:64", "--optimizer", "sgd",
        "--lr", "0.05", "--epochs", "400", "--log-every", "1"};

    @TempDir
    Path dir;

    /** Reads standard output until the first epoch row; fails if the process ends first. */
    private static String firstEpochRow(BufferedReader out) throws IOException {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (EPOCH_ROW.matcher(line).matches()) {
                return line;
            }
        }
        throw new AssertionError("standard output ended without an epoch row");
    }

    @Test
    void theFirstEpochRowReachesAPipeWhileTrainingGoesOn() throws Exception {
        Process p = new ProcessBuilder(Jar.command(LONG_RUN)).redirectError(dir.resolve("err.log").toFile()).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String row = firstEpochRow(out);
            assertThat(row.strip()).startsWith("1 ");
            assertThat(p.isAlive()).as("still training when the first row arrived").isTrue();
        } finally {
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void ctrlCStopsAfterTheStepCheckpointsSaysHowToResumeAndExits130() throws Exception {
        Path runs = dir.resolve("runs");
        String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(LONG_RUN),
                java.util.stream.Stream.of("--checkpoint", runs.toString())).toArray(String[]::new);
        Path err = dir.resolve("err.log");
        Process p = new ProcessBuilder(Jar.command(args)).redirectError(err.toFile()).start();
        assumeFalse(Jar.ignoresInterrupt(p), "SIGINT is ignored in this environment");
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            firstEpochRow(out);
            Jar.signal(p, "INT");
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("ended after Ctrl-C").isTrue();
        } finally {
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(p.exitValue()).isEqualTo(130);
        String said = Jar.withoutJvmNotices(Files.readString(err));
        assertThat(said).contains("stopping after this step").contains("continue with: descent fit --resume " + runs);
        int done = Integer.parseInt(Checkpoint.in(runs).latestMetadata().orElseThrow().get("descent.checkpoint.epoch"));
        assertThat(said).contains("interrupted after epoch " + done + " of 400");

        // The run goes on from there; --epochs sets a new end.
        CliRun resumed = CliRun.of("fit", "--resume", runs.toString(), "--epochs", Integer.toString(done + 2), "--json");
        assertThat(resumed.status()).as(resumed.err()).isZero();
        JsonNode j = resumed.json();
        assertThat(j.get("epochs_run").asInt()).isEqualTo(done + 2);
    }
}
