package dev.descent;

import dev.descent.kernel.Conv2dGeometry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * 2-D convolution and pooling over NCHW batches. Three primitives carry the gradients: the
 * convolution and its two adjoints (in the input, which is PyTorch's {@code conv_transpose2d}, and in
 * the weight). Each is linear in both operands, so the gradient of each is written in the three, and
 * derivatives of every order follow. Max pooling is a gather at the windows' arg-max; average
 * pooling a convolution with ones.
 */
final class Convolution {
    private Convolution() {
    }

    /**
     * {@code F.conv2d}: input {@code [N, C, H, W]} (or {@code [C, H, W]}), weight {@code [O, C/groups, kH, kW]},
     * bias {@code [O]} or null → {@code [N, O, outH, outW]}. Stride, padding and dilation hold one value for
     * both directions or two (height, width).
     */
    static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation, int groups) {
        if (x.dim() == 3) {
            return conv2d(x.unsqueeze(0), weight, bias, stride, padding, dilation, groups).squeeze(0);
        }
        String op = "conv2d";
        if (x.dim() != 4) {
            throw new ShapeException(op + ": input has shape " + x.shape() + "; expected [batch, channels, height, width]"
                    + " or [channels, height, width]");
        }
        if (weight.dim() != 4) {
            throw new ShapeException(op + ": weight has shape " + weight.shape() + "; expected [out_channels,"
                    + " in_channels/groups, kernel_height, kernel_width]");
        }
        sameType(op, x, weight);
        if (groups < 1) {
            throw new IllegalArgumentException(op + ": groups must be at least 1, got " + groups);
        }
        int[] xd = x.dims();
        int[] wd = weight.dims();
        int out = wd[0];
        if (xd[1] != wd[1] * groups || out % groups != 0) {
            throw new ShapeException(op + ": weight of shape " + weight.shape() + " with groups=" + groups + " expects "
                    + wd[1] * groups + " input channels and out channels divisible by " + groups + ", but the input has"
                    + " shape " + x.shape());
        }
        if (bias != null) {
            sameType(op, x, bias);
            if (bias.dim() != 1 || bias.numel() != out) {
                throw new ShapeException(op + ": bias has shape " + bias.shape() + "; expected [" + out + "]");
            }
        }
        Conv2dGeometry g = geometry(op, x.shape(), out, wd[2], wd[3], stride, padding, dilation, groups, false);
        Tensor y = conv(x, weight, g);
        return bias == null ? y : y.add(bias.reshape(out, 1, 1));
    }

    /**
     * {@code F.max_pool2d}: the maximum of each window, {@code [N, C, H, W]} → {@code [N, C, outH, outW]};
     * the gradient goes to the window's first maximum (the last NaN), as PyTorch's does. Padding is never
     * the maximum. Stride null means the kernel size.
     */
    static Tensor maxPool2d(Tensor x, int[] kernel, int[] stride, int[] padding, int[] dilation) {
        String op = "max_pool2d";
        Tensor in = batched(op, x);
        int[] k = pair(op, "kernel_size", kernel, 1);
        Conv2dGeometry g = geometry(op, in.shape(), in.shape().size(1), k[0], k[1], stride == null ? k : stride, padding,
                dilation, in.shape().size(1), true);
        int[] idx = in.data.maxPool2dIndices(g);
        for (int i : idx) {
            if (i < 0) {
                throw new IllegalArgumentException(op + ": with padding " + Arrays.toString(padding) + " and dilation "
                        + Arrays.toString(dilation) + " a window of input " + in.shape() + " lies wholly in the padding;"
                        + " use less padding or dilation");
            }
        }
        int planes = g.n() * g.channels();
        Tensor flat = in.reshape(planes, g.height() * g.width());
        Tensor y = Movement.gatherRaw(flat, 1, idx, Shape.of(planes, g.outH() * g.outW()))
                .reshape(g.n(), g.channels(), g.outH(), g.outW());
        return x.dim() == 3 ? y.squeeze(0) : y;
    }

    /**
     * {@code F.avg_pool2d} with {@code count_include_pad=True}: each window's sum over kH·kW,
     * {@code [N, C, H, W]} → {@code [N, C, outH, outW]}. Stride null means the kernel size.
     */
    static Tensor avgPool2d(Tensor x, int[] kernel, int[] stride, int[] padding) {
        String op = "avg_pool2d";
        Tensor in = batched(op, x);
        int[] k = pair(op, "kernel_size", kernel, 1);
        int[] d = in.dims();
        Conv2dGeometry planes = geometry(op, Shape.of(d[0] * d[1], 1, d[2], d[3]), 1, k[0], k[1],
                stride == null ? k : stride, padding, new int[] {1}, 1, true);
        Tensor ones = Tensor.ones(x.dtype(), 1, 1, k[0], k[1]);
        Tensor y = conv(in.reshape(planes.n(), 1, d[2], d[3]), ones, planes)
                .reshape(d[0], d[1], planes.outH(), planes.outW()).div((double) k[0] * k[1]);
        return x.dim() == 3 ? y.squeeze(0) : y;
    }

    /**
     * {@code F.adaptive_avg_pool2d}: {@code [N, C, H, W]} → {@code [N, C, outH, outW]}, output row i
     * averaging input rows ⌊i·H/outH⌋ to ⌈(i+1)·H/outH⌉ − 1 (columns alike), as PyTorch splits them.
     */
    static Tensor adaptiveAvgPool2d(Tensor x, int outH, int outW) {
        String op = "adaptive_avg_pool2d";
        Tensor in = batched(op, x);
        if (outH < 1 || outW < 1) {
            throw new IllegalArgumentException(op + ": output size must be at least 1×1, got " + outH + "×" + outW);
        }
        int h = in.shape().size(2);
        int w = in.shape().size(3);
        // window by window (slices and a sum), so that an infinity reaches only the windows holding it,
        // as in PyTorch; a product with 0/1 window matrices would spread 0·∞ = NaN over the plane
        List<Tensor> cells = new ArrayList<>(outH * outW);
        for (int i = 0; i < outH; i++) {
            int top = (int) ((long) i * h / outH);
            int bottom = (int) (((long) (i + 1) * h + outH - 1) / outH);
            Tensor band = in.slice(2, top, bottom);
            for (int j = 0; j < outW; j++) {
                int left = (int) ((long) j * w / outW);
                int right = (int) (((long) (j + 1) * w + outW - 1) / outW);
                cells.add(band.slice(3, left, right).sum(new int[] {2, 3}, false)
                        .div((double) (bottom - top) * (right - left)));
            }
        }
        Tensor y = Tensor.stack(cells, 2).reshape(in.shape().size(0), in.shape().size(1), outH, outW);
        return x.dim() == 3 ? y.squeeze(0) : y;
    }

    // ---------------------------------------------------------------- the three primitives

    private static Tensor conv(Tensor x, Tensor w, Conv2dGeometry g) {
        return Tensor.record("conv2d", x.data.conv2d(w.data, g), Shape.of(g.n(), g.outChannels(), g.outH(), g.outW()),
                gy -> new Tensor[] {
                    x.requiresGrad() ? inputGrad(gy, w, g) : null,
                    w.requiresGrad() ? weightGrad(x, gy, g) : null}, x, w);
    }

    /** dL/dx for output gradient {@code gy}: bilinear in (gy, w), the adjoint of conv in x. */
    private static Tensor inputGrad(Tensor gy, Tensor w, Conv2dGeometry g) {
        return Tensor.record("conv2dInputGrad", gy.data.conv2dInputGrad(w.data, g),
                Shape.of(g.n(), g.channels(), g.height(), g.width()), gx -> new Tensor[] {
                    gy.requiresGrad() ? conv(gx, w, g) : null,
                    w.requiresGrad() ? weightGrad(gx, gy, g) : null}, gy, w);
    }

    /** dL/dw for input {@code x} and output gradient {@code gy}: bilinear in (x, gy), the adjoint of conv in w. */
    private static Tensor weightGrad(Tensor x, Tensor gy, Conv2dGeometry g) {
        return Tensor.record("conv2dWeightGrad", x.data.conv2dWeightGrad(gy.data, g),
                Shape.of(g.outChannels(), g.channels() / g.groups(), g.kernelH(), g.kernelW()), gw -> new Tensor[] {
                    x.requiresGrad() ? inputGrad(gy, gw, g) : null,
                    gy.requiresGrad() ? conv(x, gw, g) : null}, x, gy);
    }

    // ---------------------------------------------------------------- checks

    private static Conv2dGeometry geometry(String op, Shape input, int out, int kh, int kw, int[] stride, int[] padding,
                                           int[] dilation, int groups, boolean pooling) {
        int[] s = pair(op, "stride", stride, 1);
        int[] p = pair(op, "padding", padding, 0);
        int[] d = pair(op, "dilation", dilation, 1);
        if (kh < 1 || kw < 1) {
            throw new IllegalArgumentException(op + ": kernel size must be at least 1×1, got " + kh + "×" + kw);
        }
        int[] x = input.dims();
        // as PyTorch: at most half the kernel (its second bound, half the dilated window, is never smaller)
        if (pooling && (p[0] > kh / 2 || p[1] > kw / 2)) {
            throw new IllegalArgumentException(op + ": padding " + Arrays.toString(p) + " is more than half the"
                    + " kernel size " + kh + "×" + kw + " (as PyTorch refuses)");
        }
        if (x[2] + 2L * p[0] > Integer.MAX_VALUE / 2 || x[3] + 2L * p[1] > Integer.MAX_VALUE / 2
                || (long) d[0] * kh > Integer.MAX_VALUE / 2 || (long) d[1] * kw > Integer.MAX_VALUE / 2) {
            throw new ShapeException(op + ": input of shape " + input + " with padding " + Arrays.toString(p)
                    + " and dilation " + Arrays.toString(d) + " is too large");
        }
        Conv2dGeometry g = new Conv2dGeometry(x[0], x[1], x[2], x[3], out, kh, kw, s[0], s[1], p[0], p[1], d[0], d[1],
                groups);
        long spanH = (long) d[0] * (kh - 1) + 1;
        long spanW = (long) d[1] * (kw - 1) + 1;
        if (x[2] + 2L * p[0] < spanH || x[3] + 2L * p[1] < spanW) {
            throw new ShapeException(op + ": input of shape " + input + " padded by " + Arrays.toString(p) + " is"
                    + " smaller than the " + spanH + "×" + spanW + " window (kernel " + kh + "×" + kw + ", dilation "
                    + Arrays.toString(d) + ")");
        }
        long columns = (long) x[1] * kh * kw * g.outH() * g.outW();
        long outputs = (long) x[0] * out * g.outH() * g.outW();
        if (columns > Integer.MAX_VALUE - 8 || outputs > Integer.MAX_VALUE - 8) {
            throw new ShapeException(op + ": input of shape " + input + " with a " + kh + "×" + kw + " kernel needs more"
                    + " than 2³¹ elements per image or output");
        }
        return g;
    }

    /** One value for both directions or two (height, width), each at least {@code min}. */
    private static int[] pair(String op, String what, int[] values, int min) {
        if (values == null || values.length < 1 || values.length > 2) {
            throw new IllegalArgumentException(op + ": " + what + " needs one or two values, got "
                    + Arrays.toString(values));
        }
        int[] v = values.length == 1 ? new int[] {values[0], values[0]} : values.clone();
        if (v[0] < min || v[1] < min) {
            throw new IllegalArgumentException(op + ": " + what + " must be at least " + min + ", got "
                    + Arrays.toString(values));
        }
        return v;
    }

    private static Tensor batched(String op, Tensor x) {
        if (x.dim() == 3) {
            return x.unsqueeze(0);
        }
        if (x.dim() != 4) {
            throw new ShapeException(op + ": input has shape " + x.shape() + "; expected [batch, channels, height, width]"
                    + " or [channels, height, width]");
        }
        return x;
    }

    private static void sameType(String op, Tensor x, Tensor other) {
        if (x.dtype() != other.dtype()) {
            throw new IllegalArgumentException(op + ": input of type " + x.dtype() + " and weight or bias of type "
                    + other.dtype() + "; cast with to(DType." + x.dtype().name() + ")");
        }
    }
}
