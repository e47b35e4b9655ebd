package dev.descent.cli.fit;

import static org.assertj.core.api.Assertions.assertThat;
import com.fasterxml.jackson.databind.JsonNode;
import dev.descent.cli.CliRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interrupted training loses nothing: a training process is killed with SIGKILL part-way, resumed
 * from its checkpoint, and must end with the bytes of an uninterrupted run.
 */
class CheckpointResumeTest {
    private static final int EPOCHS = 300;

    @TempDir
    Path dir;

    @Test
    void fullBatchGradientDescentKilledAndResumedEndsWithTheWeightsOfAnUninterruptedRun() throws Exception {
        killResumeCompare("--data", "iris", "--model", "mlp:8", "--method", "gd", "--optimizer", "sgd", "--lr", "0.1",
                "--standardize");
    }

    @Test
    void shuffledMiniBatchesWithMomentumKilledAndResumedEndWithTheWeightsOfAnUninterruptedRun() throws Exception {
        killResumeCompare("--data", "iris", "--model", "mlp:8", "--method", "sgd", "--batch-size", "16", "--optimizer",
                "momentum", "--lr", "0.02", "--test-fraction", "0.2", "--seed", "3");
    }

    @Test
    void adamWithWarmUpCosineScheduleAndDropoutKilledAndResumedEndsWithTheWeightsOfAnUninterruptedRun() throws Exception {
        killResumeCompare("--data", "iris", "--model", "mlp:16", "--dropout", "0.2", "--optimizer", "adam", "--schedule",
                "cosine", "--warmup", "5", "--batch-size", "16", "--test-fraction", "0.2", "--seed", "5");
    }

    /**
     * Trains once without interruption; trains again in a separate process that is killed once a
     * checkpoint past epoch 3 exists; resumes; compares model files and the whole history.
     */
    private void killResumeCompare(String... settings) throws Exception {
        Path whole = dir.resolve("uninterrupted.safetensors");
        CliRun uninterrupted = CliRun.of(args(settings, "--save", whole.toString(), "--json"));
        assertThat(uninterrupted.status()).as(uninterrupted.err()).isZero();

        Path checkpoints = dir.resolve("checkpoints");
        Process training = java(args(settings, "--checkpoint", checkpoints.toString()));
        int killedAfter;
        try {
            killedAfter = waitForCheckpointPast(checkpoints, 3, training);
        } finally {
            training.destroyForcibly();
            training.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(killedAfter).isGreaterThan(3);
        assertThat(epochOf(checkpoints)).as("the process was killed before its last epoch").isLessThan(EPOCHS);

        Path resumedModel = dir.resolve("resumed.safetensors");
        CliRun resumed = CliRun.of("fit", "--resume", checkpoints.toString(), "--checkpoint-every", "100", "--save",
                resumedModel.toString(), "--json");
        assertThat(resumed.status()).as(resumed.err()).isZero();
        assertThat(Files.readAllBytes(resumedModel)).isEqualTo(Files.readAllBytes(whole));
        JsonNode a = uninterrupted.json();
        JsonNode b = resumed.json();
        assertThat(b.get("history")).isEqualTo(a.get("history"));
        assertThat(b.get("train")).isEqualTo(a.get("train"));
        assertThat(b.get("epochs_run").asInt()).isEqualTo(EPOCHS);
        assertThat(b.get("resumed_after_epoch").asInt()).isBetween(killedAfter, EPOCHS - 1);
        assertThat(a.has("resumed_after_epoch")).isFalse();
        assertThat(Files.readString(checkpoints.resolve("latest")).strip()).isEqualTo(String.format("epoch-%06d", EPOCHS));
    }

    private static String[] args(String[] settings, String... more) {
        List<String> all = new ArrayList<>(List.of("fit", "--epochs", Integer.toString(EPOCHS)));
        all.addAll(List.of(settings));
        all.addAll(List.of(more));
        return all.toArray(new String[0]);
    }

    /** The command line in a new JVM, on this test's class path. */
    private Process java(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-XX:+UseSerialGC", "-Djava.awt.headless=true",
                "-cp", System.getProperty("java.class.path"), "dev.descent.cli.Main"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("killed.log").toFile())
                .start();
    }

