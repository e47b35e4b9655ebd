package dev.descent.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.descent.Autograd;
import dev.descent.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

class EvaluationTest {

    private static double at(String source, double x) {
        return Expression.parse(source).evaluate(Map.of("x", Tensor.of(x))).item();
    }

    @Test
    void valuesOutsideADomainAreNaNOrInfiniteAsInIeeeArithmetic() {
        assertThat(at("log(x)", -1)).isNaN();
        assertThat(at("sqrt(x)", -1)).isNaN();
        assertThat(at("log(x)", 0)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(at("1/x", 0)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(at("x/x", 0)).isNaN();
        assertThat(at("x^0.5", -4)).isNaN();
        assertThat(at("exp(x)", 1000)).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void reluOfMinusInfinityIsZeroNotNaN() {
        assertThat(at("relu(-1e999)", 0)).isEqualTo(0.0);
        assertThat(at("relu(x)", Double.NaN)).isNaN();
    }

    @Test
    void valuesOfUnusedVariablesAreIgnored() {
        Tensor y = Expression.parse("2*x").evaluate(Map.of("x", Tensor.of(3.0), "unused", Tensor.of(9.0)));
        assertThat(y.item()).isEqualTo(6.0);
    }

    @Test
    void theResultCarriesGradientsToTheVariables() {
        Tensor x = Tensor.of(1.5).requiresGrad(true);
        Tensor y = Tensor.of(-2.0).requiresGrad(true);
        Tensor f = Expression.parse("2*x^2 + sin(x*y)").evaluate(Map.of("x", x, "y", y));
        List<Tensor> g = Autograd.grad(f, List.of(x, y), false);
        assertThat(g.get(0).item()).isCloseTo(4 * 1.5 + -2 * Math.cos(-3), within(1e-12));
        assertThat(g.get(1).item()).isCloseTo(1.5 * Math.cos(-3), within(1e-12));
    }

    @Test
    void aVariableExponentIsDifferentiatedToo() {
        Tensor x = Tensor.of(3.0).requiresGrad(true);
        Tensor f = Expression.parse("2^x").evaluate(Map.of("x", x));
        assertThat(Autograd.grad(f, List.of(x), false).get(0).item()).isCloseTo(8 * Math.log(2), within(1e-12));
    }

    @Test
    void randomWellFormedExpressionsEvaluateAsDirectDoubleArithmetic() {
        Random rng = new Random(42);
        for (int i = 0; i < 3_000; i++) {
            double x = rng.nextDouble() * 6 - 3;
            double y = rng.nextDouble() * 6 - 3;
            RandomExpression e = RandomExpression.generate(rng, 5, x, y);
            Tensor tx = Tensor.of(x).requiresGrad(true);
            Tensor ty = Tensor.of(y).requiresGrad(true);
            double actual = Expression.parse(e.text()).evaluate(Map.of("x", tx, "y", ty)).item();
            assertThat(same(actual, e.value())).as("%s at x=%s, y=%s: %s, expected %s", e.text(), x, y, actual, e.value())
                    .isTrue();
        }
    }

    /** Equal values, where NaN equals NaN and 0.0 equals -0.0. */
    private static boolean same(double a, double b) {
        return a == b || (Double.isNaN(a) && Double.isNaN(b));
    }

    /**
     * A random expression written with as few parentheses as the precedence rules allow (plus
     * some redundant ones), and its value computed directly with doubles.
     */
    private record RandomExpression(String text, double value, int precedence, boolean variable) {
        // Precedence of the outermost operation: sums 1, products 2, negation 3, powers 4, atoms 5.
        private static final String[] NUMBERS = {"2", "0.5", ".5", "3.", "1e-3", "1.5E1", "0", "1", "10"};
        private static final String[] FUNCTIONS = {"exp", "log", "sqrt", "abs", "sin", "cos", "tan", "tanh", "sigmoid", "relu"};
        private static final DoubleUnaryOperator[] DIRECT = {Math::exp, Math::log, Math::sqrt, Math::abs, Math::sin, Math::cos,
            v -> Math.sin(v) / Math.cos(v), Math::tanh, EvaluationTest::sigmoid, v -> v <= 0 ? 0.0 : v};

        static RandomExpression generate(Random rng, int depth, double x, double y) {
            int choice = depth == 0 ? rng.nextInt(3) : rng.nextInt(10);
            switch (choice) {
                case 0: {
                    String n = NUMBERS[rng.nextInt(NUMBERS.length)];
                    return new RandomExpression(n, Double.parseDouble(n), 5, false);
                }
                case 1:
                    return new RandomExpression("x", x, 5, true);
                case 2:
                    return new RandomExpression("y", y, 5, true);
                case 3: {
                    RandomExpression a = generate(rng, depth - 1, x, y);
                    return new RandomExpression("-" + wrap(a, a.precedence < 3, rng), -a.value, 3, a.variable);
                }
                case 4: {
                    int f = rng.nextInt(FUNCTIONS.length);
                    RandomExpression a = generate(rng, depth - 1, x, y);
                    return new RandomExpression(FUNCTIONS[f] + "(" + a.text + ")", DIRECT[f].applyAsDouble(a.value), 5, a.variable);
                }
                case 5: {
                    RandomExpression base = generate(rng, depth - 1, x, y);
                    RandomExpression exponent = generate(rng, depth - 1, x, y);
                    // Expression uses the scalar pow (which squares by multiplying) when the exponent is constant.
                    double value = !exponent.variable && exponent.value == 2.0 ? base.value * base.value
                            : Math.pow(base.value, exponent.value);
                    String text = wrap(base, base.precedence <= 4, rng) + "^" + wrap(exponent, exponent.precedence < 3, rng);
                    return new RandomExpression(text, value, 4, base.variable || exponent.variable);
                }
                default: {
                    char op = "+-*/".charAt(rng.nextInt(4));
                    int level = op == '+' || op == '-' ? 1 : 2;
                    RandomExpression a = generate(rng, depth - 1, x, y);
                    RandomExpression b = generate(rng, depth - 1, x, y);
                    double value = switch (op) {
                        case '+' -> a.value + b.value;
                        case '-' -> a.value - b.value;
                        case '*' -> a.value * b.value;
                        default -> a.value / b.value;
                    };
                    String space = rng.nextBoolean() ? " " : "";
                    String text = wrap(a, a.precedence < level, rng) + space + op + space + wrap(b, b.precedence <= level, rng);
                    return new RandomExpression(text, value, level, a.variable || b.variable);
                }
            }
        }

        /** The text in parentheses when precedence needs them, and now and then when it does not. */
        private static String wrap(RandomExpression e, boolean needed, Random rng) {
            return needed || rng.nextInt(10) == 0 ? "(" + e.text + ")" : e.text;
        }
    }

    private static double sigmoid(double v) {
        return v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v));
    }
}
