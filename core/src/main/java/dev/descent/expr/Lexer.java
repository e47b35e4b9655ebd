package dev.descent.expr;

import dev.descent.expr.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits an expression into tokens. Numbers are {@code 12}, {@code 1.5}, {@code .5}, {@code 1.}
 * and {@code 1e-3}; identifiers are ASCII letters, digits and underscores, not starting with a
 * digit; whitespace separates tokens and is otherwise ignored.
 */
final class Lexer {
    private final String source;
    private int at;

    private Lexer(String source) {
        this.source = source;
    }

    /** The tokens of {@code source}, ending with one {@link Kind#END} token at its length. */
    static List<Token> tokens(String source) {
        Lexer lexer = new Lexer(source);
        List<Token> tokens = new ArrayList<>();
        Token t;
        do {
            t = lexer.next();
            tokens.add(t);
        } while (t.kind() != Kind.END);
        return tokens;
    }

    private Token next() {
        while (at < source.length() && isSpace(source.charAt(at))) {
            at++;
        }
        if (at == source.length()) {
            return new Token(Kind.END, "", at);
        }
        char c = source.charAt(at);
        if (isDigit(c) || (c == '.' && at + 1 < source.length() && isDigit(source.charAt(at + 1)))) {
            return number();
        }
        if (isLetter(c)) {
            int start = at;
            while (at < source.length() && (isLetter(source.charAt(at)) || isDigit(source.charAt(at)))) {
                at++;
            }
            return new Token(Kind.IDENTIFIER, source.substring(start, at), start);
        }
        Kind kind = switch (c) {
            case '+' -> Kind.PLUS;
            case '-' -> Kind.MINUS;
            case '*' -> Kind.STAR;
            case '/' -> Kind.SLASH;
            case '^' -> Kind.CARET;
            case '(' -> Kind.LEFT;
            case ')' -> Kind.RIGHT;
            case ',' -> Kind.COMMA;
            default -> null;
        };
        if (kind == null) {
            int cp = source.codePointAt(at);
            String shown = isPrintable(cp) ? "'" + new String(Character.toChars(cp)) + "'" : String.format("U+%04X", cp);
            throw new ExpressionException("unexpected character " + shown + " at column " + (at + 1), source, at);
        }
        at++;
        return new Token(kind, String.valueOf(c), at - 1);
    }

    /** digits ['.' digits] | '.' digits, then an optional exponent e[+-]digits. */
    private Token number() {
        int start = at;
        skipDigits();
        if (at < source.length() && source.charAt(at) == '.') {
            at++;
            skipDigits();
        }
        if (at < source.length() && (source.charAt(at) == 'e' || source.charAt(at) == 'E')) {
            at++;
            if (at < source.length() && (source.charAt(at) == '+' || source.charAt(at) == '-')) {
                at++;
            }
            int digits = at;
            skipDigits();
            if (at == digits) {
                String text = source.substring(start, at);
                throw new ExpressionException("malformed number '" + text + "' at column " + (start + 1)
                        + "; an exponent needs digits, as in 1e-3", source, start);
            }
        }
        return new Token(Kind.NUMBER, source.substring(start, at), start);
    }

    private void skipDigits() {
        while (at < source.length() && isDigit(source.charAt(at))) {
            at++;
        }
    }

    /** Whether a character can be shown in quotes; others are named by code point, as U+0000. */
    private static boolean isPrintable(int cp) {
        int type = Character.getType(cp);
        return !Character.isWhitespace(cp) && type != Character.CONTROL && type != Character.FORMAT
                && type != Character.SURROGATE && type != Character.UNASSIGNED && type != Character.PRIVATE_USE
                && !Character.isSpaceChar(cp);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }
}
