package dev.descent.cli.grad;

import static dev.descent.cli.Hostile.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.descent.cli.CliRun;
import dev.descent.cli.Jar;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code descent grad} with numbers beyond the doubles and a standard input that is not there. */
class GradHostileTest {
    @Test
    void aNumberBeyondTheDoublesIsRefused() {
        assertRefused(CliRun.of("grad", "x^2", "--at", "x=1e309"),
                "descent grad: --at x=1e309: the value of x: '1e309' is too large for a double (more than 1.8e308)");
    }

    /** The jar in a shell with standard input closed ({@code <&-}), or given {@code input} when it is not null. */
    private static Process grad(String input) throws Exception {
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", input == null ? "exec \"$@\" <&-" : "exec \"$@\"",
                "sh"));
        command.addAll(Jar.command("grad", "-", "--at", "x=3"));
        Process p = new ProcessBuilder(command).start();
        if (input != null) {
            p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return p;
    }

    @Test
    @Tag(Jar.TAG)
    void aClosedStandardInputIsRefusedInOneLineRatherThanReadingWhatJavaOpenedInItsPlace() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")) && Files.isExecutable(Path.of("/bin/sh")),
                "needs Linux's /proc and a shell");
        Process closed = grad(null);
        String out = new String(closed.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = Jar.withoutJvmNotices(new String(closed.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        assertThat(closed.exitValue()).as(err).isEqualTo(2);
        assertThat(out).isEmpty();
        assertThat(err).matches("descent grad: standard input is closed(; | \\(file descriptor 0 is /\\S+, a file Java"
                + " opened for itself\\); )give it, such as printf 'x\\^2\\\\n' \\| descent grad - --at x=1\n");

        Process given = grad("x^2\n");
        String answer = new String(given.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(given.exitValue()).isZero();
        assertThat(answer).contains("value   9.0").contains("df/dx   6.0");
    }
}
