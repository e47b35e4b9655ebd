package dev.descent;

import dev.descent.kernel.Elementwise.Binary;
import dev.descent.kernel.Elementwise.Unary;
import dev.descent.kernel.Storage;
import java.util.function.BinaryOperator;

/**
 * Primitives of two or three operands with NumPy broadcasting, each with its gradient rule. Operands
 * of different types are first cast to the promoted type ({@link DType#promote}), recorded, so that
 * each gradient flows back in its operand's type.
 */
final class Arithmetic {
    private Arithmetic() {
    }

    /** True when the operands differ in type and must be promoted before the kernel runs. */
    static boolean mixed(Tensor a, Tensor b) {
        return a.data.elementBytes() != b.data.elementBytes();
    }

    /** {@code op} on the operands cast to their promoted type. */
    static Tensor promoted(Tensor a, Tensor b, BinaryOperator<Tensor> op) {
        DType t = DType.promote(a, b);
        return op.apply(a.to(t), b.to(t));
    }

    static Tensor add(Tensor a, Tensor b) {
        if (mixed(a, b)) {
            return promoted(a, b, Arithmetic::add);
        }
        Shape out = Shape.broadcast("add", a.shape(), b.shape());
        Storage data = a.data.binary(Binary.ADD, a.dims(), b.data, b.dims(), out.dimsUnsafe());
        return Tensor.record("add", data, out, g -> new Tensor[] {g, g}, a, b);
    }

    // A primitive rather than add(neg(b)) because the course's update and every residual use it: one pass, not two.
    static Tensor sub(Tensor a, Tensor b) {
        if (mixed(a, b)) {
            return promoted(a, b, Arithmetic::sub);
        }
        Shape out = Shape.broadcast("sub", a.shape(), b.shape());
        Storage data = a.data.binary(Binary.SUB, a.dims(), b.data, b.dims(), out.dimsUnsafe());
        return Tensor.record("sub", data, out, g -> new Tensor[] {g, b.requiresGrad() ? g.neg() : null}, a, b);
    }

    static Tensor mul(Tensor a, Tensor b) {
        if (mixed(a, b)) {
            return promoted(a, b, Arithmetic::mul);
        }
        Shape out = Shape.broadcast("mul", a.shape(), b.shape());
        Storage data = a.data.binary(Binary.MUL, a.dims(), b.data, b.dims(), out.dimsUnsafe());
        return Tensor.record("mul", data, out, g -> new Tensor[] {
            a.requiresGrad() ? g.mul(b) : null,
            b.requiresGrad() ? g.mul(a) : null}, a, b);
    }

    /** a / b: d/da = g / b, d/db = −g·((a / b) / b), never b·b, which overflows or underflows where a / b does not. */
    static Tensor div(Tensor a, Tensor b) {
        if (mixed(a, b)) {
            return promoted(a, b, Arithmetic::div);
        }
        Shape out = Shape.broadcast("div", a.shape(), b.shape());
        Storage data = a.data.binary(Binary.DIV, a.dims(), b.data, b.dims(), out.dimsUnsafe());
        return Tensor.recordSavingOutput("div", data, out, (g, quotient) -> new Tensor[] {
            a.requiresGrad() ? g.div(b) : null,
            b.requiresGrad() ? g.mul(quotient.div(b)).neg() : null}, a, b);
    }

    static Tensor neg(Tensor a) {
        return Tensor.record("neg", a.data.unary(Unary.NEG), a.shape(),
                g -> new Tensor[] {g.neg()}, a);
    }

    /**
     * a^p for a constant exponent: d/da = g·(p·a^(p−1)), and 0 for p = 0 (not 0·a⁻¹, which is NaN
     * at a = 0), in PyTorch's order of operations.
     */
    static Tensor pow(Tensor a, double p) {
        return Tensor.record("pow", a.data.powScalar(p), a.shape(), g -> new Tensor[] {
            p == 0.0 ? Tensor.zerosLike(a) : p == 2.0 ? g.mul(a.mul(2.0)) : g.mul(a.pow(p - 1).mul(p))}, a);
    }

