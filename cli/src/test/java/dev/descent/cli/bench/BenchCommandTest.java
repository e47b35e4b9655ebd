package dev.descent.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import com.fasterxml.jackson.databind.JsonNode;
import dev.descent.cli.CliRun;
import org.junit.jupiter.api.Test;

/** Only the output's form is tested here; the figures themselves belong in BENCHMARKS.md. */
class BenchCommandTest {
    @Test
    void eachWorkloadPrintsOneJsonLineWithItsMedianUnitAndRuns() {
        CliRun run = CliRun.of("bench", "--quick", "--only", "scalar-mul-add-backward,course-2x2-autograd");
        assertThat(run.status()).isZero();
        String[] lines = run.out().strip().split("\n");
        assertThat(lines).hasSize(2);
        JsonNode first = new CliRun(0, lines[0], "").json();
        assertThat(first.get("workload").asText()).isEqualTo("scalar-mul-add-backward");
        assertThat(first.get("unit").asText()).isEqualTo("us/iter");
        assertThat(first.get("runs").size()).isGreaterThanOrEqualTo(3);
        assertThat(first.get("median").asDouble()).isPositive();
        assertThat(new CliRun(0, lines[1], "").json().get("workload").asText()).isEqualTo("course-2x2-autograd");
    }

    @Test
    void theConvolutionWorkloadsGiveMillisecondsAndSamplesPerSecondWithTheEpochTime() {
        CliRun run = CliRun.of("bench", "--quick", "--only", "conv-64x28x28-32-64-float32,lenet-fashion-mnist-float32");
        assertThat(run.status()).isZero();
        String[] lines = run.out().strip().split("\n");
        assertThat(lines).hasSize(2);
        JsonNode conv = new CliRun(0, lines[0], "").json();
        assertThat(conv.get("unit").asText()).isEqualTo("ms");
        assertThat(conv.get("median").asDouble()).isPositive();
        assertThat(conv.has("note")).isFalse();
        assertThat(conv.get("backend").asText()).contains(", 1 thread,");
        JsonNode lenet = new CliRun(0, lines[1], "").json();
        assertThat(lenet.get("workload").asText()).isEqualTo("lenet-fashion-mnist-float32");
        assertThat(lenet.get("unit").asText()).isEqualTo("samples/s");
        assertThat(lenet.get("note").asText()).startsWith("one 60,000-image epoch: ").endsWith(" s at the median");
    }

    @Test
    void listPrintsTheWorkloadNamesAndRunsNone() {
        CliRun run = CliRun.of("bench", "--list");
        assertThat(run.status()).isZero();
        assertThat(run.out().strip().split("\n")).containsExactlyElementsOf(Workloads.NAMES);
        assertThat(run.out()).doesNotContain("{");
        assertThat(CliRun.of("bench", "--list", "--only", "boston-gd-1000,matmul-1024-t1").out().strip().split("\n"))
                .containsExactly("boston-gd-1000", "matmul-1024-t1");
    }

    @Test
    void anUnknownWorkloadIsNamedWithTheKnownOnes() {
        CliRun run = CliRun.of("bench", "--only", "nope");
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("unknown workload 'nope'").contains("boston-gd-1000");
    }
}
