package dev.descent.cli.fit;

import dev.descent.cli.plot.ImageGrid;
import dev.descent.io.SavedModel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import org.jfree.chart.JFreeChart;

/** What {@code descent fit} reports about a fitted model, whichever way it was fitted. */
interface FitReport {
    /** The model as a file for {@code descent predict}. */
    SavedModel model();

    /** The run's chart, for {@code --plot}. */
    JFreeChart chart();

    /** Images to draw under the chart (the test images a CNN got wrong), or null. */
    default ImageGrid images() {
        return null;
    }

    /** The report as one JSON object. */
    Map<String, Object> json();

    /** The report as text; the paths written (or null) are named at its end. */
    void text(PrintWriter out, Path saved, Path plotted, Path checkpoints);
}
