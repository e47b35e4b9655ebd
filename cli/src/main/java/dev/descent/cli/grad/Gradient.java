package dev.descent.cli.grad;

import dev.descent.Autograd;
import dev.descent.Tensor;
import dev.descent.cli.common.UserError;
import dev.descent.expr.Expression;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The value, gradient and optionally Hessian of an expression at a point, by reverse-mode
 * autograd: the gradient is one backward pass, the Hessian one more per variable through the
 * gradient's own graph.
 *
 * @param variables the expression's variables, sorted; the order of {@code gradient} and of the
 *                  Hessian's rows and columns
 * @param point     the value of each variable, in the same order
 * @param hessian   {@code hessian[i][j] = ∂²f/∂xᵢ∂xⱼ}, or null when not asked for
 */
record Gradient(String expression, List<String> variables, double[] point, double value, double[] gradient,
                double[][] hessian) {

    /** Differentiates {@code expression} at {@code at}; a variable without a value is a {@link UserError} naming it. */
    static Gradient of(Expression expression, Map<String, Double> at, boolean withHessian) {
        List<String> names = new ArrayList<>(expression.variables());
        requireValues(names, at);
        Map<String, Tensor> leaves = new LinkedHashMap<>();
        double[] point = new double[names.size()];
        for (int i = 0; i < point.length; i++) {
            point[i] = at.get(names.get(i));
            leaves.put(names.get(i), Tensor.of(point[i]).requiresGrad(true));
        }
        List<Tensor> inputs = List.copyOf(leaves.values());
        Tensor out = expression.evaluate(leaves);
        // The Hessian differentiates the gradient again, so the gradient must itself be recorded.
        List<Tensor> first = Autograd.grad(out, inputs, withHessian);
        double[] gradient = first.stream().mapToDouble(Tensor::item).toArray();
        double[][] hessian = null;
        if (withHessian) {
            hessian = new double[names.size()][];
            for (int i = 0; i < hessian.length; i++) {
                List<Tensor> row = Autograd.grad(first.get(i), inputs, false, true);
                hessian[i] = row.stream().mapToDouble(Tensor::item).toArray();
            }
        }
        return new Gradient(expression.source(), List.copyOf(names), point, out.item(), gradient, hessian);
    }

    private static void requireValues(List<String> names, Map<String, Double> at) {
        List<String> missing = names.stream().filter(n -> !at.containsKey(n)).collect(Collectors.toList());
        if (missing.size() == 1) {
            String name = missing.get(0);
            throw new UserError("no value for variable '" + name + "'; give it one with --at " + name + "=VALUE");
        }
        if (!missing.isEmpty()) {
            throw new UserError("no values for variables " + missing.stream().map(n -> "'" + n + "'")
                    .collect(Collectors.joining(", ")) + "; give them with --at "
                    + missing.stream().map(n -> n + "=VALUE").collect(Collectors.joining(",")));
        }
    }
}
