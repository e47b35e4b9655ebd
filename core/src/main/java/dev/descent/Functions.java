package dev.descent;

import dev.descent.kernel.Elementwise.Unary;

/** Elementwise functions of one tensor, each with its derivative written in tensor operations. */
final class Functions {
    private Functions() {
    }

    static Tensor exp(Tensor x) {
        return Tensor.recordSavingOutput("exp", x.data.unary(Unary.EXP), x.shape(),
                (g, out) -> new Tensor[] {g.mul(out)}, x);
    }

    static Tensor log(Tensor x) {
        return Tensor.record("log", x.data.unary(Unary.LOG), x.shape(), g -> new Tensor[] {g.div(x)}, x);
    }

    // A primitive, not log(1 + x): for |x| below 1e-16, 1 + x rounds to 1 and every digit is lost.
    static Tensor log1p(Tensor x) {
        return Tensor.record("log1p", x.data.unary(Unary.LOG1P), x.shape(),
                g -> new Tensor[] {g.div(x.add(1.0))}, x);
    }

    static Tensor sqrt(Tensor x) {
        return Tensor.recordSavingOutput("sqrt", x.data.unary(Unary.SQRT), x.shape(),
                (g, out) -> new Tensor[] {g.div(out.mul(2.0))}, x);
    }

    static Tensor sin(Tensor x) {
        return Tensor.record("sin", x.data.unary(Unary.SIN), x.shape(), g -> new Tensor[] {g.mul(x.cos())}, x);
    }

    static Tensor cos(Tensor x) {
        return Tensor.record("cos", x.data.unary(Unary.COS), x.shape(),
                g -> new Tensor[] {g.mul(x.sin()).neg()}, x);
    }

    static Tensor tanh(Tensor x) {
        return Tensor.recordSavingOutput("tanh", x.data.unary(Unary.TANH), x.shape(),
                (g, out) -> new Tensor[] {g.mul(out.mul(out).neg().add(1.0))}, x);
    }

    // A primitive, not 1/(1+exp(-x)): that composite's gradient is 0·∞ = NaN for large negative x.
    static Tensor sigmoid(Tensor x) {
        return Tensor.recordSavingOutput("sigmoid", x.data.unary(Unary.SIGMOID), x.shape(),
                (g, out) -> new Tensor[] {g.mul(out.neg().add(1.0)).mul(out)}, x);
    }

    /** sign(x) as a constant: -1, 0 or 1. Used by abs so that its derivative at 0 is 0. */
    static Tensor sign(Tensor x) {
        return Tensor.constant(x.data.unary(Unary.SIGN), x.shape());
    }
}