    /**
     * a^b elementwise: d/da = g·(b·a^(b−1)), taken as 0 where b = 0; d/db = g·(a^b·ln a), taken as 0
     * where a = 0 and b ≥ 0 (the limit; ln 0 = −∞ would make it NaN), as PyTorch does.
     */
    static Tensor pow(Tensor a, Tensor b) {
        if (mixed(a, b)) {
            return promoted(a, b, Arithmetic::pow);
        }
        Shape out = Shape.broadcast("pow", a.shape(), b.shape());
        Storage data = a.data.binary(Binary.POW, a.dims(), b.data, b.dims(), out.dimsUnsafe());
        return Tensor.recordSavingOutput("pow", data, out, (g, power) -> {
            Tensor zero = Tensor.scalar(0);
            Tensor ga = a.requiresGrad() ? Tensor.where(b.eq(0.0), zero, g.mul(b.mul(a.pow(b.sub(1.0))))) : null;
            Tensor gb = null;
            if (b.requiresGrad()) {
                Tensor limit = a.eq(0.0).mul(b.ge(0.0));
                gb = Tensor.where(limit, zero, g.mul(power.mul(a.log())));
            }
            return new Tensor[] {ga, gb};
        }, a, b);
    }

    /**
     * Elementwise maximum. Where both are equal the gradient is split in half between them, as in
     * PyTorch, so that maximum(x, x) has derivative 1.
     */
    static Tensor maximum(Tensor a, Tensor b) {
        return extremum("maximum", Binary.MAX, Binary.LT, a, b);
    }

    static Tensor minimum(Tensor a, Tensor b) {
        return extremum("minimum", Binary.MIN, Binary.GT, a, b);
    }

    /**
     * The gradient goes to the operand that was picked (a NaN counts as picked), half to each on a
     * tie; written with where, not as g times a 0/1 mask, so an infinite g is not turned into NaN.
     */
    private static Tensor extremum(String op, Binary pick, Binary loses, Tensor a, Tensor b) {
        if (mixed(a, b)) {
            return promoted(a, b, (x, y) -> extremum(op, pick, loses, x, y));
        }
        Shape out = Shape.broadcast(op, a.shape(), b.shape());
        Storage data = a.data.binary(pick, a.dims(), b.data, b.dims(), out.dimsUnsafe());
        return Tensor.record(op, data, out, g -> {
            Tensor zero = Tensor.scalar(0);
            Tensor tie = compare(Binary.EQ, a, b);
            Tensor half = g.div(2.0);
            return new Tensor[] {
                a.requiresGrad() ? Tensor.where(compare(loses, a, b), zero, Tensor.where(tie, half, g)) : null,
                b.requiresGrad() ? Tensor.where(compare(loses, b, a), zero, Tensor.where(tie, half, g)) : null};
        }, a, b);
    }

    /**
     * {@code v} where {@code c > 0} or c is NaN, else 0 ({@link Binary#THRESHOLD}); c is a constant
     * condition. relu(x) is threshold(x, x) and the gradient to v is threshold(c, g): one pass each
     * way, where relu as a comparison and a where took three and a mask as large as x.
     */
    static Tensor threshold(Tensor c, Tensor v) {
        Tensor m = mixed(c, v) ? new Tensor(c.data.cast(v.data.elementBytes()), c.shape()) : c;
        Shape out = Shape.broadcast("threshold", m.shape(), v.shape());
        Storage data = m.data.binary(Binary.THRESHOLD, m.dims(), v.data, v.dims(), out.dimsUnsafe());
        return Tensor.record("threshold", data, out, g -> new Tensor[] {null, threshold(m, g)}, m, v);
    }

    /** {@code cond ? a : b} elementwise; the gradient flows to whichever branch was taken. */
    static Tensor where(Tensor cond, Tensor a, Tensor b) {
        if (mixed(a, b)) {
            return promoted(a, b, (x, y) -> where(cond, x, y));
        }
        Shape ab = Shape.broadcast("where", a.shape(), b.shape());
        Shape out = Shape.broadcast("where", cond.shape(), ab);
        // the condition is only compared with 0, so its type does not matter: it takes the branches'
        Tensor c = new Tensor(cond.data.cast(a.data.elementBytes()), cond.shape());
        Storage data = c.data.where(c.dims(), a.data, a.dims(), b.data, b.dims(), out.dimsUnsafe());
        return Tensor.record("where", data, out, g -> {
            Tensor zero = Tensor.scalar(0);
            // a constant branch (such as a 0) needs no gradient: skipping it saves a full pass per backward.
            return new Tensor[] {null, a.requiresGrad() ? where(c, g, zero) : null, b.requiresGrad() ? where(c, zero, g) : null};
        }, c, a, b);
    }

    /** Comparisons give 1.0 or 0.0 and are constants for autograd. */
    static Tensor compare(Binary op, Tensor a, Tensor b) {
        Shape out = Shape.broadcast(op.name().toLowerCase(java.util.Locale.ROOT), a.shape(), b.shape());
        int bytes = DType.promote(a, b).elementSize();
        Storage x = a.data.cast(bytes);
        return Tensor.constant(x.binary(op, a.dims(), b.data.cast(bytes), b.dims(), out.dimsUnsafe()), out);
    }
}
