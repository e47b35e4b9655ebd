package dev.descent.cli.plot;

import dev.descent.cli.common.UserError;
import dev.descent.cli.common.UserError;
import java.awt.Rectangle;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import java.util.Locale;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.svg.SVGGraphics2D;

/** Writes a chart as PNG or SVG, chosen by the file's extension. */
public final class ChartFiles {
    static {
        // ImageIO's disk cache writes temporary files into java.io.tmpdir (and fails there on a full
        // disk, blamed on the wrong folder); charts are small enough to stay in memory.
        ImageIO.setUseCache(false);
    }

    private static final int WIDTH = 900;
    private static final int HEIGHT = 600;

    private ChartFiles() {
    }

    /** Checks the extension before any work is done, so a typo fails fast. */
    public static void checkExtension(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".png") && !name.endsWith(".svg")) {
            throw new UserError("--plot: '" + file + "' must end in .png or .svg");
        }
    }

    /** Renders {@code chart} into {@code out} in the format of {@code file}'s extension. */
    public static void render(JFreeChart chart, Path file, OutputStream out) throws IOException {
        checkExtension(file);
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".svg")) {
            SVGGraphics2D g = new SVGGraphics2D(WIDTH, HEIGHT);
            chart.draw(g, new Rectangle(0, 0, WIDTH, HEIGHT));
            out.write(g.getSVGDocument().getBytes(StandardCharsets.UTF_8));
        } else {
            ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT);
        }
    }
}
