package dev.descent.cli.plot;

import dev.descent.cli.common.UserError;
import dev.descent.cli.common.UserError;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
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
        render(chart, null, file, out);
    }

    /** Renders {@code chart} with {@code grid} (null: none) under it, in the format of {@code file}'s extension. */
    public static void render(JFreeChart chart, ImageGrid grid, Path file, OutputStream out) throws IOException {
        checkExtension(file);
        int height = HEIGHT + (grid == null ? 0 : grid.height());
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".svg")) {
            SVGGraphics2D g = new SVGGraphics2D(WIDTH, height);
            draw(chart, grid, g);
            out.write(g.getSVGDocument().getBytes(StandardCharsets.UTF_8));
        } else if (grid == null) {
            ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT);
        } else {
            BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = image.createGraphics();
            try {
                draw(chart, grid, g);
            } finally {
                g.dispose();
            }
            ImageIO.write(image, "png", out);
        }
    }

    private static void draw(JFreeChart chart, ImageGrid grid, Graphics2D g) {
        chart.draw(g, new Rectangle(0, 0, WIDTH, HEIGHT));
        if (grid != null) {
            grid.draw(g, HEIGHT, WIDTH);
        }
    }
}
