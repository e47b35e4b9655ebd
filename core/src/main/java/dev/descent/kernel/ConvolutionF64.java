package dev.descent.kernel;

/**
 * 2-D convolution as im2col and the blocked matrix product, with its two adjoints and the arg-max
 * of max pooling. The images of a batch are taken in chunks: each chunk's columns are laid out side
 * by side in one reused workspace ({@code [C·kH·kW, chunk·outH·outW]}), so that one large product per
 * group serves the whole chunk, and memory stays bounded however large the batch. The chunk size
 * depends on the sizes only, so the results are the same bits on any number of threads.
 */
final class ConvolutionF64 {
    /** Elements of one chunk's columns: 2²¹ (16 MB of float64) bounds the workspace. */
    private static final int CHUNK_ELEMENTS = 1 << 21;

    private ConvolutionF64() {
    }

    /** {@code y[n, o] = Σ_c Σ_taps w[o, c, i, j]·x[n, c, …]}: input {@code [N, C, H, W]}, weight {@code [O, C/G, kH, kW]}. */
    static double[] forward(double[] x, double[] w, Conv2dGeometry g) {
        int positions = g.positions();
        int out = g.outChannels();
        int taps = g.groupTaps();
        int perGroup = out / g.groups();
        double[] y = new double[g.n() * out * positions];
        Chunks chunks = new Chunks(g);
        double[] product = new double[out * chunks.size * positions];
        for (int n0 = 0; n0 < g.n(); n0 += chunks.size) {
            int count = Math.min(chunks.size, g.n() - n0);
            int width = count * positions;
            for (int group = 0; group < g.groups(); group++) {
                // the columns go straight into the product's packed panels: no im2col matrix, no second copy
                MatMulF64.multiply(w, group * perGroup * taps, false, columns(x, g, n0, group * taps), product,
                        group * perGroup * width, perGroup, taps, width);
            }
            for (int s = 0; s < count; s++) {
                for (int o = 0; o < out; o++) {
                    System.arraycopy(product, o * width + s * positions, y, ((n0 + s) * out + o) * positions, positions);
                }
            }
        }
        return y;
    }

    /**
     * The chunk's im2col matrix (see {@link #im2col}) from tap row {@code rowBase} on, as panels for the
     * blocked product: each requested block is written straight into the packed layout.
     */
    private static BlockedMatMulF64.PanelSource columns(double[] x, Conv2dGeometry g, int n0, int rowBase) {
        int oh = g.outH();
        int ow = g.outW();
        int h = g.height();
        int wd = g.width();
        int sw = g.strideW();
        int positions = oh * ow;
        int window = g.kernelH() * g.kernelW();
        return (row, depth, col, cols, nr, dst) -> {
            int end = col + cols;
            for (int r = 0; r < depth; r++) {
                int tap = rowBase + row + r;
                int c = tap / window;
                int i = tap % window / g.kernelW();
                int j = tap % g.kernelW();
                int offset = j * g.dilationW() - g.padW();
                int lo = firstInside(offset, sw);
                int hi = Math.max(lo, endInside(offset, sw, wd, ow));
                int s = col / positions;
                int oy = col % positions / ow;
                int ox = col % ow;
                // element (r, q) of the panel sits at sliver (q − col)/nr, row r, lane (q − col) % nr
                int d = r * nr;
                int lane = 0;
                for (int q = col; q < end; ) {
                    int run = Math.min(ow - ox, end - q);
                    int iy = oy * g.strideH() - g.padH() + i * g.dilationH();
                    boolean inside = iy >= 0 && iy < h;
                    int from = ((n0 + s) * g.channels() + c) * h * wd + iy * wd + offset;
                    int stop = ox + run;
                    while (ox < stop) {
                        // at most the rest of one sliver's row: a short loop, or one copy inside the image
                        int m = Math.min(stop - ox, nr - lane);
                        if (inside && sw == 1 && ox >= lo && ox + m <= hi) {
                            System.arraycopy(x, from + ox, dst, d, m);
                        } else {
                            for (int t = 0; t < m; t++) {
                                int at = ox + t;
                                dst[d + t] = inside && at >= lo && at < hi ? x[from + at * sw] : 0;
                            }
                        }
                        d += m;
                        ox += m;
                        lane += m;
                        if (lane == nr) {
                            lane = 0;
                            d += (depth - 1) * nr;
                        }
                    }
                    q += run;
                    if (ox == ow) {
                        ox = 0;
                        if (++oy == oh) {
                            oy = 0;
                            s++;
                        }
                    }
                }
                for (; lane != 0 && lane < nr; lane++) {
                    dst[d++] = 0;
                }
            }
        };
    }

