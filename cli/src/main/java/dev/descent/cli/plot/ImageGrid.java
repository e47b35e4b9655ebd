package dev.descent.cli.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Small images in rows under a title, each with a caption: the test images a classifier got wrong,
 * drawn under its learning curves so that a glance shows what it confuses.
 *
 * @param title above the grid
 * @param tiles the images in reading order
 */
public record ImageGrid(String title, List<Tile> tiles) {
    private static final int COLUMNS = 8;
    private static final int SIDE = 84;
    private static final int CAPTION = 30;
    private static final int GAP = 12;
    private static final int TITLE = 34;

    /**
     * One image: {@code channels×height×width} values, row-major per channel as a CNN reads them;
     * shown with its own range stretched to black and white (grey, or RGB for three channels).
     *
     * @param pixels  channels·height·width values
     * @param channels 1 (grey) or 3 (red, green, blue); others are shown by their first channel
     * @param height  rows
     * @param width   columns
     * @param caption two short lines at most, split at a newline
     */
    public record Tile(double[] pixels, int channels, int height, int width, String caption) {
    }

    /** The height the grid needs at {@code width} pixels wide. */
    int height() {
        int rows = (tiles.size() + COLUMNS - 1) / COLUMNS;
        return TITLE + rows * (SIDE + CAPTION + GAP);
    }

    /** Draws the grid with its top-left corner at (0, {@code top}), {@code width} wide. */
    void draw(Graphics2D g, int top, int width) {
        g.setColor(Color.WHITE);
        g.fillRect(0, top, width, height());
        g.setColor(Color.BLACK);
        g.setFont(new Font("SansSerif", Font.BOLD, 15));
        g.drawString(title, GAP, top + 22);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        Font small = new Font("SansSerif", Font.PLAIN, 11);
        g.setFont(small);
        FontMetrics metrics = g.getFontMetrics(small);
        int cell = (width - GAP) / COLUMNS;
        for (int i = 0; i < tiles.size(); i++) {
            Tile t = tiles.get(i);
            int x = GAP + (i % COLUMNS) * cell + (cell - GAP - SIDE) / 2;
            int y = top + TITLE + (i / COLUMNS) * (SIDE + CAPTION + GAP);
            g.drawImage(image(t), x, y, SIDE, SIDE, null);
            String[] lines = t.caption().split("\n", 2);
            for (int l = 0; l < lines.length; l++) {
                int w = metrics.stringWidth(lines[l]);
                g.drawString(lines[l], x + (SIDE - w) / 2, y + SIDE + 12 + 13 * l);
            }
        }
    }

    private static BufferedImage image(Tile t) {
        int plane = t.height() * t.width();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : t.pixels()) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        double scale = hi > lo ? 255 / (hi - lo) : 0;
        boolean rgb = t.channels() == 3;
        BufferedImage img = new BufferedImage(t.width(), t.height(), BufferedImage.TYPE_INT_RGB);
        for (int r = 0; r < t.height(); r++) {
            for (int c = 0; c < t.width(); c++) {
                int at = r * t.width() + c;
                int red = level(t.pixels()[at], lo, scale);
                int green = rgb ? level(t.pixels()[plane + at], lo, scale) : red;
                int blue = rgb ? level(t.pixels()[2 * plane + at], lo, scale) : red;
                img.setRGB(c, r, (red << 16) | (green << 8) | blue);
            }
        }
        return img;
    }

    private static int level(double v, double lo, double scale) {
        return (int) Math.round((v - lo) * scale);
    }
}
