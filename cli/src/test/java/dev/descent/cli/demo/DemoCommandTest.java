package dev.descent.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import dev.descent.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
    @TempDir
    Path dir;

    @Test
    void theDemoRunsTheCourseInOrderEndingWithANetworkOnDigitsAndWritesItsPlots() throws Exception {
        CliRun run = CliRun.of("demo", "--out", dir.toString());
        assertThat(run.status()).isZero();
        String out = run.out();
        assertThat(out.indexOf("1. Gradient descent on y = 2x^2")).isLessThan(out.indexOf("3. The same with automatic"));
        assertThat(out).contains("hand-written and autograd agree: largest difference 0 (2x^2) and 0 (x^2+y^2+z^2)")
                .contains("gradient descent reached the least-squares solution");
        for (String plot : new String[] {"1-two-x-squared.png", "3-sum-of-squares-loss.png", "4-boston-loss.png",
            "5-digits-curves.png", "6-digits-mlp-vs-cnn.png"}) {
            assertThat(Files.size(dir.resolve(plot))).as(plot).isGreaterThan(10_000);
        }
        assertThat(out.indexOf("4. Linear regression on Boston")).isLessThan(out.indexOf("5. A neural network on handwritten"));
        assertThat(out).contains("loss = Loss.crossEntropy(logits, y); loss.backward();")
                .contains("adam.zeroGrad()");
        Matcher done = Pattern.compile("after 20 epochs: test accuracy ([0-9.]+) \\((\\d+) of 450 images").matcher(out);
        assertThat(done.find()).as(out).isTrue();
        assertThat(Double.parseDouble(done.group(1))).isGreaterThan(0.95)
                .isCloseTo(Integer.parseInt(done.group(2)) / 450.0, within(5e-5));
        // the loop learns: the training loss falls from the first epoch to the last
        Matcher epochs = Pattern.compile("epoch +(\\d+): training loss ([0-9.]+)").matcher(out);
        List<Double> losses = new ArrayList<>();
        while (epochs.find()) {
            losses.add(Double.parseDouble(epochs.group(2)));
        }
        // five printed epochs for the MLP, five for the CNN
        assertThat(losses).hasSize(10);
        assertThat(losses.get(4)).isLessThan(losses.get(0) / 10);
        assertThat(losses.get(9)).isLessThan(losses.get(5) / 10);
        // chapter 6: the same digits as images (a seeded run reaches 98%: FitCnnCommandTest)
        assertThat(out.indexOf("5. A neural network on handwritten")).isLessThan(out.indexOf("6. From an MLP to a CNN"));
        Matcher both = Pattern.compile("test accuracy after 20 epochs: MLP ([0-9.]+) \\((\\d+) of 450\\), CNN ([0-9.]+)"
                + " \\((\\d+) of 450\\)").matcher(out);
        assertThat(both.find()).as(out).isTrue();
        assertThat(Double.parseDouble(both.group(1))).isEqualTo(Double.parseDouble(done.group(1)));
        assertThat(Double.parseDouble(both.group(3))).isGreaterThan(0.95);
    }
}