    /** The adjoint in the input: {@code dL/dx} of shape {@code [N, C, H, W]} from {@code dy [N, O, outH, outW]}. */
    static double[] inputGrad(double[] dy, double[] w, Conv2dGeometry g) {
        int positions = g.positions();
        double[] dx = new double[g.n() * g.channels() * g.height() * g.width()];
        Chunks chunks = new Chunks(g);
        double[] cols = new double[chunks.columnsLength()];
        double[] grads = new double[g.outChannels() * chunks.size * positions];
        int taps = g.groupTaps();
        int perGroup = g.outChannels() / g.groups();
        for (int n0 = 0; n0 < g.n(); n0 += chunks.size) {
            int count = Math.min(chunks.size, g.n() - n0);
            int width = count * positions;
            gatherOutput(dy, g, n0, count, grads);
            for (int group = 0; group < g.groups(); group++) {
                MatMulF64.multiply(w, group * perGroup * taps, true, grads, group * perGroup * width, false,
                        cols, group * taps * width, taps, perGroup, width);
            }
            col2im(cols, g, n0, count, dx);
        }
        return dx;
    }

    /** The adjoint in the weight: {@code dL/dw} of shape {@code [O, C/G, kH, kW]}, summed over the batch. */
    static double[] weightGrad(double[] x, double[] dy, Conv2dGeometry g) {
        int positions = g.positions();
        int taps = g.groupTaps();
        int perGroup = g.outChannels() / g.groups();
        double[] dw = new double[g.outChannels() * taps];
        double[] partial = new double[dw.length];
        Chunks chunks = new Chunks(g);
        double[] cols = new double[chunks.columnsLength()];
        double[] grads = new double[g.outChannels() * chunks.size * positions];
        for (int n0 = 0; n0 < g.n(); n0 += chunks.size) {
            int count = Math.min(chunks.size, g.n() - n0);
            int width = count * positions;
            im2col(x, g, n0, count, cols);
            gatherOutput(dy, g, n0, count, grads);
            double[] into = n0 == 0 ? dw : partial;
            for (int group = 0; group < g.groups(); group++) {
                MatMulF64.multiply(grads, group * perGroup * width, false, cols, group * taps * width, true,
                        into, group * perGroup * taps, perGroup, width, taps);
            }
            if (into == partial) {
                for (int i = 0; i < dw.length; i++) {
                    dw[i] += partial[i];
                }
            }
        }
        return dw;
    }

