package dev.descent.cli.fit;

import static dev.descent.cli.Hostile.everything;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.descent.cli.Jar;
import dev.descent.io.Checkpoint;
import dev.descent.io.SavedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM and Ctrl-C (SIGINT) while {@code descent fit} writes its model or a checkpoint: the
 * process ends with 128 + the signal, and no temporary file or folder is left behind. The model has
 * about 8 million weights (64 MB), so a write lasts long enough to be caught in the middle.
 */
@Tag(Jar.TAG)
class StoppedFitTest {
    private static final String[] BIG = {"--target", "y", "--model", "mlp:4000,2000", "--optimizer", "sgd"};

    @TempDir
    Path dir;

    private static boolean isTemporary(String name) {
        String last = Path.of(name).getFileName().toString();
        return last.startsWith(".") && last.endsWith(".tmp");
    }

    /**
     * Runs {@code fit} with the arguments for a new folder, waits until a temporary whose name
     * {@code caught} accepts shows in the folder, and sends the signal then; tries again in another
     * folder when the run ended first. Returns the folder; the process has ended.
     */
    private Path stopWhileWriting(String signal, Predicate<String> caught, Function<Path, List<String>> args)
            throws Exception {
        for (int attempt = 0; attempt < 3; attempt++) {
            Path run = Files.createDirectory(dir.resolve(signal + attempt));
            Path data = Files.writeString(run.resolve("points.csv"), "y,a,b\n1,0,1\n2,1,1\n3,2,1\n4,3,2\n5,4,2\n");
            List<String> all = new ArrayList<>(List.of("fit", "--data", data.toString()));
            all.addAll(List.of(BIG));
            all.addAll(args.apply(run));
            Process p = Jar.start(dir.resolve(signal + attempt + ".log"), all.toArray(new String[0]));
            assumeFalse(signal.equals("INT") && Jar.ignoresInterrupt(p), "SIGINT is ignored in this environment");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (p.isAlive() && System.nanoTime() < deadline) {
                if (everything(run).stream().anyMatch(caught)) {
                    Jar.signal(p, signal);
                    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("ended after SIG" + signal).isTrue();
                    assertThat(p.exitValue()).isEqualTo(signal.equals("TERM") ? 143 : 130);
                    return run;
                }
                Thread.sleep(1);
            }
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            assertThat(p.exitValue()).as(Files.readString(dir.resolve(signal + attempt + ".log"))).isZero();
        }
        throw new AssertionError("no write was caught in the middle in three runs");
    }

    @Test
    void termOrInterruptWhileSavingTheModelLeavesNoTemporaryFile() throws Exception {
        for (String signal : List.of("TERM", "INT")) {
            Path run = stopWhileWriting(signal, name -> name.startsWith(".model.safetensors."),
                    folder -> List.of("--epochs", "1", "--save", folder.resolve("model.safetensors").toString()));
            assertThat(everything(run)).as("after SIG" + signal).noneMatch(StoppedFitTest::isTemporary);
            Path model = run.resolve("model.safetensors");
            if (Files.exists(model)) { // the rename came first: then the file is whole
                assertThat(SavedModel.load(model).architecture()).startsWith("mlp:4000,2000");
            }
        }
    }

    @Test
    void termOrInterruptWhileWritingACheckpointLeavesNoTemporaryAndWholeCheckpoints() throws Exception {
        for (String signal : List.of("TERM", "INT")) {
            Path run = stopWhileWriting(signal, name -> name.startsWith("runs/.epoch-"),
                    folder -> List.of("--epochs", "100", "--checkpoint", folder.resolve("runs").toString()));
            Path checkpoints = run.resolve("runs");
            List<String> left = everything(checkpoints);
            assertThat(left).as("after SIG" + signal).noneMatch(StoppedFitTest::isTemporary);
            for (String name : left) {
                if (name.matches("epoch-\\d+")) {
                    assertThat(left).as(name).contains(name + "/" + Checkpoint.MODEL, name + "/" + Checkpoint.TRAINING);
                }
            }
            if (left.contains(Checkpoint.LATEST)) {
                assertThat(Checkpoint.in(checkpoints).load()).isPresent();
            }
        }
    }
}
