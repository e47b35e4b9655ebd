package dev.descent.cli.fit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.descent.cli.CliRun;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A convolutional network on the bundled 8×8 digits, read as 1×8×8 images: the course's step after the MLP. */
class FitCnnCommandTest {
    @TempDir
    Path dir;

    @Test
    void aSmallCnnClassifiesHeldOutDigitsAtLeastNinetyEightPercentRight() throws Exception {
        Path model = dir.resolve("digits-cnn.safetensors");
        Path plot = dir.resolve("digits-cnn.png");
        CliRun run = CliRun.of("fit", "--data", "digits", "--model", "cnn:16,32|64", "--epochs", "15",
                "--test-fraction", "0.2", "--seed", "0", "--save", model.toString(), "--plot", plot.toString(), "--json");
        assertThat(run.status()).as(run.err()).isZero();
        JsonNode r = run.json();
        assertThat(r.get("architecture").asText()).isEqualTo("cnn(1x8x8):16,32|64;in=64;out=10;activation=relu;dropout=0.0");
        assertThat(r.get("parameters").asInt()).isEqualTo(13_706);
        assertThat(r.get("test").get("accuracy").asDouble()).isGreaterThanOrEqualTo(0.98);

        // the plot holds the learning curves and, under them, the test images the network got wrong
        BufferedImage image = ImageIO.read(plot.toFile());
        assertThat(image.getWidth()).isEqualTo(900);
        assertThat(image.getHeight()).isGreaterThan(600);

        // the model file rebuilds the network: predict on the bundled digits agrees with fit's training score
        CliRun predict = CliRun.of("predict", "--model", model.toString(), "--data", "digits", "--json");
        assertThat(predict.status()).as(predict.err()).isZero();
        assertThat(predict.json().get("metrics").get("accuracy").asDouble()).isGreaterThanOrEqualTo(0.98);
    }

    @Test
    void aModelThatDoesNotFitTheDataIsRefusedNamingTheOption() {
        CliRun tooSmall = CliRun.of("fit", "--data", "digits", "--model", "cnn:8,8,8,8");
        assertThat(tooSmall.status()).isEqualTo(2);
        assertThat(tooSmall.err().strip()).isEqualTo("descent fit: --model cnn:8,8,8,8: an image of 1x8x8 is too small for"
                + " 4 convolution blocks, as each one's 2×2 pooling halves it; use fewer");
        CliRun notSquare = CliRun.of("fit", "--data", "wine", "--model", "cnn:4");
        assertThat(notSquare.status()).isEqualTo(2);
        assertThat(notSquare.err().strip()).isEqualTo("descent fit: --model cnn:4: the 13 features are not a square"
                + " image; give the image's shape, such as cnn(3x32x32):4");
    }
}
