package dev.descent.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.Shape;
import dev.descent.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvWriteTest {
    @TempDir
    Path dir;

    @Test
    void writeProducesAHeaderAndOneLinePerRow() throws IOException {
        Path f = dir.resolve("predictions.csv");
        Csv.write(f, List.of("MEDV", "predicted, MEDV"), Tensor.of(new double[][] {{24, 23.5}, {21.6, 0.1}}));
        assertThat(Files.readString(f)).isEqualTo("MEDV,\"predicted, MEDV\"\n24.0,23.5\n21.6,0.1\n");
    }

    @Test
    void aVectorIsWrittenAsOneColumn() throws IOException {
        Path f = dir.resolve("p.csv");
        Csv.write(f, List.of("prediction"), Tensor.of(1.5, -2.0));
        assertThat(Files.readString(f)).isEqualTo("prediction\n1.5\n-2.0\n");
    }

    @Test
    void writtenValuesReadBackBitForBit() {
        Path f = dir.resolve("p.csv");
        double[] values = {0.1, 1.0 / 3, -Math.E, 1e-310, Double.MAX_VALUE, -0.0};
        Csv.write(f, List.of("a", "b"), Tensor.of(values, Shape.of(3, 2)));
        CsvTable table = Csv.readNumeric(f);
        assertThat(table.columns()).containsExactly("a", "b");
        assertThat(table.values().toArray()).containsExactly(values);
    }

    @Test
    void writeReplacesAnExistingFileAndLeavesNoTemporaryFiles() throws IOException {
        Path f = Files.writeString(dir.resolve("p.csv"), "old content that is longer than the new one\n");
        Csv.write(f, List.of("y"), Tensor.of(new double[] {1.0}));
        assertThat(Files.readString(f)).isEqualTo("y\n1.0\n");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(f);
        }
    }

    @Test
    void aHeaderThatDoesNotFitTheColumnsIsRejectedBeforeWriting() {
        Path f = dir.resolve("p.csv");
        assertThatThrownBy(() -> Csv.write(f, List.of("a"), Tensor.zeros(2, 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("csv write: values of shape [2, 3] do not fit a header of 1 names; expected [n] with one"
                        + " name or [n, 1]");
        assertThat(f).doesNotExist();
    }
}
