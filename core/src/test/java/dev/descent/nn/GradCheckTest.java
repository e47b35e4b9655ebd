package dev.descent.nn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.GradCheck;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** First- and second-order gradchecks of every layer's forward pass and every loss. */
class GradCheckTest {
    static Stream<NnCatalogue.Case> cases() {
        return Stream.concat(NnCatalogue.layers().stream(), NnCatalogue.losses().stream());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void firstOrderGradientsMatchCentralDifferences(NnCatalogue.Case c) {
        GradCheck.Report report = GradCheck.check(c.label(), c.f(), c.inputs());
        assertThat(report.passed()).as(report.toString()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void secondOrderGradientsMatchCentralDifferences(NnCatalogue.Case c) {
        GradCheck.Report report = GradCheck.checkSecondOrder(c.label(), c.f(), c.inputs());
        assertThat(report.passed()).as(report.toString()).isTrue();
    }
}
