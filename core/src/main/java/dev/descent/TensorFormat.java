package dev.descent;

import java.util.Locale;

/**
 * Prints tensors as PyTorch does: {@code tensor([[1.5000, 2.0000], ...], shape=[2, 2])} (with
 * {@code dtype=float32} for a type other than the default float64), one
 * format for all elements, and only the three first and last entries of each long dimension
 * when a tensor has more than 1000 elements.
 */
final class TensorFormat {
    private static final int SUMMARIZE_ABOVE = 1000;
    private static final int EDGE = 3;

    private TensorFormat() {
    }

    static String format(Tensor t) {
        double[] d = t.data.values();
        boolean summarize = d.length > SUMMARIZE_ABOVE;
        String style = style(d);
        int width = 0;
        for (double v : d) {
            width = Math.max(width, number(v, style).length());
        }
        StringBuilder sb = new StringBuilder("tensor(");
        int[] dims = t.dims();
        int[] strides = t.shape().strides();
        if (dims.length == 0) {
            sb.append(number(d[0], style));
        } else {
            append(sb, d, dims, strides, 0, 0, style, width, summarize, "tensor(".length());
        }
        if (dims.length > 0) {
            sb.append(", shape=").append(t.shape());
        }
        if (t.dtype() != DType.FLOAT64) {
            // as PyTorch shows the type only when it is not the default
            sb.append(", dtype=").append(t.dtype());
        }
        if (t.gradFn() != null) {
            sb.append(", gradFn=").append(t.gradFn());
        } else if (t.requiresGrad()) {
            sb.append(", requiresGrad=true");
        }
        return sb.append(')').toString();
    }

    private static void append(StringBuilder sb, double[] d, int[] dims, int[] strides, int dim, int offset,
                               String style, int width, boolean summarize, int indent) {
        int n = dims[dim];
        sb.append('[');
        boolean last = dim == dims.length - 1;
        for (int i = 0; i < n; i++) {
            if (summarize && n > 2 * EDGE && i == EDGE) {
                sb.append(last ? "..., " : "...,\n" + " ".repeat(indent + dim + 1));
                i = n - EDGE;
            }
            if (last) {
                String s = number(d[offset + i], style);
                sb.append(" ".repeat(width - s.length())).append(s);
            } else {
                append(sb, d, dims, strides, dim + 1, offset + i * strides[dim], style, width, summarize, indent);
            }
            if (i < n - 1) {
                sb.append(last ? ", " : ",\n" + "\n".repeat(Math.max(0, dims.length - dim - 2))
                        + " ".repeat(indent + dim + 1));
            }
        }
        sb.append(']');
    }

    /** "int" when every finite value is a whole number, "fixed" for moderate magnitudes, else "sci". */
    private static String style(double[] d) {
        boolean whole = true;
        double maxAbs = 0;
        double minAbs = Double.POSITIVE_INFINITY;
        for (double v : d) {
            if (!Double.isFinite(v)) {
                continue;
            }
            whole &= v == Math.rint(v);
            maxAbs = Math.max(maxAbs, Math.abs(v));
            if (v != 0) {
                minAbs = Math.min(minAbs, Math.abs(v));
            }
        }
        if (whole && maxAbs < 1e8) {
            return "int";
        }
        if (maxAbs < 1e8 && (minAbs >= 1e-4 || minAbs == Double.POSITIVE_INFINITY) && maxAbs / minAbs < 1e5) {
            return "fixed";
        }
        return "sci";
    }

    private static String number(double v, String style) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return switch (style) {
            case "int" -> String.format(Locale.ROOT, "%.0f.", v);
            case "fixed" -> String.format(Locale.ROOT, "%.4f", v);
            default -> String.format(Locale.ROOT, "%.4e", v);
        };
    }
}
