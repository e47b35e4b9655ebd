package dev.descent.cli.fit;

import static dev.descent.cli.Hostile.assertRefused;
import static dev.descent.cli.Hostile.everything;
import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.cli.CliRun;
import dev.descent.cli.Hostile;
import dev.descent.io.SavedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code descent fit} under hostile conditions: settings too large for the machine, outputs that
 * cannot or must not be written, data it cannot use. Each ends with status 2 and one line, before
 * any training where it can be known then, and leaves every file as it was.
 */
class FitHostileTest {
    private static final String POINTS = "y,a,b\n1,0,1\n2,1,1\n3,2,1\n4,3,2\n5,4,2\n";

    @TempDir
    Path dir;

    /**
     * Training ran (its log went to standard output as it went), then the run failed with status 2
     * and said {@code line} alone.
     */
    private static void assertFailedAfterTraining(CliRun run, String line) {
        assertThat(run.status()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).isEqualTo(line + System.lineSeparator());
    }

    private Path points() throws IOException {
        return Files.writeString(dir.resolve("points.csv"), POINTS);
    }

    private static CliRun fit(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "fit";
        System.arraycopy(args, 0, all, 1, args.length);
        return CliRun.of(all);
    }

    @Test
    void aNetworkTooLargeForMemoryIsRefusedBeforeAllocatingInOneLineNamingTheOption() {
        long start = System.nanoTime();
        CliRun run = fit("--data", "iris", "--model", "mlp:100000000");
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).matches("descent fit: --model mlp:100000000: the network has 800000003 parameters;"
                + " training it needs about [0-9.]+ GB \\(weights, gradients, optimizer state and one batch's"
                + " activations\\), more than the [0-9.]+ [GM]B Java may use here; choose smaller layers\\R")
                .hasLineCount(1);
        assertThat(System.nanoTime() - start).as("nanoseconds").isLessThan(10_000_000_000L);
    }

    @Test
    void epochsWhoseHistoryCannotFitInMemoryAreRefusedBeforeTraining() {
        long start = System.nanoTime();
        CliRun run = fit("--data", "iris", "--model", "mlp:8", "--epochs", "2147483647");
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).matches("descent fit: --epochs 2147483647: keeping the metrics of every epoch needs about"
                + " [0-9.]+ GB, more than half of the [0-9.]+ [GM]B Java may use here; train for fewer epochs\\R");
        assertThat(run.out()).isEmpty();
        assertThat(System.nanoTime() - start).as("nanoseconds").isLessThan(10_000_000_000L);
    }

    @Test
    void aBatchSizeOfTwoToTheThirtyOneMinusOneIsOneBatchOfEveryRow() {
        CliRun network = fit("--data", "iris", "--model", "mlp:4", "--batch-size", "2147483647", "--epochs", "2", "--json");
        assertThat(network.status()).as(network.err()).isZero();
        assertThat(network.json().get("epochs_run").asInt()).isEqualTo(2);
        CliRun linear = fit("--data", "boston", "--method", "sgd", "--standardize", "--batch-size", "2147483647",
                "--epochs", "2", "--json");
        assertThat(linear.status()).as(linear.err()).isZero();
    }

    @Test
    void zeroEpochsOfLinearRegressionAreRefusedAndWriteNoModel() {
        Path model = dir.resolve("m.safetensors");
        assertRefused(fit("--data", "boston", "--epochs", "0", "--save", model.toString()),
                "descent fit: --epochs 0: train for at least 1 epoch");
        assertThat(model).doesNotExist();
    }

    @Test
    void savingOntoALinkWritesTheLinksTargetAndKeepsTheLink() throws IOException {
        Path models = Files.createDirectory(dir.resolve("models"));
        Path real = Files.writeString(models.resolve("real.safetensors"), "old");
        Path link = Files.createSymbolicLink(dir.resolve("latest.safetensors"), Path.of("models/real.safetensors"));
        CliRun run = fit("--data", "iris", "--model", "mlp:4", "--epochs", "2", "--save", link.toString());
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(Files.readSymbolicLink(link)).isEqualTo(Path.of("models/real.safetensors"));
        assertThat(SavedModel.load(real).architecture()).startsWith("mlp:4");
        assertThat(everything(dir)).containsExactly("latest.safetensors", "models", "models/real.safetensors");
    }

    @Test
    void aFullDiskUnderSaveOrPlotIsOneLineAndWritesNeitherOutput() throws IOException {
        Path full = Hostile.fullDevice(dir, "full.safetensors");
        Path fullPlot = Hostile.fullDevice(dir, "full.png");
        Path model = dir.resolve("model.safetensors");
        Path plot = dir.resolve("curves.png");
        assertFailedAfterTraining(fit("--data", "iris", "--model", "mlp:4", "--epochs", "2", "--save", full.toString()),
                "descent fit: cannot write " + full + ": no space left on device");
        assertFailedAfterTraining(fit("--data", "iris", "--model", "mlp:4", "--epochs", "2", "--plot", fullPlot.toString()),
                "descent fit: cannot write " + fullPlot + ": no space left on device");
        // one run's outputs are all or none: the plot failing after training leaves no model, and the other way round
        assertFailedAfterTraining(fit("--data", "iris", "--model", "mlp:4", "--epochs", "2", "--save", model.toString(), "--plot",
                fullPlot.toString()), "descent fit: cannot write " + fullPlot + ": no space left on device");
        assertFailedAfterTraining(fit("--data", "boston", "--standardize", "--epochs", "2", "--save", full.toString(), "--plot",
                plot.toString()),
                "descent fit: cannot write " + full + ": no space left on device");
        assertThat(everything(dir)).containsExactly("full.png", "full.safetensors");
    }

    @Test
    void aPlotThatCannotBeWrittenKeepsTheOldModelAndAModelThatCannotKeepsTheOldPlot() throws IOException {
        Path model = Files.writeString(dir.resolve("model.safetensors"), "the old model");
        Path plot = Files.writeString(dir.resolve("curves.svg"), "the old plot");
        Path full = Hostile.fullDevice(dir, "full.svg");
        assertThat(fit("--data", "iris", "--model", "mlp:4", "--epochs", "2", "--save", model.toString(), "--plot",
                full.toString()).status()).isEqualTo(2);
        Path fullModel = Hostile.fullDevice(dir, "full.safetensors");
        assertThat(fit("--data", "iris", "--model", "mlp:4", "--epochs", "2", "--save", fullModel.toString(), "--plot",
                plot.toString()).status()).isEqualTo(2);
        assertThat(Files.readString(model)).isEqualTo("the old model");
        assertThat(Files.readString(plot)).isEqualTo("the old plot");
        assertThat(everything(dir)).containsExactly("curves.svg", "full.safetensors", "full.svg", "model.safetensors");
        CliRun both = fit("--data", "iris", "--model", "mlp:4", "--epochs", "2", "--save", model.toString(), "--plot",
                plot.toString());
        assertThat(both.status()).as(both.err()).isZero();
        assertThat(Files.readString(plot)).startsWith("<?xml");
        assertThat(SavedModel.load(model).architecture()).startsWith("mlp:4");
    }

    @Test
    void outputsThatWouldDestroyAnInputOrEachOtherAreRefusedBeforeAnyWork() throws IOException {
        Path csv = points();
        Path link = Files.createSymbolicLink(dir.resolve("link.csv"), csv.getFileName());
        assertRefused(fit("--data", csv.toString(), "--target", "y", "--epochs", "2", "--save", csv.toString()),
                "descent fit: --save " + csv + " is the same file as --data " + csv + "; writing it would destroy the input");
        assertRefused(fit("--data", csv.toString(), "--target", "y", "--model", "mlp:3", "--save", link.toString()),
                "descent fit: --save " + link + " is the same file as --data " + csv + "; writing it would destroy the input");
        Path png = dir.resolve("same.png");
        assertRefused(fit("--data", csv.toString(), "--target", "y", "--save", png.toString(), "--plot", png.toString()),
                "descent fit: --save " + png + " and --plot " + png + " are the same file; give each output its own file");
        assertThat(Files.readString(csv)).isEqualTo(POINTS);
        assertThat(everything(dir)).containsExactly("link.csv", "points.csv");
    }

    @Test
    void aCheckpointFolderThatIsAFileIsRefusedBeforeTheFirstEpoch() throws IOException {
        Path file = Files.writeString(dir.resolve("runs"), "notes");
        assertRefused(fit("--data", "iris", "--model", "mlp:4", "--checkpoint", file.toString()),
                "descent fit: --checkpoint " + file + ": " + file + " is a file, not a folder");
        Path below = file.resolve("iris");
        assertRefused(fit("--data", "iris", "--model", "mlp:4", "--checkpoint", below.toString()),
                "descent fit: --checkpoint " + below + ": " + file + " is a file, not a folder");
        assertThat(Files.readString(file)).isEqualTo("notes");
    }

    @Test
    void theRootFolderIsNotAModelFile() {
        assertRefused(fit("--data", "iris", "--model", "mlp:4", "--save", "/"),
                "descent fit: --save /: it is the root folder, not a file");
    }

    @Test
    void aCellOverSeveralLinesIsShownOnOneLine() throws IOException {
        Path csv = Files.writeString(dir.resolve("quoted.csv"), "y,a,b\n1,0,1\n2,\"multi\nline\r\ncell\",1\n3,2,1\n");
        assertRefused(fit("--data", csv.toString(), "--target", "y"),
                "descent fit: " + csv + " line 3, column a: 'multi\\nline\\r\\ncell' is not a number, though 2 of the"
                + " column's cells are; correct it, or leave the cell empty (or NA) to mark it missing");
    }

    @Test
    void featuresNear1e300AreStandardizedAndTheDivergenceAdviceFitsTheSettings() throws IOException {
        Path csv = Files.writeString(dir.resolve("huge.csv"),
                "y,a,b\n1,1e300,1\n2,2e300,1\n3,-1e300,1\n4,3e300,2\n5,4e300,2\n");
        String[] data = {"--data", csv.toString(), "--target", "y"};
        CliRun raw = fit(concat(data, "--no-standardize", "--epochs", "20"));
        assertThat(raw.status()).isEqualTo(2);
        assertThat(raw.err()).endsWith("; try a smaller --lr or --standardize" + System.lineSeparator()).hasLineCount(1);
        CliRun standardized = fit(concat(data, "--standardize", "--lr", "0.1", "--epochs", "200", "--json"));
        assertThat(standardized.status()).as(standardized.err()).isZero();
        assertThat(standardized.json().get("train").get("r2").asDouble()).isGreaterThan(0.5);
        CliRun network = fit(concat(data, "--model", "mlp:3", "--standardize", "--epochs", "20", "--json"));
        assertThat(network.status()).as(network.err()).isZero();
        // already standardized: a divergence suggests what is left
        CliRun diverged = fit(concat(data, "--standardize", "--lr", "100", "--epochs", "20"));
        assertThat(diverged.status()).isEqualTo(2);
        assertThat(diverged.err()).endsWith("; try a smaller --lr" + System.lineSeparator()).doesNotContain("--standardize")
                .hasLineCount(1);
    }

    @Test
    void aClassificationTargetOfOneClassIsRefused() throws IOException {
        Path csv = Files.writeString(dir.resolve("zeros.csv"), "y,a,b\n0,0,1\n0,1,1\n0,2,1\n");
        assertRefused(fit("--data", csv.toString(), "--target", "y", "--model", "mlp:3", "--loss", "cross-entropy"),
                "descent fit: --loss cross-entropy: the target column 'y' holds one class only (0); a classifier needs"
                        + " examples of at least two classes");
    }

    @Test
    void resumingOnDataWithoutTheCheckpointsColumnsSaysTheCheckpointWasTrainedOnOtherData() throws IOException {
        Path csv = points();
        Path checkpoints = dir.resolve("run");
        assertThat(fit("--data", csv.toString(), "--target", "y", "--model", "mlp:3", "--epochs", "2", "--checkpoint",
                checkpoints.toString()).status()).isZero();
        Path other = Files.writeString(dir.resolve("other.csv"), "q,a\n1,2\n3,4\n");
        assertRefused(fit("--resume", checkpoints.toString(), "--data", other.toString()), "descent fit: --resume "
                + checkpoints + ": the checkpoint was trained on other data: " + other + " has no columns 'y', 'b' (the"
                + " checkpoint's data: " + csv + ")");
        assertRefused(fit("--resume", checkpoints.toString(), "--data", "iris"), "descent fit: --resume " + checkpoints
                + ": the checkpoint was trained on other data: iris has no columns 'y', 'a', 'b' (the checkpoint's data: " + csv
                + ")");
        Files.writeString(csv, "y,a\n1,0\n2,1\n");
        assertRefused(fit("--resume", checkpoints.toString()), "descent fit: --resume " + checkpoints
                + ": the checkpoint was trained on other data: " + csv + " has no column 'b'");
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
