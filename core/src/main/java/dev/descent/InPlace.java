package dev.descent;

import dev.descent.kernel.Elementwise;
import dev.descent.kernel.Storage;

/**
 * In-place updates, allowed only where they cannot corrupt a recorded graph: on tensors that were
 * not made by a recorded operation, and on variables (leaves that require grad) only under
 * {@link NoGrad#scope()}. The other operand is cast to the target's type first: the target keeps
 * its type, as in PyTorch.
 */
final class InPlace {
    private InPlace() {
    }

    static Tensor apply(String op, Tensor target, Tensor other, Elementwise.Binary kind) {
        check(op, target, other);
        target.data.binaryInPlace(kind, target.dims(), like(target, other), other.dims());
        target.data.bumpVersion();
        return target;
    }

    /** {@code target += alpha·other} in one pass, the optimizers' update without a temporary {@code alpha·other}. */
    static Tensor addScaled(Tensor target, Tensor other, double alpha) {
        check("addInPlace", target, other);
        Storage o = like(target, other);
        if (other.numel() == target.numel()) {
            target.data.addScaled(o, alpha);
        } else {
            Storage a = target.data.filled(1, alpha);
            target.data.accumulate(o.binary(Elementwise.Binary.MUL, other.dims(), a, new int[0], target.dims()));
        }
        target.data.bumpVersion();
        return target;
    }

    static Tensor copy(String op, Tensor target, Tensor source) {
        check(op, target, source);
        Storage src = like(target, source);
        target.data.copyFrom(source.numel() == target.numel() ? src : src.expand(source.dims(), target.dims()));
        target.data.bumpVersion();
        return target;
    }

    /** The other operand's elements in the target's type. */
    private static Storage like(Tensor target, Tensor other) {
        return other.data.cast(target.data.elementBytes());
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
