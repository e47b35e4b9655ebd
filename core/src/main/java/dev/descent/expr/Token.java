package dev.descent.expr;

/** One token of an expression: its kind, its text and where it starts (0-based). */
record Token(Kind kind, String text, int position) {

    /** The kinds of token the lexer produces. */
    enum Kind { NUMBER, IDENTIFIER, PLUS, MINUS, STAR, SLASH, CARET, LEFT, RIGHT, COMMA, END }

    /** How an error message names this token: quoted text, or "end of expression". */
    String describe() {
        return kind == Kind.END ? "end of expression" : "'" + text + "'";
    }
}
