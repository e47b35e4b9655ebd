package dev.descent;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Every differentiable operation with inputs where it is smooth (away from kinks and ties), with
 * broadcasting cases: the single list that drives first- and second-order gradchecks.
 */
final class OpCatalogue {
    /** One operation to check: its public method name, a label, the function and its inputs. */
    record Case(String method, String label, Function<List<Tensor>, Tensor> f, List<Tensor> inputs) {
        @Override
        public String toString() {
            return label;
        }
    }

    private final Random rng = new Random(1234);
    private final List<Case> cases = new ArrayList<>();

    static List<Case> all() {
        return new OpCatalogue().build();
    }

    private Tensor any(int... shape) {
        return Tensor.uniform(rng, -2, 2, shape).requiresGrad(true);
    }

    private Tensor positive(int... shape) {
        return Tensor.uniform(rng, 0.5, 2, shape).requiresGrad(true);
    }

    /** Values at least 0.2 away from 0, where relu, abs and leakyRelu have kinks. */
    private Tensor awayFromZero(int... shape) {
        Tensor t = Tensor.uniform(rng, 0.2, 2, shape);
        Tensor sign = Tensor.uniform(rng, -1, 1, shape).gt(0).mul(2).sub(1);
        return t.mul(sign).requiresGrad(true);
    }

    private Tensor constant(Tensor t) {
        return t.detach().clone();
    }

    private void add(String method, String label, Function<List<Tensor>, Tensor> f, Tensor... inputs) {
        cases.add(new Case(method, label, f, List.of(inputs)));
    }

    private List<Case> build() {
        unary();
        binary();
        reductions();
        movement();
        products();
        convolution();
        return cases;
    }

    private void unary() {
        add("neg", "neg", x -> x.get(0).neg(), any(3, 4));
        add("exp", "exp", x -> x.get(0).exp(), any(3, 4));
        add("log", "log", x -> x.get(0).log(), positive(3, 4));
        add("sqrt", "sqrt", x -> x.get(0).sqrt(), positive(3, 4));
        add("log1p", "log1p", x -> x.get(0).log1p(), Tensor.uniform(rng, -0.5, 2, 3, 4).requiresGrad(true));
        add("softplus", "softplus", x -> x.get(0).softplus(), any(3, 4));
        add("abs", "abs", x -> x.get(0).abs(), awayFromZero(3, 4));
        add("sin", "sin", x -> x.get(0).sin(), any(3, 4));
        add("cos", "cos", x -> x.get(0).cos(), any(3, 4));
        add("tan", "tan", x -> x.get(0).tan(), Tensor.uniform(rng, -1, 1, 3, 4).requiresGrad(true));
        add("tanh", "tanh", x -> x.get(0).tanh(), any(3, 4));
        add("sigmoid", "sigmoid", x -> x.get(0).sigmoid(), any(3, 4));
        add("relu", "relu", x -> x.get(0).relu(), awayFromZero(3, 4));
        add("leakyRelu", "leakyRelu(0.1)", x -> x.get(0).leakyRelu(0.1), awayFromZero(3, 4));
        add("square", "square", x -> x.get(0).square(), any(3, 4));
        add("pow", "pow(3)", x -> x.get(0).pow(3), any(3, 4));
        add("pow", "pow(0.5)", x -> x.get(0).pow(0.5), positive(3, 4));
        add("pow", "pow(-1.5)", x -> x.get(0).pow(-1.5), positive(3, 4));
        add("clamp", "clamp(-1, 1)", x -> x.get(0).clamp(-1, 1),
                Tensor.of(new double[] {-1.7, -0.6, 0.3, 0.8, 1.4, -0.2}).requiresGrad(true));
    }

    private void binary() {
        add("add", "add [3,4]+[3,4]", x -> x.get(0).add(x.get(1)), any(3, 4), any(3, 4));
        add("add", "add [3,4]+[4]", x -> x.get(0).add(x.get(1)), any(3, 4), any(4));
        add("add", "add [3,1]+[1,4]", x -> x.get(0).add(x.get(1)), any(3, 1), any(1, 4));
        add("add", "add scalar", x -> x.get(0).add(2.5), any(3, 4));
        add("sub", "sub [2,3,4]-[3,1]", x -> x.get(0).sub(x.get(1)), any(2, 3, 4), any(3, 1));
        add("sub", "sub scalar", x -> x.get(0).sub(0.5), any(3));
        add("mul", "mul [3,4]*[4]", x -> x.get(0).mul(x.get(1)), any(3, 4), any(4));
        add("mul", "mul []*[3,4]", x -> x.get(0).mul(x.get(1)), any(), any(3, 4));
        add("mul", "mul shared operand", x -> x.get(0).mul(x.get(0)), any(3, 4));
        add("mul", "mul scalar", x -> x.get(0).mul(-3.0), any(3, 4));
        add("div", "div [3,4]/[3,1]", x -> x.get(0).div(x.get(1)), any(3, 4), positive(3, 1));
        add("div", "div scalar", x -> x.get(0).div(4.0), any(3, 4));
        add("pow", "pow tensor exponent", x -> x.get(0).pow(x.get(1)), positive(3, 4), any(4));
        add("maximum", "maximum [3,4],[4]", x -> x.get(0).maximum(x.get(1)), any(3, 4), any(4));
        add("minimum", "minimum [3,4],[3,4]", x -> x.get(0).minimum(x.get(1)), any(3, 4), any(3, 4));
        Tensor cond = Tensor.uniform(rng, -1, 1, 3, 4).gt(0);
        add("where", "where broadcast", x -> Tensor.where(cond, x.get(0), x.get(1)), any(3, 4), any(4));
    }

