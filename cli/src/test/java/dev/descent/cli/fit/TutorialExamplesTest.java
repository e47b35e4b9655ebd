package dev.descent.cli.fit;

import static org.assertj.core.api.Assertions.assertThat;
import dev.descent.NoGrad;
import dev.descent.Scope;
import dev.descent.Tensor;
import dev.descent.cli.CliRun;
import dev.descent.io.Datasets;
import dev.descent.linear.LinearRegression;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keeps docs/tutorial.md honest: some of its commands are run again here, and what they print must
 * appear in the tutorial word for word, right after the command.
 */
class TutorialExamplesTest {
    private static String tutorial;

    @BeforeAll
    static void readTutorial() throws IOException {
        tutorial = normalise(Files.readString(Path.of("..", "docs", "tutorial.md"), StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "minimize \"2*x^2\" --derivative \"4*x\" --lr 0.01 --epochs 1000 --seed 7",
        "minimize \"2*x^2\" --derivative \"4*x\" --start x=3 --epochs 3 --trace",
        "minimize \"x^2+y^2+z^2\" --derivative x=2*x --derivative y=2*y --derivative z=2*z --compare --seed 7",
        "fit --data boston --method closed",
        "fit --data boston --target MEDV --method gd --standardize --lr 0.1 --epochs 1000",
    })
    void theTutorialShowsWhatTheCommandPrints(String commandLine) {
        CliRun run = CliRun.of(words(commandLine));
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(tutorial).contains("$ ./descent " + commandLine + "\n" + normalise(run.out()));
    }

    @Test
    void theTutorialShowsTheDivergenceMessage() {
        String commandLine = "minimize \"2*x^2\" --derivative \"4*x\" --seed 7 --lr 0.6";
        CliRun run = CliRun.of(words(commandLine));
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.out()).startsWith("minimize f(x) = 2*x^2 by gradient descent");
        assertThat(tutorial).contains("$ ./descent " + commandLine + "\n" + normalise(run.out() + run.err()));
    }

    @Test
    void thePyTorchStyleLoopEndsWhereTheTutorialSays() {
        Tensor x = Tensor.randint(new Random(7), -1000, 1001).requiresGrad(true);
        double learningRate = 1e-2;
        for (int epoch = 0; epoch < 1000; epoch++) {
            Tensor loss = x.pow(2).mul(2);
            loss.backward();
            try (Scope scope = NoGrad.scope()) {
                x.subInPlace(x.grad().mul(learningRate));
            }
            x.zeroGrad();
        }
        assertThat(tutorial).contains("end   " + x + " = " + x.item() + "\n");
    }

    @Test
    void theClosedFormBiasIsTheOneTheTutorialPrints() {
        var boston = Datasets.boston();
        double bias = LinearRegression.closedForm(boston.features(), boston.target()).bias();
        assertThat(tutorial).contains("\n" + bias + "\n");
    }

    private static String normalise(String text) {
        return text.replace("\r\n", "\n");
    }

    /** Splits a command line as a shell would, for the plain words and double quotes the tutorial uses. */
    private static String[] words(String commandLine) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (char c : commandLine.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (c == ' ' && !quoted) {
                if (any) {
                    words.add(word.toString());
                    word.setLength(0);
                    any = false;
                }
            } else {
                word.append(c);
                any = true;
            }
        }
        if (any) {
            words.add(word.toString());
        }
        return words.toArray(new String[0]);
    }
}
