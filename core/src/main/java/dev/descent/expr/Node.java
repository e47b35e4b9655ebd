package dev.descent.expr;

import java.util.List;

/**
 * A node of a parsed expression: immutable, and no deeper than the parser's nesting limit, so
 * walking it recursively is safe. Runs of {@code + -} or of {@code * /} are one {@link Chain}
 * rather than a left-leaning tower of binary nodes, for the same reason.
 */
sealed interface Node {

    /** A number as written ({@code text}) and its value. */
    record Constant(double value, String text) implements Node {
    }

    /** A variable, looked up by name when the expression is evaluated. */
    record Variable(String name) implements Node {
    }

    /** {@code -operand}. */
    record Negation(Node operand) implements Node {
    }

    /** {@code first op₁ x₁ op₂ x₂ ...} evaluated left to right, where all ops are {@code + -} or all {@code * /}. */
    record Chain(Node first, List<Step> rest) implements Node {
        public Chain {
            rest = List.copyOf(rest);
        }
    }

    /** One {@code op operand} of a {@link Chain}; {@code op} is one of {@code + - * /}. */
    record Step(char op, Node operand) {
    }

    /** {@code base ^ exponent}. */
    record Power(Node base, Node exponent) implements Node {
    }

    /** {@code function(argument)}. */
    record Call(Builtin function, Node argument) implements Node {
    }
}
