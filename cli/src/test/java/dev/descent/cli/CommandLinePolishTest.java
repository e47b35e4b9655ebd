package dev.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's manners: what it prints when asked nothing, versions, defaults stated, messages in its own words. */
class CommandLinePolishTest {
    @TempDir
    Path dir;

    @Test
    void descentAloneListsTheCommandsAndSucceeds() {
        CliRun run = CliRun.of();
        assertThat(run.status()).isZero();
        assertThat(run.out()).contains("Commands:").contains("fit").contains("predict").contains("data");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void everyCommandAnswersVersion() {
        for (String command : new String[] {"grad", "minimize", "fit", "predict", "data", "demo", "bench", "shell"}) {
            CliRun run = CliRun.of(command, "--version");
            assertThat(run.status()).as(command).isZero();
            assertThat(run.out()).as(command).startsWith("descent ").contains(" on Java ");
        }
    }

    @Test
    void aTopLevelErrorNamesTheProgramOnce() {
        CliRun run = CliRun.of("--bogus");
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).startsWith("descent: Unknown option: '--bogus'").doesNotContain("descent descent");
    }

    @Test
    void dataListsTheBundledSetsAndShowsOne() {
        CliRun list = CliRun.of("data");
        assertThat(list.status()).isZero();
        assertThat(list.out()).containsPattern("iris +150 +5 +target +3 classes +Fisher \\(1936\\)");
        JsonNode iris = CliRun.of("data", "iris", "--rows", "2", "--json").json();
        assertThat(iris.get("rows").asInt()).isEqualTo(150);
        assertThat(iris.get("schema").get(4).get("categories").toString())
                .isEqualTo("[\"setosa\",\"versicolor\",\"virginica\"]");
        assertThat(iris.get("head")).hasSize(2);
        assertThat(CliRun.of("data", "nowhere.csv").err()).contains("no such file, and not a bundled data set");
    }

    @Test
    void minimizeSaysWhenTheStartIsOutsideTheDomainOrThereIsNoMinimum() {
        CliRun domain = CliRun.of("minimize", "log(x)", "--start", "x=-1");
        assertThat(domain.status()).isEqualTo(2);
        assertThat(domain.err()).contains("not defined at the start").doesNotContain("learning rate");
        CliRun unbounded = CliRun.of("minimize", "0-x^2", "--start", "x=1");
        assertThat(unbounded.status()).isEqualTo(2);
        assertThat(unbounded.err()).contains("decreases without bound").contains("no minimum")
                .doesNotContain("smaller learning rate");
    }

    @Test
    void aTraceMarksTheEpochsItSkips() {
        CliRun run = CliRun.of("minimize", "2*x^2", "--start", "x=3", "--epochs", "30", "--trace");
        assertThat(run.status()).isZero();
        assertThat(run.out()).contains("epoch 4: f = ").contains("  … epoch 5 not shown (from here on, one epoch in 3 is shown)"
                + System.lineSeparator() + "epoch 6: f = ").contains("  … epochs 7 to 8 not shown" + System.lineSeparator()
                + "epoch 9: f = ");
    }

    @Test
    void everyRunRecordsItsSeedAndTheDefaultIsZero() {
        assertThat(CliRun.of("minimize", "2*x^2", "--epochs", "3", "--json").json().get("seed").asLong()).isZero();
        JsonNode fit = CliRun.of("fit", "--data", "iris", "--model", "mlp:4", "--epochs", "2", "--json").json();
        assertThat(fit.get("seed").asLong()).isZero();
        assertThat(CliRun.of("fit", "--data", "iris", "--model", "mlp:4", "--epochs", "2").out()).contains(", seed 0");
    }

    @Test
    void theLearningRateDefaultsToTheOptimizersOwnAsInPyTorch() {
        JsonNode adam = CliRun.of("fit", "--data", "iris", "--model", "mlp:4", "--epochs", "1", "--json").json();
        assertThat(adam.get("optimizer").asText()).isEqualTo("adam");
        assertThat(adam.get("learning_rate").asDouble()).isEqualTo(1e-3);
        JsonNode sgd = CliRun.of("fit", "--data", "iris", "--model", "mlp:4", "--optimizer", "sgd", "--epochs", "1",
                "--json").json();
        assertThat(sgd.get("learning_rate").asDouble()).isEqualTo(1e-2);
    }

    @Test
    void aBatchSizeWithFullBatchGradientDescentIsAnError() {
        CliRun run = CliRun.of("fit", "--data", "boston", "--method", "gd", "--batch-size", "16");
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).startsWith("descent fit: --batch-size 16: full-batch gradient descent");
    }

    @Test
    void linearGradientDescentStandardizesByDefaultAndWarnsWhenFarFromTheOptimum() {
        JsonNode converged = CliRun.of("fit", "--data", "boston", "--method", "gd", "--lr", "0.1", "--json").json();
        assertThat(converged.get("standardized").asBoolean()).isTrue();
        assertThat(converged.get("converged").asBoolean()).isTrue();
        CliRun early = CliRun.of("fit", "--data", "boston", "--method", "gd", "--lr", "0.01", "--epochs", "5");
        assertThat(early.status()).isZero();
        assertThat(early.out()).contains("warning: gradient descent ended ").contains("above the least-squares optimum");
        JsonNode j = CliRun.of("fit", "--data", "boston", "--method", "gd", "--lr", "0.01", "--epochs", "5", "--json").json();
        assertThat(j.get("converged").asBoolean()).isFalse();
        assertThat(j.get("warning").asText()).contains("least-squares optimum");
    }

    @Test
    void quotedNamesInFeaturesKeepTheirCommas() throws IOException {
        Path csv = Files.writeString(dir.resolve("flats.csv"), "\"area, m2\",rooms,price\n50,2,100\n70,3,150\n90,3,170\n"
                + "60,2,120\n");
        JsonNode j = CliRun.of("fit", "--data", csv.toString(), "--target", "price", "--features", "\"area, m2\",rooms",
                "--method", "closed", "--json").json();
        assertThat(j.get("features").toString()).isEqualTo("[\"area, m2\",\"rooms\"]");
        CliRun absent = CliRun.of("fit", "--data", csv.toString(), "--target", "price", "--feature", "area",
                "--method", "closed");
        assertThat(absent.status()).isEqualTo(2);
        assertThat(absent.err()).contains("'area, m2'").contains("'rooms'");
    }
}
