package dev.descent.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.InvalidSettingException;
import dev.descent.data.Preprocessor;
import dev.descent.data.Table;
import dev.descent.optim.OptimizerSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreparationTest {
    private static final FitConfig LINEAR = FitConfig.of("y", "linear", LossFunction.MSE, OptimizerSpec.of("sgd"), 1);

    /** Rows i = 0..n-1 of x = i (NaN in row {@code missingRow}) and y = 2i + 1, from lines 2..n+1 of a file. */
    private static Table table(int n, int missingRow) {
        double[] x = new double[n];
        double[] y = new double[n];
        long[] lines = new long[n];
        for (int i = 0; i < n; i++) {
            x[i] = i == missingRow ? Double.NaN : i;
            y[i] = 2 * i + 1;
            lines[i] = i + 2L;
        }
        return Table.of("data.csv", List.of(new Table.Numbers("x", x), new Table.Numbers("y", y)), lines);
    }

    @Test
    void rowsSplitAsTheSeedSaysWithTargetsThatStayWithTheirFeatures() {
        Preparation p = Preparation.prepare(LINEAR.withTestFraction(0.25), table(8, -1), List.of());
        assertThat(p.train().size()).isEqualTo(6);
        assertThat(p.test().size()).isEqualTo(2);
        double[] x = p.train().features().toArray();
        double[] y = p.train().targets().toArray();
        for (int i = 0; i < x.length; i++) {
            assertThat(y[i]).isEqualTo(2 * x[i] + 1);
        }
    }

    @Test
    void droppedRowsAreLeftOutAndTheRestKeepTheirTargets() {
        Preparation p = Preparation.prepare(LINEAR.withPreprocessing(Preprocessor.Missing.DROP, Preprocessor.Unknown.ERROR), table(8, 3), List.of());
        assertThat(p.dropped()).isEqualTo(1);
        assertThat(p.rows()).isEqualTo(7);
        double[] x = p.train().features().toArray();
        double[] y = p.train().targets().toArray();
        assertThat(x).doesNotContain(3.0);
        for (int i = 0; i < x.length; i++) {
            assertThat(y[i]).isEqualTo(2 * x[i] + 1);
        }
    }

    @Test
    void aMissingCellIsNamedByItsLineInTheFile() {
        assertThatThrownBy(() -> Preparation.prepare(LINEAR, table(8, 5), List.of()))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("data.csv line 7, column 'x'");
    }
}
