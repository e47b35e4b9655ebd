package dev.descent;

import dev.descent.kernel.Elementwise;

/**
 * In-place updates, allowed only where they cannot corrupt a recorded graph: on tensors that were
 * not made by a recorded operation, and on variables (leaves that require grad) only under
 * {@link NoGrad#scope()}.
 */
final class InPlace {
    private InPlace() {
    }

    static Tensor apply(String op, Tensor target, Tensor other, Elementwise.Binary kind) {
        check(op, target, other);
        Elementwise.binaryInto(kind, target.data, target.dims(), other.data, other.dims(), target.dims(), target.data);
        target.version.bump();
        return target;
    }

    /** {@code target += alpha·other} in one pass, the optimizers' update without a temporary {@code alpha·other}. */
    static Tensor addScaled(Tensor target, Tensor other, double alpha) {
        check("addInPlace", target, other);
        double[] t = target.data;
        if (other.numel() == t.length) {
            double[] o = other.data;
            for (int i = 0; i < t.length; i++) {
                t[i] += o[i] * alpha;
            }
        } else {
            double[] o = Elementwise.binary(Elementwise.Binary.MUL, other.data, other.dims(), new double[] {alpha},
                    new int[0], target.dims());
            for (int i = 0; i < t.length; i++) {
                t[i] += o[i];
            }
        }
        target.version.bump();
        return target;
    }

    static Tensor copy(String op, Tensor target, Tensor source) {
        check(op, target, source);
        double[] src = source.numel() == target.numel() ? source.data
                : dev.descent.kernel.Broadcast.expand(source.data, source.dims(), target.dims());
        System.arraycopy(src, 0, target.data, 0, target.data.length);
        target.version.bump();
        return target;
    }

    private static void check(String op, Tensor target, Tensor other) {
        if (target.node != null) {
            throw new IllegalStateException(op + ": this tensor was made by '" + target.node.op + "' and is part of a"
                    + " recorded graph; in-place updates are for variables (leaves): compute a new tensor instead");
        }
        if (target.requiresGrad() && NoGrad.isGradEnabled()) {
            throw new IllegalStateException(op + ": this variable requires grad and updating it in place would be"
                    + " recorded; wrap the update in try (var scope = NoGrad.scope()) { ... }");
        }
        Shape s = Shape.broadcast(op, target.shape(), other.shape());
        if (!s.equals(target.shape())) {
            throw new ShapeException(op + ": shape " + other.shape() + " cannot be broadcast into the target's shape "
                    + target.shape());
        }
    }
}
