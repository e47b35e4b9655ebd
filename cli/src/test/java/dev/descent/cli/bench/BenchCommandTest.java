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
    void anUnknownWorkloadIsNamedWithTheKnownOnes() {
        CliRun run = CliRun.of("bench", "--only", "nope");
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("unknown workload 'nope'").contains("boston-gd-1000");
    }
}
