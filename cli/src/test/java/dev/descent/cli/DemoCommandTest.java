package dev.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
    @TempDir
    Path dir;

    @Test
    void theDemoRunsTheCourseInOrderAndWritesItsPlots() throws Exception {
        CliRun run = CliRun.of("demo", "--out", dir.toString());
        assertThat(run.status()).isZero();
        String out = run.out();
        assertThat(out.indexOf("1. Gradient descent on y = 2x^2")).isLessThan(out.indexOf("3. The same with automatic"));
        assertThat(out).contains("hand-written and autograd agree: largest difference 0 (2x^2) and 0 (x^2+y^2+z^2)")
                .contains("gradient descent reached the least-squares solution");
        for (String plot : new String[] {"1-two-x-squared.png", "3-sum-of-squares-loss.png", "4-boston-loss.png"}) {
            assertThat(Files.size(dir.resolve(plot))).as(plot).isGreaterThan(10_000);
        }
    }
}
