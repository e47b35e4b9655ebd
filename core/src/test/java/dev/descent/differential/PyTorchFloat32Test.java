package dev.descent.differential;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.descent.DType;
import dev.descent.Tensor;
import dev.descent.nn.Linear;
import dev.descent.nn.Loss;
import dev.descent.nn.Module;
import dev.descent.nn.ReLU;
import dev.descent.nn.Sequential;
import dev.descent.optim.Adam;
import dev.descent.optim.Optimizer;
import dev.descent.optim.Sgd;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Descent in float32 against PyTorch in float32 ({@code differential/float32.json}, written by
 * {@code core/src/test/python/pytorch_float32_reference.py}): the same float32 inputs, both computing
 * in float32, for the operations a training run spends its time in and for short training runs.
 *
 * <p>The two round in different orders (torch's vectorised sums and its own matmul blocking), so
 * results agree to a few float32 roundings, not bit for bit: |Descent − torch| ≤ c·ε₃₂·(|torch| +
 * max|torch|), the normwise term for sums of terms of both signs. c = {@value #FACTOR}: each
 * operation here rounds once per element plus the error of a sum of up to 8192 terms, which for
 * torch's blocked float32 sums is a few ε₃₂ (measured: at most 4·ε₃₂ on these cases).
 */
class PyTorchFloat32Test {
    private static final int FACTOR = 16;
    private static final DType F32 = DType.FLOAT32;

    /** Each fixture op in Descent, by the fixture's name. */
    private static final Map<String, Function<List<Tensor>, Tensor>> OPS = Map.ofEntries(
            Map.entry("neg", in -> in.get(0).neg()),
            Map.entry("exp", in -> in.get(0).exp()),
            Map.entry("log", in -> in.get(0).log()),
            Map.entry("log1p", in -> in.get(0).log1p()),
            Map.entry("sqrt", in -> in.get(0).sqrt()),
            Map.entry("sin", in -> in.get(0).sin()),
            Map.entry("cos", in -> in.get(0).cos()),
            Map.entry("tanh", in -> in.get(0).tanh()),
            Map.entry("sigmoid", in -> in.get(0).sigmoid()),
            Map.entry("relu", in -> in.get(0).relu()),
            Map.entry("pow", in -> in.get(0).pow(3.0)),
            Map.entry("add", in -> in.get(0).add(in.get(1))),
            Map.entry("sub", in -> in.get(0).sub(in.get(1))),
            Map.entry("mul", in -> in.get(0).mul(in.get(1))),
            Map.entry("div", in -> in.get(0).div(in.get(1))),
            Map.entry("maximum", in -> in.get(0).maximum(in.get(1))),
            Map.entry("sum", in -> in.get(0).sum()),
            Map.entry("sum.dim", in -> in.get(0).sum(1)),
            Map.entry("mean", in -> in.get(0).mean()),
            Map.entry("max.dim", in -> in.get(0).max(0, false)),
            Map.entry("softmax", in -> in.get(0).softmax(-1)),
            Map.entry("logSoftmax", in -> in.get(0).logSoftmax(-1)),
            Map.entry("logSumExp", in -> in.get(0).logSumExp(-1, false)),
            Map.entry("matmul", in -> in.get(0).matmul(in.get(1))),
            Map.entry("matmul.large", in -> in.get(0).matmul(in.get(1))),
            Map.entry("linear", in -> in.get(0).linear(in.get(1), in.get(2))),
            Map.entry("mse", in -> Loss.mse(in.get(0), in.get(1))),
            Map.entry("crossEntropy", in -> Loss.crossEntropy(in.get(0), in.get(1))),
            Map.entry("conv2d", in -> in.get(0).conv2d(in.get(1), in.get(2), new int[] {1}, new int[] {1},
                    new int[] {1}, 1)),
            Map.entry("conv2d.options", in -> in.get(0).conv2d(in.get(1), in.get(2), new int[] {2}, new int[] {2},
                    new int[] {2}, 2)),
            Map.entry("maxPool2d", in -> in.get(0).maxPool2d(new int[] {3}, new int[] {2}, new int[] {1},
                    new int[] {1})),
            Map.entry("avgPool2d", in -> in.get(0).avgPool2d(new int[] {2}, null, new int[] {0})),
            Map.entry("adaptiveAvgPool2d", in -> in.get(0).adaptiveAvgPool2d(3, 2)));

    private static final JsonNode DOCUMENT = Fixtures.load("float32").document();

    @TestFactory
    Stream<DynamicTest> ops() {
        List<JsonNode> cases = new ArrayList<>();
        DOCUMENT.get("ops").forEach(cases::add);
        assertThat(cases).extracting(c -> c.get("name").asText()).containsExactlyInAnyOrderElementsOf(OPS.keySet());
        return cases.stream().map(c -> DynamicTest.dynamicTest("float32 as torch: " + c.get("name").asText(), () -> op(c)));
    }

    private static void op(JsonNode c) {
        String name = c.get("name").asText();
        List<Tensor> inputs = new ArrayList<>();
        boolean crossEntropy = name.equals("crossEntropy");
        for (int i = 0; i < c.get("inputs").size(); i++) {
            Tensor t = float32(c.get("inputs").get(i));
            // the class indices of cross-entropy are a float64 index tensor (torch: int64)
            boolean indices = crossEntropy && i == 1;
            inputs.add(indices ? t.to(DType.FLOAT64) : t.requiresGrad(true));
        }
        Tensor out = OPS.get(name).apply(inputs);
        assertThat(out.dtype()).as(name + " of float32 inputs").isEqualTo(F32);
        close(name + " value", out, c.get("expect").get("output"));
        out.backward(float32(c.get("upstream")));
        JsonNode grads = c.get("expect").get("grads");
        for (int i = 0; i < inputs.size(); i++) {
            if (!grads.get(i).isNull()) {
                assertThat(inputs.get(i).grad().dtype()).isEqualTo(F32);
                close(name + " gradient of input " + i, inputs.get(i).grad(), grads.get(i));
            }
        }
    }

    /**
     * Training runs from torch's initial weights: the loss at every step and the final weights. The
     * runs are full-batch and deterministic, so the only difference is rounding order, which the
     * steps carry forward and the optimizer may amplify (Adam divides by √v, large where v is tiny);
     * 1e-4 relative to each tensor's largest value allows ~800·ε₃₂ after 30 steps, still a hundredth
     * of what the training moves the weights (checked, so that a run that does not train cannot pass).
     */
    @TestFactory
    Stream<DynamicTest> training() {
        List<JsonNode> runs = new ArrayList<>();
        DOCUMENT.get("training").forEach(runs::add);
        assertThat(runs).isNotEmpty();
        return runs.stream().map(r -> DynamicTest.dynamicTest("float32 training as torch: " + r.get("name").asText(),
                () -> train(r)));
    }

    private static void train(JsonNode run) {
        Random unused = new Random(0);
        Module model = new Sequential(new Linear(20, 32, unused), new ReLU(), new Linear(32, 32, unused), new ReLU(),
                new Linear(32, 5, unused)).to(F32);
        Map<String, Tensor> start = new LinkedHashMap<>();
        run.get("start").properties().forEach(e -> start.put(e.getKey(), float32(e.getValue())));
        model.loadStateDict(start);
        JsonNode o = run.get("optimizer");
        Optimizer optimizer = o.get("type").asText().equals("Sgd")
                ? new Sgd(model.parameters(), Sgd.Options.lr(o.get("lr").asDouble()).withMomentum(o.get("momentum").asDouble()))
                : new Adam(model.parameters(), Adam.Options.lr(o.get("lr").asDouble()));
        Tensor x = float32(run.get("x"));
        Tensor y = float32(run.get("y")).to(DType.FLOAT64);
        JsonNode losses = run.get("losses");
        for (int step = 0; step < losses.size(); step++) {
            optimizer.zeroGrad();
            Tensor loss = Loss.crossEntropy(model.forward(x), y);
            assertThat(loss.dtype()).isEqualTo(F32);
            loss.backward();
            optimizer.step();
            double expected = losses.get(step).asDouble();
            assertThat(Math.abs(loss.item() - expected)).as("loss at step " + step + ": " + loss.item() + " vs torch "
                    + expected).isLessThanOrEqualTo(1e-4 * Math.max(1, Math.abs(expected)));
        }
        Map<String, Tensor> state = model.stateDict();
        run.get("final").properties().forEach(e -> {
            Tensor expected = float32(e.getValue());
            Tensor actual = state.get(e.getKey());
            double scale = expected.abs().max().item();
            double diff = actual.sub(expected).abs().max().item();
            double moved = expected.sub(start.get(e.getKey())).abs().max().item();
            assertThat(actual.dtype()).isEqualTo(F32);
            assertThat(diff).as(e.getKey() + " after training").isLessThanOrEqualTo(1e-4 * scale);
            assertThat(moved).as("how far training moved " + e.getKey()).isGreaterThan(100 * diff);
        });
    }

    /** A fixture tensor as float32 (the fixture's values are float32 values, so the cast is exact). */
    private static Tensor float32(JsonNode node) {
        return Tensor.of(Fixtures.values(node.get("data")), dev.descent.Shape.of(Fixtures.shape(node))).to(F32);
    }

    private static void close(String what, Tensor actual, JsonNode expectedNode) {
        double[] a = actual.toArray();
        double[] e = Fixtures.values(expectedNode.get("data"));
        assertThat(actual.shape().dims()).as(what + " shape").containsExactly(Fixtures.shape(expectedNode));
        double scale = 0;
        for (double v : e) {
            scale = Math.max(scale, Math.abs(v));
        }
        double tol = FACTOR * F32.eps();
        for (int i = 0; i < e.length; i++) {
            assertThat(Math.abs(a[i] - e[i])).as(what + " at " + i + ": " + a[i] + " vs torch " + e[i])
                    .isLessThanOrEqualTo(tol * (Math.abs(e[i]) + scale));
        }
    }
}
