package dev.descent.cli.fit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.descent.cli.CliRun;
import dev.descent.io.FashionMnist;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A LeNet-style network on Fashion-MNIST: at least 90% of the 10,000 test images right within ten
 * epochs. It trains for minutes, so it has a tag of its own: {@code .ci/run} installs Debian's
 * dataset-fashion-mnist and runs it once ({@code mvn -B surefire:test@fashion-mnist -pl cli}).
 */
@Tag(FashionMnistCnnTest.TAG)
class FashionMnistCnnTest {
    static final String TAG = "fashion-mnist";

    @TempDir
    Path dir;

    @Test
    void leNetReachesNinetyPercentOnTheTestImagesWithinTenEpochs() {
        Assumptions.assumeTrue(FashionMnist.installed(), "Fashion-MNIST is not installed in "
                + FashionMnist.defaultDirectory() + " (sudo apt-get install dataset-fashion-mnist); skipped");
        Path model = dir.resolve("lenet.safetensors");
        CliRun run = CliRun.of("fit", "--data", "fashion-mnist", "--model", "cnn:6k5,16k5|120,84", "--dtype", "float32",
                "--epochs", "10", "--batch-size", "64", "--seed", "0", "--save",
                model.toString(), "--json");
        assertThat(run.status()).as(run.err()).isZero();
        JsonNode r = run.json();
        assertThat(r.get("train_samples").asInt()).isEqualTo(60_000);
        assertThat(r.get("test_samples").asInt()).isEqualTo(10_000);
        JsonNode accuracy = r.get("history").get("test").get("accuracy");
        int first = -1;
        for (int e = 0; e < accuracy.size() && first < 0; e++) {
            first = accuracy.get(e).asDouble() >= 0.90 ? e + 1 : -1;
        }
        System.out.printf(Locale.ROOT, "Fashion-MNIST LeNet: test accuracy %s by epoch, %.1f s for %d epochs%n",
                accuracy, r.get("seconds").asDouble(), r.get("epochs_run").asInt());
        assertThat(first).as("the first epoch with at least 90% of the test images right").isBetween(1, 10);
        assertThat(r.get("test").get("accuracy").asDouble()).isGreaterThanOrEqualTo(0.88);

        // predict reads the model back and classifies the same test images alike
        CliRun predict = CliRun.of("predict", "--model", model.toString(), "--data", "fashion-mnist", "--json");
        assertThat(predict.status()).as(predict.err()).isZero();
        assertThat(predict.json().get("metrics").get("accuracy").asDouble()).isEqualTo(r.get("test").get("accuracy").asDouble());
    }
}