    private void reductions() {
        add("sum", "sum all", x -> x.get(0).sum(), any(3, 4));
        add("sum", "sum dim 1", x -> x.get(0).sum(1), any(3, 4));
        add("sum", "sum dims 0,2 keepDim", x -> x.get(0).sum(new int[] {0, 2}, true), any(2, 3, 4));
        add("mean", "mean all", x -> x.get(0).mean(), any(3, 4));
        add("mean", "mean dim 0 keepDim", x -> x.get(0).mean(0, true), any(3, 4));
        add("mean", "mean dims", x -> x.get(0).mean(new int[] {1, 2}, false), any(2, 3, 4));
        add("max", "max all", x -> x.get(0).max(), any(3, 4));
        add("max", "max dim 1", x -> x.get(0).max(1, false), any(3, 4));
        add("min", "min all", x -> x.get(0).min(), any(3, 4));
        add("min", "min dim 0 keepDim", x -> x.get(0).min(0, true), any(3, 4));
        add("var", "var all", x -> x.get(0).var(), any(3, 4));
        add("var", "var dim 1", x -> x.get(0).var(1, false), any(3, 4));
        add("std", "std all", x -> x.get(0).std(), any(3, 4));
        add("std", "std dim 0", x -> x.get(0).std(0, true), any(3, 4));
        add("var", "var dims 0,2 population", x -> x.get(0).var(new int[] {0, 2}, 0, true), any(2, 3, 4));
        add("std", "std dims 1,2 correction 2", x -> x.get(0).std(new int[] {1, 2}, 2, false), any(2, 3, 4));
        add("logSumExp", "logSumExp dim 1", x -> x.get(0).logSumExp(1, false), any(3, 4));
        add("logSumExp", "logSumExp dims 0,2 keepDim", x -> x.get(0).logSumExp(new int[] {0, 2}, true), any(2, 3, 4));
        add("logSumExp", "logSumExp of a scalar", x -> x.get(0).logSumExp(-1, false), any());
        add("softmax", "softmax of a scalar", x -> x.get(0).softmax(0).mul(x.get(0)), any());
        add("softmax", "softmax dim 1", x -> x.get(0).softmax(1), any(3, 4));
        add("softmax", "softmax dim 0", x -> x.get(0).softmax(0), any(3, 4));
        add("logSoftmax", "logSoftmax dim -1", x -> x.get(0).logSoftmax(-1), any(2, 3, 4));
    }

