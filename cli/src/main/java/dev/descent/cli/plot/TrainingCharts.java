package dev.descent.cli.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.math.BigDecimal;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The learning curves of a training run: the loss per epoch on top and, for a classifier, the
 * accuracy per epoch below it, on one shared epoch axis; train and test in the same two colours
 * in both panels, so over- and underfitting show at a glance.
 */
public final class TrainingCharts {
    private static final Color TRAIN = new Color(0x1f77b4);
    private static final Color TEST = new Color(0xff7f0e);
    private static final Color[] MORE = {new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd)};

    private TrainingCharts() {
    }

    /** A named curve, one value per epoch starting at epoch 1; "train" and "test" get fixed colours. */
    public record Series(String name, double[] values) {
    }

    /**
     * Loss curves on top (a logarithmic axis when every value is positive and they span more than
     * two orders of magnitude) and accuracy curves below; without accuracy curves, the loss alone.
     */
    public static JFreeChart lossAndAccuracy(String title, String lossLabel, List<Series> loss, List<Series> accuracy) {
        NumberAxis epochs = new NumberAxis("epoch");
        epochs.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        epochs.setAutoRangeIncludesZero(false);
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(epochs);
        plot.setGap(12);
        plot.add(panel(loss, valueAxis(lossLabel, loss), true), 3);
        if (!accuracy.isEmpty()) {
            NumberAxis axis = new NumberAxis("accuracy");
            axis.setAutoRangeIncludesZero(false);
            plot.add(panel(accuracy, axis, false), 2);
        }
        JFreeChart chart = new JFreeChart(title, new Font("SansSerif", Font.BOLD, 16), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    private static ValueAxis valueAxis(String label, List<Series> series) {
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (Series s : series) {
            for (double v : s.values()) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        if (min > 0 && max / min > 100) {
            LogAxis axis = new LogAxis(label + " (log scale)");
            // Ticks at whole powers of ten, written as numbers (0.001), not as exponents (10^-3.0).
            axis.setTickUnit(new NumberTickUnit(1.0));
            axis.setNumberFormatOverride(new PlainNumbers());
            return axis;
        }
        NumberAxis axis = new NumberAxis(label);
        axis.setAutoRangeIncludesZero(false);
        return axis;
    }

    /** 0.001, 0.5, 20000 as such; below 10⁻⁴ or from 10⁷ on in the short form 1e-05. */
    private static final class PlainNumbers extends NumberFormat {
        private static final long serialVersionUID = 1L;

        @Override
        public StringBuffer format(double v, StringBuffer to, FieldPosition pos) {
            double a = Math.abs(v);
            if (a != 0 && (a < 1e-4 || a >= 1e7)) {
                return to.append(String.format(Locale.ROOT, "%.3g", v).replaceAll("\\.?0+e", "e"));
            }
            return to.append(new BigDecimal(String.format(Locale.ROOT, "%.6g", v)).stripTrailingZeros().toPlainString());
        }

        @Override
        public StringBuffer format(long v, StringBuffer to, FieldPosition pos) {
            return to.append(v);
        }

        @Override
        public Number parse(String source, ParsePosition pos) {
            throw new UnsupportedOperationException("axis labels are only written");
        }
    }

    private static XYPlot panel(List<Series> series, ValueAxis axis, boolean inLegend) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            XYSeries xy = new XYSeries(s.name(), false, true);
            for (int e = 0; e < s.values().length; e++) {
                xy.add(e + 1, s.values()[e]);
            }
            data.addSeries(xy);
            lines.setSeriesPaint(i, s.name().equals("train") ? TRAIN : s.name().equals("test") ? TEST : MORE[i % MORE.length]);
            lines.setSeriesStroke(i, new BasicStroke(2f));
        }
        // Both panels share the colours; one legend entry per curve is enough.
        lines.setDefaultSeriesVisibleInLegend(inLegend);
        XYPlot plot = new XYPlot(data, null, axis, lines);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        return plot;
    }
}
