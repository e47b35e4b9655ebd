package dev.descent.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.fail;

import dev.descent.Autograd;
import dev.descent.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Hostile input: deep nesting, long chains, and random strings never get past the parser's error handling. */
class ExpressionRobustnessTest {
    private static final int HUGE = 100_000;

    @Test
    void aHundredThousandOpenParenthesesAreAnExpressionExceptionNotAStackOverflow() {
        Throwable t = catchThrowable(() -> Expression.parse("(".repeat(HUGE) + "x" + ")".repeat(HUGE)));
        assertThat(t).isInstanceOf(ExpressionException.class);
        assertThat(((ExpressionException) t).position()).isEqualTo(Parser.MAX_DEPTH);
        assertThat(catchThrowable(() -> Expression.parse("(".repeat(HUGE)))).isInstanceOf(ExpressionException.class);
    }

    @Test
    void deepCallsAndTowersOfPowersAreExpressionExceptionsToo() {
        assertThat(catchThrowable(() -> Expression.parse("sin(".repeat(HUGE) + "x" + ")".repeat(HUGE))))
                .isInstanceOf(ExpressionException.class);
        assertThat(catchThrowable(() -> Expression.parse("x^".repeat(HUGE) + "x"))).isInstanceOf(ExpressionException.class);
        assertThat(catchThrowable(() -> Expression.parse("-(".repeat(HUGE) + "x"))).isInstanceOf(ExpressionException.class);
    }

    @Test
    void nestingAtTheLimitParsesEvaluatesAndDifferentiates() {
        Tensor x = Tensor.of(0.5).requiresGrad(true);
        int n = Parser.MAX_DEPTH;
        for (String source : List.of("(".repeat(n) + "x" + ")".repeat(n), "abs(".repeat(n) + "x" + ")".repeat(n),
                "1^".repeat(n) + "x", "(x*".repeat(n) + "x" + ")".repeat(n))) {
            Tensor y = Expression.parse(source).evaluate(Map.of("x", x));
            List<Tensor> g = Autograd.grad(y, List.of(x), true);
            assertThat(g.get(0).item()).isFinite();
        }
    }

    @Test
    void longFlatChainsAndRunsOfSignsNeedNoNesting() {
        Tensor x = Tensor.of(2.0).requiresGrad(true);
        Expression sum = Expression.parse("x" + "+x".repeat(HUGE - 1));
        Tensor y = sum.evaluate(Map.of("x", x));
        assertThat(y.item()).isEqualTo(2.0 * HUGE);
        assertThat(Autograd.grad(y, List.of(x), false).get(0).item()).isEqualTo(HUGE);
        assertThat(Expression.parse("-".repeat(HUGE) + "x").structure()).isEqualTo("x");
        assertThat(Expression.parse("-".repeat(HUGE + 1) + "x").structure()).isEqualTo("(-x)");
    }

    @Test
    void randomStringsOnlyEverThrowExpressionException() {
        Random rng = new Random(20240611L);
        int parsed = 0;
        for (int i = 0; i < 20_000; i++) {
            // Half are strings of random pieces, half are valid expressions with a few random edits.
            String source = i % 2 == 0 ? randomPieces(rng) : mutated(rng);
            try {
                Expression f = Expression.parse(source);
                parsed++;
                differentiate(f, rng);
            } catch (ExpressionException e) {
                assertThat(e.position()).as(source).isBetween(0, source.length());
                assertThat(e.reason()).as(source).isNotBlank().doesNotContain("\n");
            } catch (Throwable t) {
                fail("'" + source + "' threw " + t, t);
            }
        }
        // The edits are meant to reach the evaluator and autograd too, not only the error paths.
        assertThat(parsed).isGreaterThan(1_000);
    }

    private static final String[] PIECES = {"0", "1", "9", ".", "e", "E", "+", "-", "*", "/", "^", "(", ")", ",", " ", "\t",
        "x", "y", "z_1", "sin", "exp(", "log(", "sqrt(", "relu", "tan(", "foo(", "1e-3", ".5", "2.", "1e", "#", "=", "\u00e9",
        "\u0000", "\uD83D\uDE00", "\uD800", "))", "(("};
    private static final String[] VALID = {"2*x^2 + sin(x*y)", "x^2+y^2+z^2", "exp(x)/y", "-x^-2^y", "sigmoid(x)*relu(y-1)",
        "log(abs(x)) - sqrt(y) / tan(x)", "(x+1)*(x-1)^3", "tanh(cos(1e-3*x))", "x/0 + 0/x", "2^x^.5"};

    private static String randomPieces(Random rng) {
        StringBuilder s = new StringBuilder();
        int length = rng.nextInt(24);
        for (int k = 0; k < length; k++) {
            s.append(PIECES[rng.nextInt(PIECES.length)]);
        }
        return s.toString();
    }

    /** A valid expression with one to three pieces inserted, deleted or replaced at random places. */
    private static String mutated(Random rng) {
        StringBuilder s = new StringBuilder(VALID[rng.nextInt(VALID.length)]);
        int edits = 1 + rng.nextInt(3);
        for (int k = 0; k < edits && s.length() > 0; k++) {
            int at = rng.nextInt(s.length());
            switch (rng.nextInt(3)) {
                case 0 -> s.insert(at, PIECES[rng.nextInt(PIECES.length)]);
                case 1 -> s.deleteCharAt(at);
                default -> s.replace(at, at + 1, PIECES[rng.nextInt(PIECES.length)]);
            }
        }
        return s.toString();
    }

    /** Evaluates {@code f} at random values, with first and second derivatives: none of it may throw. */
    private static void differentiate(Expression f, Random rng) {
        Map<String, Tensor> values = new LinkedHashMap<>();
        for (String v : f.variables()) {
            values.put(v, Tensor.of(rng.nextGaussian() * 3).requiresGrad(true));
        }
        List<Tensor> inputs = new ArrayList<>(values.values());
        Tensor y = f.evaluate(values);
        assertThat(y.numel()).isEqualTo(1);
        List<Tensor> g = Autograd.grad(y, inputs, true);
        for (Tensor gi : g) {
            Autograd.grad(gi, inputs, false, true);
        }
    }
}
