package dev.descent.cli.plot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.Range;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.Test;

/** The plots read as a learner expects: scales that show the curve, the reference in view, the path in range. */
class ChartsTest {
    private static XYPlot plot(JFreeChart chart) {
        return (XYPlot) chart.getPlot();
    }

    @Test
    void aLossSpanningMoreThanTwoDecadesIsOnALogAxisAndLessIsNot() {
        double[] steep = {500, 50, 5, 1};
        double[] flat = {50, 30, 21, 20};
        assertThat(plot(Charts.perEpoch("t", "MSE", List.of(new Charts.Series("train", steep)))).getRangeAxis())
                .isInstanceOf(LogAxis.class);
        assertThat(plot(Charts.perEpoch("t", "MSE", List.of(new Charts.Series("train", flat)))).getRangeAxis())
                .isInstanceOf(NumberAxis.class);
    }

    @Test
    void theReferenceLineIsASeriesOfItsOwnInTheLegend() {
        double[] best = {20, 20, 20, 20};
        JFreeChart chart = Charts.perEpoch("t", "MSE", List.of(new Charts.Series("train", new double[] {50, 30, 21, 20}),
                new Charts.Series("least squares (closed form)", best)));
        assertThat(plot(chart).getDataset().getSeriesCount()).isEqualTo(2);
        assertThat(plot(chart).getDataset().getSeriesKey(1).toString()).isEqualTo("least squares (closed form)");
    }

    @Test
    void theOneVariablePathIsDrawnOverARangeThatShowsTheStartAndBothSidesOfWhereItEnded() {
        double[] path = {3, 2, 1, 0.5, 0.1};
        JFreeChart chart = Charts.functionWithPath("t", "x", x -> 2 * x * x, path);
        Range x = ((XYSeriesCollection) plot(chart).getDataset()).getDomainBounds(false);
        assertThat(x.getLowerBound()).isLessThan(0.1 - (3 - 0.1));
        assertThat(x.getUpperBound()).isGreaterThan(3);
        assertThat(x.getCentralValue()).isCloseTo(0.1, org.assertj.core.api.Assertions.within(1e-9));
    }
}