    private void movement() {
        add("reshape", "reshape", x -> x.get(0).reshape(4, -1), any(2, 6));
        add("flatten", "flatten", x -> x.get(0).flatten(), any(2, 3));
        add("clone", "clone", x -> x.get(0).clone().square(), any(2, 3));
        add("permute", "permute", x -> x.get(0).permute(2, 0, 1), any(2, 3, 4));
        add("transpose", "transpose", x -> x.get(0).transpose(), any(3, 4));
        add("transpose", "transpose dims", x -> x.get(0).transpose(0, 2), any(2, 3, 4));
        add("expand", "expand", x -> x.get(0).expand(2, 3, 4), any(3, 1));
        add("squeeze", "squeeze", x -> x.get(0).squeeze(), any(3, 1, 4));
        add("squeeze", "squeeze dim", x -> x.get(0).squeeze(1), any(3, 1, 4));
        add("unsqueeze", "unsqueeze", x -> x.get(0).unsqueeze(1), any(3, 4));
        add("slice", "slice dim 1", x -> x.get(0).slice(1, 1, 3), any(3, 4));
        add("slice", "slice negative", x -> x.get(0).slice(0, -2, 3), any(3, 4));
        add("select", "select row", x -> x.get(0).select(0, 1), any(3, 4));
        add("select", "select negative index dim -1", x -> x.get(0).select(-1, -2).square(), any(2, 3, 4));
        add("indexSelect", "indexSelect rows with repeats", x -> x.get(0).indexSelect(0, 2, 0, 2), any(3, 4));
        add("indexSelect", "indexSelect dim 1", x -> x.get(0).indexSelect(1, 3, 1), any(3, 4));
        // Squared, so that the gradient depends on x and second order runs through indexAdd's own rule.
        add("indexSelect", "indexSelect squared", x -> x.get(0).indexSelect(0, 1, 1).square(), any(3, 4));
        Tensor index = Tensor.of(new double[][] {{0, 2}, {1, 1}, {3, 0}});
        add("gather", "gather dim 1", x -> x.get(0).gather(1, index), any(3, 4));
        add("gather", "gather squared", x -> x.get(0).gather(1, index).square(), any(3, 4));
        Tensor smaller = Tensor.of(new double[][] {{3, 3}, {0, 1}});
        add("gather", "gather with an index smaller than the input", x -> x.get(0).gather(1, smaller).square(), any(3, 4));
        add("cat", "cat dim 0", x -> Tensor.cat(List.of(x.get(0), x.get(1)), 0), any(2, 3), any(1, 3));
        Tensor fixed = constant(any(2, 2));
        add("cat", "cat dim 1 with a constant", x -> Tensor.cat(List.of(x.get(0), fixed), 1), any(2, 3));
        add("stack", "stack dim 1", x -> Tensor.stack(List.of(x.get(0), x.get(1)), 1), any(2, 3), any(2, 3));
    }

    private void products() {
        add("matmul", "matmul vector·vector", x -> x.get(0).matmul(x.get(1)), any(4), any(4));
        add("matmul", "matmul matrix·vector", x -> x.get(0).matmul(x.get(1)), any(3, 4), any(4));
        add("matmul", "matmul vector·matrix", x -> x.get(0).matmul(x.get(1)), any(3), any(3, 4));
        add("matmul", "matmul matrix·matrix", x -> x.get(0).matmul(x.get(1)), any(3, 4), any(4, 2));
        add("matmul", "matmul batched·matrix", x -> x.get(0).matmul(x.get(1)), any(2, 3, 4), any(4, 5));
        add("matmul", "matmul broadcast batches", x -> x.get(0).matmul(x.get(1)), any(2, 1, 3, 4), any(3, 4, 2));
        add("linear", "linear batch", x -> x.get(0).linear(x.get(1), x.get(2)), any(3, 4), any(2, 4), any(2));
        add("linear", "linear one sample", x -> x.get(0).linear(x.get(1), x.get(2)), any(4), any(2, 4), any(2));
        add("linear", "linear batched without bias", x -> x.get(0).linear(x.get(1), null), any(2, 3, 4), any(2, 4));
    }

    private void convolution() {
        int[] one = {1};
        int[] zero = {0};
        add("conv2d", "conv2d", x -> x.get(0).conv2d(x.get(1), x.get(2)), any(2, 2, 5, 4), any(3, 2, 3, 2), any(3));
        add("conv2d", "conv2d one image without bias", x -> x.get(0).conv2d(x.get(1), null), any(2, 4, 4), any(2, 2, 2, 2));
        add("conv2d", "conv2d stride 2, padding (1, 2), dilation 2",
                x -> x.get(0).conv2d(x.get(1), x.get(2), new int[] {2}, new int[] {1, 2}, new int[] {2}, 1),
                any(2, 1, 6, 5), any(2, 1, 2, 3), any(2));
        add("conv2d", "conv2d groups 2",
                x -> x.get(0).conv2d(x.get(1), x.get(2), one, one, one, 2), any(1, 4, 4, 4), any(6, 2, 3, 3), any(6));
        add("maxPool2d", "maxPool2d 2×2", x -> x.get(0).maxPool2d(new int[] {2}, null, zero, one), any(2, 2, 4, 5));
        add("maxPool2d", "maxPool2d 3×3 stride 2 padding 1 dilation (1, 2)",
                x -> x.get(0).maxPool2d(new int[] {3}, new int[] {2}, one, new int[] {1, 2}), any(1, 2, 5, 6));
        add("avgPool2d", "avgPool2d 2×2", x -> x.get(0).avgPool2d(new int[] {2}, null, zero), any(2, 2, 4, 5));
        add("avgPool2d", "avgPool2d 3×2 stride 1 padding 1",
                x -> x.get(0).avgPool2d(new int[] {3, 2}, one, one), any(2, 3, 4));
        add("adaptiveAvgPool2d", "adaptiveAvgPool2d 5×7 → 3×2", x -> x.get(0).adaptiveAvgPool2d(3, 2), any(2, 2, 5, 7));
    }
}
