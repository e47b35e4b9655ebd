package dev.descent.cli.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.LookupPaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Builds the charts Descent draws: loss per epoch, and gradient descent's path over the function it minimises. */
public final class Charts {
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd)};
    private static final int GRID = 120;

    private Charts() {
    }

    /** A named sequence of values, one per epoch starting at epoch 1. */
    public record Series(String name, double[] values) {
    }

    /**
     * Loss (or any metric) per epoch, one line per series; a logarithmic value axis when every
     * value is positive and they span more than two orders of magnitude.
     */
    public static JFreeChart perEpoch(String title, String valueLabel, List<Series> series) {
        XYSeriesCollection data = new XYSeriesCollection();
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (Series s : series) {
            XYSeries xy = new XYSeries(s.name(), false, true);
            for (int i = 0; i < s.values().length; i++) {
                xy.add(i + 1, s.values()[i]);
                min = Math.min(min, s.values()[i]);
                max = Math.max(max, s.values()[i]);
            }
            data.addSeries(xy);
        }
        NumberAxis epochs = new NumberAxis("epoch");
        epochs.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        boolean log = min > 0 && max / min > 100;
        var values = log ? new LogAxis(valueLabel + " (log scale)") : new NumberAxis(valueLabel);
        if (values instanceof NumberAxis n) {
            n.setAutoRangeIncludesZero(false);
        }
        XYPlot plot = new XYPlot(data, epochs, values, lines(series.size(), false));
        return chart(title, plot, series.size() > 1);
    }

    /** Each sample's prediction against its true value; a perfect model puts every point on the diagonal. */
    public static JFreeChart predictedVsActual(String title, String target, double[] actual, double[] predicted) {
        XYSeries points = new XYSeries("samples", false, true);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < actual.length; i++) {
            points.add(actual[i], predicted[i]);
            lo = Math.min(lo, Math.min(actual[i], predicted[i]));
            hi = Math.max(hi, Math.max(actual[i], predicted[i]));
        }
        XYSeries diagonal = new XYSeries("prediction = actual", false, true);
        diagonal.add(lo, lo);
        diagonal.add(hi, hi);
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(points);
        data.addSeries(diagonal);
        XYLineAndShapeRenderer r = lines(2, true);
        r.setSeriesLinesVisible(0, false);
        r.setSeriesShapesVisible(1, false);
        XYPlot plot = new XYPlot(data, new NumberAxis("actual " + target), new NumberAxis("predicted " + target), r);
        return chart(title, plot, true);
    }

    /** The graph of f over the path's range, with each iterate of gradient descent marked on it. */
    public static JFreeChart functionWithPath(String title, String variable, DoubleUnaryOperator f, double[] path) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double x : path) {
            lo = Math.min(lo, x);
            hi = Math.max(hi, x);
        }
        // Symmetric about where the descent ended (the minimiser found), so that both sides of the
        // minimum show and the start is in view; padded so that neither end sits on the frame.
        double end = path[path.length - 1];
        double half = Math.max(hi - end, end - lo);
        half = Math.max(half * 1.15, 1e-3 * Math.max(1, Math.abs(end)));
        lo = end - half;
        hi = end + half;
        XYSeries graph = new XYSeries("f(" + variable + ")", false, true);
        for (int i = 0; i <= 400; i++) {
            double x = lo + (hi - lo) * i / 400;
            graph.add(x, f.applyAsDouble(x));
        }
        XYSeries steps = new XYSeries("gradient descent", false, true);
        for (double x : path) {
            steps.add(x, f.applyAsDouble(x));
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(graph);
        data.addSeries(steps);
        XYLineAndShapeRenderer r = lines(2, true);
        r.setSeriesShapesVisible(0, false);
        r.setSeriesLinesVisible(1, true);
        XYPlot plot = new XYPlot(data, new NumberAxis(variable), new NumberAxis("f(" + variable + ")"), r);
        return chart(title, plot, true);
    }

    /**
     * Filled contours of f(x, y) (darker is lower) with the descent path drawn over them: the
     * picture of "each variable subtracts its own partial derivative".
     */
    public static JFreeChart contoursWithPath(String title, String xName, String yName, DoubleBinaryOperator f,
                                              double[] xs, double[] ys) {
        double[] xr = range(xs);
        double[] yr = range(ys);
        double[][] grid = new double[3][GRID * GRID];
        double zMin = Double.POSITIVE_INFINITY;
        double zMax = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < GRID; i++) {
            for (int j = 0; j < GRID; j++) {
                int k = i * GRID + j;
                grid[0][k] = xr[0] + (xr[1] - xr[0]) * (i + 0.5) / GRID;
                grid[1][k] = yr[0] + (yr[1] - yr[0]) * (j + 0.5) / GRID;
                grid[2][k] = f.applyAsDouble(grid[0][k], grid[1][k]);
                if (Double.isFinite(grid[2][k])) {
                    zMin = Math.min(zMin, grid[2][k]);
                    zMax = Math.max(zMax, grid[2][k]);
                }
            }
        }
        DefaultXYZDataset surface = new DefaultXYZDataset();
        surface.addSeries("f", grid);
        XYBlockRenderer blocks = new XYBlockRenderer();
        blocks.setBlockWidth((xr[1] - xr[0]) / GRID);
        blocks.setBlockHeight((yr[1] - yr[0]) / GRID);
        LookupPaintScale scale = bands(zMin, zMax);
        blocks.setPaintScale(scale);
        blocks.setDefaultSeriesVisibleInLegend(false);
        XYPlot plot = new XYPlot(surface, new NumberAxis(xName), new NumberAxis(yName), blocks);

        XYSeries path = new XYSeries("gradient descent", false, true);
        for (int i = 0; i < xs.length; i++) {
            path.add(xs[i], ys[i]);
        }
        XYSeriesCollection pathData = new XYSeriesCollection(path);
        XYLineAndShapeRenderer line = lines(1, true);
        line.setSeriesPaint(0, new Color(0xd62728));
        plot.setDataset(1, pathData);
        plot.setRenderer(1, line);
        plot.setDatasetRenderingOrder(org.jfree.chart.plot.DatasetRenderingOrder.FORWARD);
        JFreeChart chart = chart(title, plot, true);
        NumberAxis zAxis = new NumberAxis("f(" + xName + ", " + yName + ")");
        PaintScaleLegend legend = new PaintScaleLegend(scale, zAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setMargin(8, 8, 8, 8);
        chart.addSubtitle(legend);
        return chart;
    }

    /** Twelve bands from dark (low) to light (high), spaced by the square root so the valley floor shows detail. */
    private static LookupPaintScale bands(double zMin, double zMax) {
        double lo = Double.isFinite(zMin) ? zMin : 0;
        double hi = Double.isFinite(zMax) && zMax > lo ? zMax : lo + 1;
        LookupPaintScale scale = new LookupPaintScale(lo, hi, Color.WHITE);
        int levels = 12;
        for (int i = 0; i < levels; i++) {
            double t = (double) i / levels;
            float shade = (float) (0.25 + 0.7 * t);
            scale.add(lo + (hi - lo) * t * t, new Color(shade * 0.55f, shade * 0.75f, shade));
        }
        return scale;
    }

    private static double[] range(double[] v) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double d : v) {
            lo = Math.min(lo, d);
            hi = Math.max(hi, d);
        }
        double span = Math.max(hi - lo, Math.max(Math.abs(lo), Math.abs(hi)));
        double pad = Math.max(1e-3, 0.2 * span);
        return new double[] {lo - pad, hi + pad};
    }

    private static XYLineAndShapeRenderer lines(int n, boolean shapes) {
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, shapes);
        for (int i = 0; i < n; i++) {
            r.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
            r.setSeriesStroke(i, new BasicStroke(2f));
        }
        return r;
    }

    private static JFreeChart chart(String title, XYPlot plot, boolean legend) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        JFreeChart chart = new JFreeChart(title, new Font("SansSerif", Font.BOLD, 16), plot, legend);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new org.jfree.chart.ui.RectangleInsets(4, 4, 4, 24)); // room for the last tick label
        return chart;
    }
}
