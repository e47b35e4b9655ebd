package dev.descent.expr;

import dev.descent.NoGrad;
import dev.descent.Scope;
import dev.descent.Tensor;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A parsed arithmetic expression such as {@code 2*x^2 + sin(x*y)}, evaluated with tensor
 * operations so that its gradient comes from autograd.
 *
 * <p>The language: numbers ({@code 3}, {@code 1.5}, {@code .5}, {@code 1e-3}), variables
 * (identifiers such as {@code x} or {@code rate_2}), {@code + - * / ^}, parentheses, and the
 * functions {@code exp log sqrt abs sin cos tan tanh sigmoid relu} of one argument. {@code ^} is
 * right-associative and binds tighter than a sign: {@code -x^2} is {@code -(x^2)}, {@code 2^3^2}
 * is {@code 2^9}, and {@code 2^-1} is allowed. There is no implicit multiplication: write
 * {@code 2*x}.
 *
 * <p>Values outside a function's domain follow IEEE arithmetic rather than throwing:
 * {@code log(-1)} and {@code sqrt(-1)} are NaN, {@code log(0)} is -∞, {@code 1/0} is ∞ and
 * {@code 0/0} is NaN; gradients at such points are NaN or infinite in the same way.
 *
 * <pre>{@code
 * jshell> var f = Expression.parse("2*x^2 + sin(x*y)");
 * jshell> var x = Tensor.of(1.5).requiresGrad(true);
 * jshell> var y = Tensor.of(-2.0).requiresGrad(true);
 * jshell> var g = Autograd.grad(f.evaluate(Map.of("x", x, "y", y)), List.of(x, y), false);
 * }</pre>
 */
public final class Expression {
    private final String source;
    private final Node root;
    private final SortedSet<String> variables;

    private Expression(String source, Node root, SortedSet<String> variables) {
        this.source = source;
        this.root = root;
        this.variables = Collections.unmodifiableSortedSet(variables);
    }

    /**
     * Parses {@code source}. Any problem with the text, including nesting deeper than 256
     * levels of parentheses, calls and exponents, is an {@link ExpressionException} naming the position; no other exception is thrown.
     */
    public static Expression parse(String source) {
        if (source == null) {
            throw new IllegalArgumentException("parse: the expression is null");
        }
        SortedSet<String> variables = new TreeSet<>();
        Node root = Parser.parse(source, variables);
        return new Expression(source, root, variables);
    }

    /** The names of the functions an expression can call, in the order the documentation lists them. */
    public static List<String> functions() {
        return Arrays.stream(Builtin.values()).map(Builtin::spelling).toList();
    }

    /** The variables the expression uses, in sorted order. */
    public SortedSet<String> variables() {
        return variables;
    }

    /**
     * The value of the expression as a scalar tensor, built from tensor operations: when some
     * values require grad, the result can be differentiated with {@code backward()} or
     * {@code Autograd.grad}. Values of variables the expression does not use are ignored.
     *
     * @throws IllegalArgumentException when a variable has no value, naming it
     */
    public Tensor evaluate(Map<String, Tensor> values) {
        List<String> missing = variables.stream().filter(v -> values.get(v) == null).collect(Collectors.toList());
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("evaluate: no value for " + (missing.size() == 1 ? "variable " : "variables ")
                    + missing.stream().map(v -> "'" + v + "'").collect(Collectors.joining(", ")));
        }
        return Evaluator.evaluate(root, values);
    }

    /**
     * The value at one point, each variable's value given by name: {@link #evaluate} on scalar
     * tensors, without recording a graph. Values of variables the expression does not use are ignored.
     *
     * @throws IllegalArgumentException when a variable has no value, naming it
     */
    public double valueAt(Map<String, Double> point) {
        Map<String, Tensor> values = new HashMap<>();
        point.forEach((name, v) -> values.put(name, Tensor.of(v)));
        Scope s = NoGrad.scope();
        try (s) {
            return evaluate(values).item();
        }
    }

    /** The expression fully parenthesised, showing how it was parsed: {@code -x^2} gives {@code (-(x ^ 2))}. */
    public String structure() {
        return Structure.of(root);
    }

    /** The text the expression was parsed from. */
    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return source;
    }
}