    /** The epoch of the folder's latest checkpoint; 0 when there is none yet. */
    private static int epochOf(Path folder) throws IOException {
        Path latest = folder.resolve("latest");
        if (!Files.exists(latest)) {
            return 0;
        }
        String name = Files.readString(latest, StandardCharsets.UTF_8).strip();
        return Integer.parseInt(name.substring("epoch-".length()).replaceFirst("-\\d+$", ""));
    }

    /** Waits until the folder's latest checkpoint is past {@code epoch}; returns its epoch. */
    private int waitForCheckpointPast(Path folder, int epoch, Process training) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            int done = epochOf(folder);
            if (done > epoch) {
                return done;
            }
            if (!training.isAlive()) {
                throw new AssertionError("the training process ended with status " + training.exitValue() + ": "
                        + Files.readString(dir.resolve("killed.log")));
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no checkpoint past epoch " + epoch + " within a minute: "
                + Files.readString(dir.resolve("killed.log")));
    }

    @Test
    void resumingWithOtherSettingsIsAClearErrorAndChangesNothing() throws Exception {
        Path checkpoints = dir.resolve("run");
        assertThat(CliRun.of("fit", "--data", "iris", "--model", "mlp:4", "--epochs", "3", "--checkpoint",
                checkpoints.toString()).status()).isZero();
        String before = Files.readString(checkpoints.resolve("latest"));
        CliRun conflict = CliRun.of("fit", "--resume", checkpoints.toString(), "--lr", "0.5", "--model", "mlp:4",
                "--optimizer", "sgd");
        assertThat(conflict.status()).isEqualTo(2);
        assertThat(conflict.err()).isEqualTo("descent fit: --resume " + checkpoints + ": this run differs from the"
                + " checkpoint's: --optimizer sgd (the checkpoint has adam), --lr 0.5 (the checkpoint has 0.001); leave"
                + " these options out to continue with the checkpoint's settings (only --epochs may change, to extend the"
                + " run)" + System.lineSeparator());
        assertThat(Files.readString(checkpoints.resolve("latest"))).isEqualTo(before);
        // the same settings given again are fine
        CliRun same = CliRun.of("fit", "--resume", checkpoints.toString(), "--data", "iris", "--model", "mlp:4",
                "--epochs", "3", "--json");
        assertThat(same.status()).as(same.err()).isZero();
        assertThat(same.json().get("epochs_run").asInt()).isEqualTo(3);
        assertThat(CliRun.of("fit", "--resume", checkpoints.toString()).out())
                .contains("the checkpoint holds the whole run (3 epochs); nothing left to train");
    }

    @Test
    void resumingOnOtherDataOrWithoutACheckpointIsAClearError() throws Exception {
        Path csv = dir.resolve("points.csv");
        Files.writeString(csv, "y,a,b\n1,0,1\n2,1,1\n3,2,1\n4,3,2\n5,4,2\n");
        Path checkpoints = dir.resolve("run");
        assertThat(CliRun.of("fit", "--data", csv.toString(), "--target", "y", "--model", "mlp:3", "--epochs", "2",
                "--checkpoint", checkpoints.toString()).status()).isZero();
        Files.writeString(csv, "y,a,b\n1,0,1\n2,1,1\n3,2,1\n4,3,2\n5,4,3\n");
        CliRun changed = CliRun.of("fit", "--resume", checkpoints.toString());
        assertThat(changed.status()).isEqualTo(2);
        assertThat(changed.err()).contains("the data in " + csv + " are not those the checkpoint was trained on");

        CliRun empty = CliRun.of("fit", "--resume", dir.resolve("nothing").toString());
        assertThat(empty.status()).isEqualTo(2);
        assertThat(empty.err()).contains("no checkpoint there").contains("start the run with --checkpoint");

        CliRun again = CliRun.of("fit", "--data", "iris", "--model", "mlp:3", "--checkpoint", checkpoints.toString());
        assertThat(again.status()).isEqualTo(2);
        assertThat(again.err()).contains("already holds a checkpoint (epoch-000002); continue that run with --resume");
    }
}
