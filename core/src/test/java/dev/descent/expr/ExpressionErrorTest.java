package dev.descent.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.descent.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpressionErrorTest {

    private static String message(String... lines) {
        return String.join(System.lineSeparator(), lines);
    }

    private static ExpressionException error(String source) {
        return catchThrowableOfType(ExpressionException.class, () -> Expression.parse(source));
    }

    @Test
    void caretPointsAtTheUnexpectedToken() {
        ExpressionException e = error("sin()");
        assertThat(e).hasMessage(message("unexpected ')' at column 5", "sin()", "    ^"));
        assertThat(e.position()).isEqualTo(4);
        assertThat(e.reason()).isEqualTo("unexpected ')' at column 5");
    }

    @Test
    void anExpressionExceptionIsAnIllegalArgumentException() {
        assertThat(error("x+")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMissingOperandPointsAtTheEnd() {
        assertThat(error("x +")).hasMessage(message("unexpected end of expression at column 4", "x +", "   ^"));
    }

    @Test
    void anUnknownFunctionIsNamedWithTheKnownOnes() {
        assertThat(error("2*foo(x)")).hasMessage(message(
                "unknown function 'foo' at column 3; known: exp, log, sqrt, abs, sin, cos, tan, tanh, sigmoid, relu",
                "2*foo(x)", "  ^"));
        assertThat(error("Sin(x)").reason()).startsWith("unknown function 'Sin'");
    }

    @Test
    void anUnclosedParenthesisNamesWhereItOpened() {
        assertThat(error("(x+1")).hasMessage(message("missing ')' at column 5 to close the '(' at column 1", "(x+1", "    ^"));
        assertThat(error("exp(x y)").reason())
                .isEqualTo("unexpected 'y' at column 7; expected ')' to close the '(' at column 4");
    }

    @Test
    void aFunctionTakesOneArgument() {
        assertThat(error("sin(x,y)")).hasMessage(message("unexpected ',' at column 6; sin takes one argument", "sin(x,y)", "     ^"));
    }

    @Test
    void aFunctionNameNeedsParentheses() {
        assertThat(error("sin x").reason())
                .isEqualTo("function 'sin' at column 1 needs an argument in parentheses, as in sin(x)");
    }

    @Test
    void twoOperandsInARowSuggestAMissingOperator() {
        assertThat(error("2x")).hasMessage(message("unexpected 'x' at column 2; missing an operator such as '*' before it?", "2x", " ^"));
        assertThat(error("x)").reason()).isEqualTo("unexpected ')' at column 2; it closes no '('");
    }

    @Test
    void anUnexpectedCharacterIsShownOrNamedByCodePoint() {
        assertThat(error("x # y")).hasMessage(message("unexpected character '#' at column 3", "x # y", "  ^"));
        assertThat(error("x\u0000").reason()).isEqualTo("unexpected character U+0000 at column 2");
        assertThat(error("x = 2").reason()).isEqualTo("unexpected character '=' at column 3");
    }

    @Test
    void aNumberWithoutExponentDigitsIsMalformed() {
        assertThat(error("1.5e+ x").reason()).isEqualTo("malformed number '1.5e+' at column 1; an exponent needs digits, as in 1e-3");
    }

    @Test
    void anEmptyExpressionSaysSo() {
        assertThat(error("")).hasMessage("empty expression");
        assertThat(error("   ")).hasMessage("empty expression");
    }

    @Test
    void tabsAndNewlinesDoNotShiftTheCaret() {
        assertThat(error("x\t+\n)")).hasMessage(message("unexpected ')' at column 5", "x + )", "    ^"));
    }

    @Test
    void aLongExpressionIsShownAsAWindowAroundTheError() {
        String source = "x+".repeat(100) + ")" + "+x".repeat(100);
        ExpressionException e = error(source);
        String[] lines = e.getMessage().split(System.lineSeparator(), -1);
        assertThat(lines[0]).isEqualTo("unexpected ')' at column 201");
        assertThat(lines[1]).startsWith("...").endsWith("...").hasSize(3 + 80 + 3);
        assertThat(lines[1].charAt(lines[2].length() - 1)).isEqualTo(')');
    }

    @Test
    void nestingDeeperThanTheLimitIsAnErrorAtTheFirstLevelTooMany() {
        String source = "(".repeat(300) + "x" + ")".repeat(300);
        ExpressionException e = error(source);
        assertThat(e.reason()).isEqualTo("expression nested more than 256 levels deep at column 257");
        assertThat(e.position()).isEqualTo(256);
    }

    @Test
    void aMissingVariableIsNamed() {
        Expression f = Expression.parse("x*y + z");
        assertThatThrownBy(() -> f.evaluate(Map.of("x", Tensor.of(1.0))))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("evaluate: no value for variables 'y', 'z'");
        assertThatThrownBy(() -> f.evaluate(Map.of("x", Tensor.of(1.0), "y", Tensor.of(1.0))))
                .hasMessage("evaluate: no value for variable 'z'");
    }
}
