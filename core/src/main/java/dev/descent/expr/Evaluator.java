package dev.descent.expr;

import dev.descent.Tensor;
import dev.descent.expr.Node.Call;
import dev.descent.expr.Node.Chain;
import dev.descent.expr.Node.Constant;
import dev.descent.expr.Node.Negation;
import dev.descent.expr.Node.Power;
import dev.descent.expr.Node.Step;
import dev.descent.expr.Node.Variable;
import java.util.Map;

/**
 * Evaluates a parsed expression with tensor operations, so the result is recorded for autograd.
 * Recursion is safe: the parser bounds the depth of the tree.
 */
final class Evaluator {
    private final Map<String, Tensor> values;

    private Evaluator(Map<String, Tensor> values) {
        this.values = values;
    }

    /** The value of {@code node}; every variable in it must have a value in {@code values}. */
    static Tensor evaluate(Node node, Map<String, Tensor> values) {
        return new Evaluator(values).eval(node);
    }

    private Tensor eval(Node node) {
        if (node instanceof Constant c) {
            return Tensor.of(c.value());
        } else if (node instanceof Variable v) {
            return values.get(v.name());
        } else if (node instanceof Negation n) {
            return eval(n.operand()).neg();
        } else if (node instanceof Chain c) {
            Tensor acc = eval(c.first());
            for (Step s : c.rest()) {
                acc = apply(s.op(), acc, eval(s.operand()));
            }
            return acc;
        } else if (node instanceof Power p) {
            return power(p);
        } else if (node instanceof Call c) {
            return c.function().apply(eval(c.argument()));
        }
        throw new IllegalStateException("evaluate: unknown node " + node.getClass().getSimpleName());
    }

    private static Tensor apply(char op, Tensor a, Tensor b) {
        return switch (op) {
            case '+' -> a.add(b);
            case '-' -> a.sub(b);
            case '*' -> a.mul(b);
            case '/' -> a.div(b);
            default -> throw new IllegalStateException("evaluate: unknown operator '" + op + "'");
        };
    }

    // A constant scalar exponent takes pow's scalar form, which has no gradient for the exponent to compute.
    private Tensor power(Power p) {
        Tensor base = eval(p.base());
        Tensor exponent = eval(p.exponent());
        boolean constant = !exponent.requiresGrad() && exponent.numel() == 1;
        return constant ? base.pow(exponent.item()) : base.pow(exponent);
    }
}
