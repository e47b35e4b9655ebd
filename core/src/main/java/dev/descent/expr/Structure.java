package dev.descent.expr;

import dev.descent.expr.Node.Call;
import dev.descent.expr.Node.Chain;
import dev.descent.expr.Node.Constant;
import dev.descent.expr.Node.Negation;
import dev.descent.expr.Node.Power;
import dev.descent.expr.Node.Step;
import dev.descent.expr.Node.Variable;

/** Prints a parsed expression with every operation in parentheses, to show precedence and associativity. */
final class Structure {
    private Structure() {
    }

    static String of(Node node) {
        StringBuilder out = new StringBuilder();
        write(node, out);
        return out.toString();
    }

    private static void write(Node node, StringBuilder out) {
        if (node instanceof Constant c) {
            out.append(c.text());
        } else if (node instanceof Variable v) {
            out.append(v.name());
        } else if (node instanceof Negation n) {
            out.append("(-");
            write(n.operand(), out);
            out.append(')');
        } else if (node instanceof Chain c) {
            // A chain is evaluated left to right, so its parentheses open on the left.
            out.append("(".repeat(c.rest().size()));
            write(c.first(), out);
            for (Step s : c.rest()) {
                out.append(' ').append(s.op()).append(' ');
                write(s.operand(), out);
                out.append(')');
            }
        } else if (node instanceof Power p) {
            out.append('(');
            write(p.base(), out);
            out.append(" ^ ");
            write(p.exponent(), out);
            out.append(')');
        } else if (node instanceof Call c) {
            out.append(c.function().spelling()).append('(');
            write(c.argument(), out);
            out.append(')');
        }
    }
}
