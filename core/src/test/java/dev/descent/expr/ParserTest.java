package dev.descent.expr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParserTest {

    private static String structure(String source) {
        return Expression.parse(source).structure();
    }

    private static double value(String source) {
        return Expression.parse(source).evaluate(Map.of("x", Tensor.of(3.0), "y", Tensor.of(2.0))).item();
    }

    @Test
    void powerIsRightAssociative() {
        assertThat(structure("2^3^2")).isEqualTo("(2 ^ (3 ^ 2))");
        assertThat(value("2^3^2")).isEqualTo(512.0);
    }

    @Test
    void powerBindsTighterThanUnaryMinus() {
        assertThat(structure("-x^2")).isEqualTo("(-(x ^ 2))");
        assertThat(value("-x^2")).isEqualTo(-9.0);
        assertThat(value("(-x)^2")).isEqualTo(9.0);
    }

    @Test
    void anExponentMayHaveASign() {
        assertThat(structure("2^-1")).isEqualTo("(2 ^ (-1))");
        assertThat(value("2^-1")).isEqualTo(0.5);
        assertThat(structure("2^-x^2")).isEqualTo("(2 ^ (-(x ^ 2)))");
    }

    @Test
    void subtractionAndDivisionAreLeftAssociative() {
        assertThat(structure("1-2-3")).isEqualTo("((1 - 2) - 3)");
        assertThat(value("1-2-3")).isEqualTo(-4.0);
        assertThat(structure("8/4/2")).isEqualTo("((8 / 4) / 2)");
        assertThat(value("8/4/2")).isEqualTo(1.0);
        assertThat(structure("1-2+3-4")).isEqualTo("(((1 - 2) + 3) - 4)");
    }

    @Test
    void productsBindTighterThanSumsAndParenthesesOverrideBoth() {
        assertThat(structure("1+2*3")).isEqualTo("(1 + (2 * 3))");
        assertThat(structure("(1+2)*3")).isEqualTo("((1 + 2) * 3)");
        assertThat(structure("2*x^2 + sin(x*y)")).isEqualTo("((2 * (x ^ 2)) + sin((x * y)))");
        assertThat(value("(1+2)*3")).isEqualTo(9.0);
    }

    @Test
    void signsMayFollowAnOperatorAndRunsOfSignsCancel() {
        assertThat(structure("x*-y")).isEqualTo("(x * (-y))");
        assertThat(structure("x--y")).isEqualTo("(x - (-y))");
        assertThat(structure("--x")).isEqualTo("x");
        assertThat(structure("-+-x")).isEqualTo("x");
        assertThat(structure("---x")).isEqualTo("(-x)");
        assertThat(structure("-x*y")).isEqualTo("((-x) * y)");
        assertThat(value("x*-y")).isEqualTo(-6.0);
    }

    @Test
    void functionCallsBindAsAtoms() {
        assertThat(structure("sin(x)^2")).isEqualTo("(sin(x) ^ 2)");
        assertThat(structure("-exp(-x)")).isEqualTo("(-exp((-x)))");
        assertThat(structure("sigmoid(relu(tanh(x)))")).isEqualTo("sigmoid(relu(tanh(x)))");
    }

    @Test
    void numbersMayBeWrittenInEveryUsualForm() {
        assertThat(value("1e-3")).isEqualTo(0.001);
        assertThat(value(".5")).isEqualTo(0.5);
        assertThat(value("2.")).isEqualTo(2.0);
        assertThat(value("2.5E+2")).isEqualTo(250.0);
        assertThat(value("007")).isEqualTo(7.0);
        assertThat(value("1e999")).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void redundantParenthesesAndWhitespaceChangeNothing() {
        assertThat(structure(" ( ( x ) )\t*\n2 ")).isEqualTo("(x * 2)");
    }

    @Test
    void variablesAreListedOnceInSortedOrder() {
        assertThat(Expression.parse("z*y + x*y + a_1 + B").variables()).containsExactly("B", "a_1", "x", "y", "z");
        assertThat(Expression.parse("2+3").variables()).isEmpty();
    }

    @Test
    void namesThatOnlyStartLikeAFunctionAreVariables() {
        assertThat(Expression.parse("exp2 + sine + e").variables()).containsExactly("e", "exp2", "sine");
    }

    @Test
    void functionsAreListedInTheDocumentedOrder() {
        assertThat(Expression.functions())
                .containsExactly("exp", "log", "sqrt", "abs", "sin", "cos", "tan", "tanh", "sigmoid", "relu");
    }
}
