package dev.descent.expr;

import dev.descent.expr.Node.Call;
import dev.descent.expr.Node.Chain;
import dev.descent.expr.Node.Constant;
import dev.descent.expr.Node.Negation;
import dev.descent.expr.Node.Power;
import dev.descent.expr.Node.Step;
import dev.descent.expr.Node.Variable;
import dev.descent.expr.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;

/**
 * A recursive-descent parser for the grammar
 *
 * <pre>
 * expression = term (('+' | '-') term)*
 * term       = factor (('*' | '/') factor)*
 * factor     = ('+' | '-')* primary ('^' factor)?
 * primary    = number | name | name '(' expression ')' | '(' expression ')'
 * </pre>
 *
 * so {@code ^} is right-associative and binds tighter than a sign ({@code -x^2 = -(x^2)},
 * {@code 2^-1 = 0.5}), as in Python and mathematics.
 *
 * <p>Only parentheses, function calls and exponents recurse; each costs one level of
 * {@link #MAX_DEPTH}, checked before recursing, so no input can overflow the stack. Chains of
 * {@code + - * /} and runs of signs are loops. A level costs four or five stack frames.
 */
final class Parser {
    /**
     * The deepest nesting of parentheses, calls and exponents accepted. Python's parser stops at
     * 200; 256 levels parse and evaluate well within a 512 KiB thread stack (about 700 would not).
     */
    static final int MAX_DEPTH = 256;

    private final String source;
    private final List<Token> tokens;
    private final SortedSet<String> variables;
    private int next;
    private int depth;

    private Parser(String source, SortedSet<String> variables) {
        this.source = source;
        this.tokens = Lexer.tokens(source);
        this.variables = variables;
    }

    /** Parses {@code source}, adding the names of its variables to {@code variables}. */
    static Node parse(String source, SortedSet<String> variables) {
        Parser p = new Parser(source, variables);
        if (p.peek().kind() == Kind.END) {
            throw p.error("empty expression", p.peek());
        }
        Node root = p.expression();
        Token extra = p.peek();
        if (extra.kind() != Kind.END) {
            String hint = switch (extra.kind()) {
                case NUMBER, IDENTIFIER, LEFT -> "; missing an operator such as '*' before it?";
                case RIGHT -> "; it closes no '('";
                default -> "";
            };
            throw p.error("unexpected " + extra.describe() + " at column " + column(extra) + hint, extra);
        }
        return root;
    }

    private Node expression() {
        Node first = term();
        List<Step> rest = new ArrayList<>();
        while (peek().kind() == Kind.PLUS || peek().kind() == Kind.MINUS) {
            char op = advance().text().charAt(0);
            rest.add(new Step(op, term()));
        }
        return rest.isEmpty() ? first : new Chain(first, rest);
    }

    private Node term() {
        Node first = factor();
        List<Step> rest = new ArrayList<>();
        while (peek().kind() == Kind.STAR || peek().kind() == Kind.SLASH) {
            char op = advance().text().charAt(0);
            rest.add(new Step(op, factor()));
        }
        return rest.isEmpty() ? first : new Chain(first, rest);
    }

    /** Signs, a primary and an optional exponent; two minus signs cancel exactly in IEEE arithmetic. */
    private Node factor() {
        boolean negative = false;
        while (peek().kind() == Kind.PLUS || peek().kind() == Kind.MINUS) {
            negative ^= advance().kind() == Kind.MINUS;
        }
        Node base = primary();
        if (peek().kind() == Kind.CARET) {
            enter(advance());
            base = new Power(base, factor());
            depth--;
        }
        return negative ? new Negation(base) : base;
    }

    private Node primary() {
        Token t = advance();
        switch (t.kind()) {
            case NUMBER:
                return new Constant(Double.parseDouble(t.text()), t.text());
            case IDENTIFIER:
                return name(t);
            case LEFT:
                enter(t);
                Node inner = expression();
                close(t, null);
                depth--;
                return inner;
            default:
                throw error("unexpected " + t.describe() + " at column " + column(t), t);
        }
    }

    /** A variable, or a call when the name is followed by '('. */
    private Node name(Token name) {
        Optional<Builtin> function = Builtin.named(name.text());
        if (peek().kind() != Kind.LEFT) {
            if (function.isPresent()) {
                throw error("function '" + name.text() + "' at column " + column(name)
                        + " needs an argument in parentheses, as in " + name.text() + "(x)", name);
            }
            variables.add(name.text());
            return new Variable(name.text());
        }
        if (function.isEmpty()) {
            throw error("unknown function '" + name.text() + "' at column " + column(name) + "; known: "
                    + Builtin.spellings(), name);
        }
        Token open = advance();
        enter(open);
        Node argument = expression();
        close(open, function.get());
        depth--;
        return new Call(function.get(), argument);
    }

    /** Consumes the ')' that matches {@code open}, or explains why it is not there. */
    private void close(Token open, Builtin function) {
        Token t = advance();
        if (t.kind() == Kind.RIGHT) {
            return;
        }
        String reason;
        if (t.kind() == Kind.COMMA && function != null) {
            reason = "unexpected ',' at column " + column(t) + "; " + function.spelling() + " takes one argument";
        } else if (t.kind() == Kind.END) {
            reason = "missing ')' at column " + column(t) + " to close the '(' at column " + column(open);
        } else {
            reason = "unexpected " + t.describe() + " at column " + column(t) + "; expected ')' to close the '(' at column "
                    + column(open);
        }
        throw error(reason, t);
    }

    private void enter(Token at) {
        if (depth == MAX_DEPTH) {
            throw error("expression nested more than " + MAX_DEPTH + " levels deep at column " + column(at), at);
        }
        depth++;
    }

    private Token peek() {
        return tokens.get(next);
    }

    /** The next token; at the end it stays on the END token. */
    private Token advance() {
        Token t = tokens.get(next);
        if (t.kind() != Kind.END) {
            next++;
        }
        return t;
    }

    private ExpressionException error(String reason, Token at) {
        return new ExpressionException(reason, source, at.position());
    }

    private static int column(Token t) {
        return t.position() + 1;
    }
}