    /**
     * For each output of a max pooling (input {@code [N, C, H, W]}, outChannels = C), the position
     * {@code y·W + x} within its image plane of the window's maximum: the first maximum in row-major
     * window order, or the last NaN, as PyTorch's CPU kernel picks; padding never wins.
     */
    static int[] maxPoolIndices(double[] x, Conv2dGeometry g) {
        int oh = g.outH();
        int ow = g.outW();
        int plane = g.height() * g.width();
        int planes = g.n() * g.channels();
        int[] idx = new int[planes * oh * ow];
        int at = 0;
        for (int p = 0; p < planes; p++) {
            int base = p * plane;
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    int best = -1;
                    double max = Double.NEGATIVE_INFINITY;
                    for (int i = 0; i < g.kernelH(); i++) {
                        int iy = oy * g.strideH() - g.padH() + i * g.dilationH();
                        if (iy < 0 || iy >= g.height()) {
                            continue;
                        }
                        for (int j = 0; j < g.kernelW(); j++) {
                            int ix = ox * g.strideW() - g.padW() + j * g.dilationW();
                            if (ix < 0 || ix >= g.width()) {
                                continue;
                            }
                            int pos = iy * g.width() + ix;
                            double v = x[base + pos];
                            if (best < 0 || v > max || Double.isNaN(v)) {
                                best = pos;
                                max = v;
                            }
                        }
                    }
                    idx[at++] = best;
                }
            }
        }
        return idx;
    }

    /** Copies {@code dy[n0 .. n0+count)} into {@code [O, count·positions]}, the chunk's layout. */
    private static void gatherOutput(double[] dy, Conv2dGeometry g, int n0, int count, double[] grads) {
        int positions = g.positions();
        int out = g.outChannels();
        int width = count * positions;
        for (int s = 0; s < count; s++) {
            for (int o = 0; o < out; o++) {
                System.arraycopy(dy, ((n0 + s) * out + o) * positions, grads, o * width + s * positions, positions);
            }
        }
    }

    /**
     * The chunk's columns: row {@code (c·kH + i)·kW + j}, column {@code s·positions + oy·outW + ox}
     * holds {@code x[n0 + s, c, oy·sH − pH + i·dH, ox·sW − pW + j·dW]}, or 0 in the padding.
     */
    private static void im2col(double[] x, Conv2dGeometry g, int n0, int count, double[] cols) {
        int oh = g.outH();
        int ow = g.outW();
        int h = g.height();
        int wd = g.width();
        int sw = g.strideW();
        int width = count * oh * ow;
        int row = 0;
        for (int c = 0; c < g.channels(); c++) {
            for (int i = 0; i < g.kernelH(); i++) {
                for (int j = 0; j < g.kernelW(); j++, row++) {
                    // the outputs ox whose tap ix = ox·sW + offset lies inside the row: [lo, hi)
                    int offset = j * g.dilationW() - g.padW();
                    int lo = firstInside(offset, sw);
                    int hi = Math.max(lo, endInside(offset, sw, wd, ow));
                    int at = row * width;
                    for (int s = 0; s < count; s++) {
                        int plane = ((n0 + s) * g.channels() + c) * h * wd;
                        for (int oy = 0; oy < oh; oy++, at += ow) {
                            int iy = oy * g.strideH() - g.padH() + i * g.dilationH();
                            if (iy < 0 || iy >= h) {
                                java.util.Arrays.fill(cols, at, at + ow, 0);
                                continue;
                            }
                            int from = plane + iy * wd + offset;
                            // the edges are a few columns of padding: plain loops, cheaper than calls
                            for (int ox = 0; ox < lo; ox++) {
                                cols[at + ox] = 0;
                            }
                            if (sw == 1) {
                                System.arraycopy(x, from + lo, cols, at + lo, hi - lo);
                            } else {
                                for (int ox = lo; ox < hi; ox++) {
                                    cols[at + ox] = x[from + ox * sw];
                                }
                            }
                            for (int ox = hi; ox < ow; ox++) {
                                cols[at + ox] = 0;
                            }
                        }
                    }
                }
            }
        }
    }

    /** The first output column whose tap {@code ox·stride + offset} is not left of the image: 0 or more. */
    private static int firstInside(int offset, int stride) {
        return offset >= 0 ? 0 : (-offset + stride - 1) / stride;
    }

    /** One past the last output column (of {@code ow}) whose tap {@code ox·stride + offset} is inside a row of {@code width}. */
    private static int endInside(int offset, int stride, int width, int ow) {
        return offset > width - 1 ? 0 : Math.min(ow, (width - 1 - offset) / stride + 1);
    }

    /** The adjoint of {@link #im2col}: adds each column entry back to the input element it was copied from. */
    private static void col2im(double[] cols, Conv2dGeometry g, int n0, int count, double[] dx) {
        int oh = g.outH();
        int ow = g.outW();
        int h = g.height();
        int wd = g.width();
        int sw = g.strideW();
        int width = count * oh * ow;
        int row = 0;
        for (int c = 0; c < g.channels(); c++) {
            for (int i = 0; i < g.kernelH(); i++) {
                for (int j = 0; j < g.kernelW(); j++, row++) {
                    int offset = j * g.dilationW() - g.padW();
                    int lo = firstInside(offset, sw);
                    int hi = Math.max(lo, endInside(offset, sw, wd, ow));
                    int at = row * width;
                    for (int s = 0; s < count; s++) {
                        int plane = ((n0 + s) * g.channels() + c) * h * wd;
                        for (int oy = 0; oy < oh; oy++, at += ow) {
                            int iy = oy * g.strideH() - g.padH() + i * g.dilationH();
                            if (iy < 0 || iy >= h) {
                                continue;
                            }
                            int to = plane + iy * wd + offset;
                            for (int ox = lo; ox < hi; ox++) {
                                dx[to + ox * sw] += cols[at + ox];
                            }
                        }
                    }
                }
            }
        }
    }

    /** How many images one chunk holds: as many as fit {@link #CHUNK_ELEMENTS} column elements, at least one. */
    private static final class Chunks {
        final int size;
        final int rows;
        final int positions;

        Chunks(Conv2dGeometry g) {
            rows = g.channels() * g.kernelH() * g.kernelW();
            positions = g.positions();
            long perImage = Math.max(1L, (long) rows * positions);
            size = (int) Math.max(1, Math.min(g.n(), CHUNK_ELEMENTS / perImage));
        }

        int columnsLength() {
            return rows * size * positions;
        }
    }
}
