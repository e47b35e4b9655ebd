package dev.descent.cli.minimize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import com.fasterxml.jackson.databind.JsonNode;
import dev.descent.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MinimizeCommandTest {
    @TempDir
    Path dir;

    @Test
    void theCourseExampleWithAHandWrittenDerivativeReachesZero() {
        CliRun run = CliRun.of("minimize", "2*x^2", "--derivative", "4*x", "--lr", "0.01", "--epochs", "1000",
                "--seed", "7", "--json");
        assertThat(run.status()).isZero();
        JsonNode r = run.json();
        assertThat(r.get("mode").asText()).isEqualTo("manual");
        assertThat(r.get("epochs").asInt()).isEqualTo(1000);
        assertThat(r.get("learning_rate").asDouble()).isEqualTo(0.01);
        double start = r.get("start").get("x").asDouble();
        assertThat(start).isBetween(-1000.0, 999.0).isEqualTo(Math.rint(start));
        // each step multiplies x by 1 - 4·0.01
        assertThat(r.get("minimizer").get("x").asDouble()).isCloseTo(start * Math.pow(0.96, 1000), within(1e-25));
        assertThat(r.get("steps").asInt()).isEqualTo(1000);
    }

    @Test
    void autogradIsTheDefaultWithoutDerivativesAndReachesZeroInThreeVariables() {
        JsonNode r = CliRun.of("minimize", "x^2+y^2+z^2", "--start", "x=3,y=-2,z=5", "--json").json();
        assertThat(r.get("mode").asText()).isEqualTo("autograd");
        assertThat(r.get("start").get("z").asDouble()).isEqualTo(5);
        for (String v : new String[] {"x", "y", "z"}) {
            assertThat(r.get("minimizer").get(v).asDouble()).isCloseTo(0, within(1e-8));
        }
    }

    @Test
    void theSameSeedGivesTheSameStart() {
        JsonNode a = CliRun.of("minimize", "x^2", "--seed", "3", "--json").json();
        JsonNode b = CliRun.of("minimize", "x^2", "--seed", "3", "--json").json();
        assertThat(a.get("start")).isEqualTo(b.get("start"));
    }

    @Test
    void compareRunsTheThreeDerivativeSourcesAndTheyAgree() {
        JsonNode r = CliRun.of("minimize", "x^2+y^2+z^2", "--derivative", "x=2*x", "--derivative", "y=2*y",
                "--derivative", "z=2*z", "--seed", "1", "--compare", "--json").json();
        assertThat(r.get("results")).hasSize(3);
        assertThat(r.get("results").get(0).get("mode").asText()).isEqualTo("manual");
        assertThat(r.get("max_difference").asDouble()).isLessThan(1e-9);
    }

    @Test
    void traceExplainsEachStepInTheCoursesWords() {
        CliRun run = CliRun.of("minimize", "2*x^2", "--derivative", "4*x", "--start", "x=10", "--lr", "0.1",
                "--epochs", "3", "--trace");
        assertThat(run.out()).contains("epoch 0: f = 200")
                .contains("x = 10, df/dx = 40 (positive: the minimum is to the left, so x decreases);"
                        + " step lr*df/dx = 4; new x = 6");
    }

    @Test
    void divergenceExitsTwoWithTheEpochAndASuggestion() {
        CliRun run = CliRun.of("minimize", "2*x^2", "--start", "x=5", "--lr", "0.6");
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err().strip()).startsWith("descent minimize: loss grew from 50 ")
                .contains("(learning rate 0.6); try a smaller learning rate").doesNotContain("Exception");
    }

    @Test
    void anomalyDetectionNamesTheOperationWhoseGradientWasNotFinite() {
        CliRun plain = CliRun.of("minimize", "sqrt(x)+x", "--start", "x=0");
        assertThat(plain.err()).contains("loss became NaN at epoch 1");
        CliRun run = CliRun.of("minimize", "sqrt(x)+x", "--start", "x=0", "--detect-anomaly");
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("backward: 'sqrt' produced a non-finite gradient").contains("created at");
    }

    @Test
    void badInputIsOneClearLineWithStatusTwo() {
        assertThat(CliRun.of("minimize", "2*x^2", "--lr", "0").err()).contains("learning rate must be a positive number");
        assertThat(CliRun.of("minimize", "x^2+y^2", "--derivative", "2*x").err())
                .contains("name the variable (e.g. --derivative x=...)");
        assertThat(CliRun.of("minimize", "x^2+y^2", "--derivative", "x=2*x").err())
                .contains("no derivative for y");
        assertThat(CliRun.of("minimize", "x^2", "--start", "y=1").err()).contains("--start gives no value for x");
        CliRun syntax = CliRun.of("minimize", "2*x^");
        assertThat(syntax.status()).isEqualTo(2);
        assertThat(syntax.err()).contains("^");
    }

    @Test
    void plotsAreWrittenForOneTwoAndThreeVariables() throws Exception {
        Path one = dir.resolve("one.png");
        Path two = dir.resolve("two.svg");
        Path three = dir.resolve("three.png");
        assertThat(CliRun.of("minimize", "2*x^2", "--start", "x=5", "--epochs", "50", "--plot", one.toString())
                .status()).isZero();
        assertThat(CliRun.of("minimize", "x^2+3*y^2", "--start", "x=5,y=-4", "--lr", "0.1", "--epochs", "50",
                "--plot", two.toString()).status()).isZero();
        assertThat(CliRun.of("minimize", "x^2+y^2+z^2", "--start", "x=5,y=-4,z=1", "--epochs", "50",
                "--plot", three.toString()).status()).isZero();
        byte[] png = Files.readAllBytes(one);
        assertThat(png.length).isGreaterThan(5_000);
        assertThat(new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PNG");
        assertThat(Files.readString(two)).startsWith("<?xml").contains("<svg");
        assertThat(Files.size(three)).isGreaterThan(5_000);
    }

    @Test
    void aPlotWithAnUnknownExtensionIsRefusedBeforeAnyWork() {
        CliRun run = CliRun.of("minimize", "x^2", "--plot", dir.resolve("p.jpg").toString());
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("must end in .png or .svg");
    }
}
