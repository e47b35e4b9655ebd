package dev.descent.differential;

import com.fasterxml.jackson.databind.JsonNode;
import dev.descent.Autograd;
import dev.descent.Tensor;
import dev.descent.nn.Module;
import dev.descent.optim.Optimizer;
import dev.descent.optim.Sgd;
import dev.descent.optim.schedule.LrScheduler;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * Runs one fixture case against Descent and collects every difference from PyTorch:
 * the value, the gradients of {@code backward(u)}, of {@code backward()} of a scalar and of both
 * passes accumulated, the second-order gradient, and refusals.
 */
final class CaseRunner {
    private CaseRunner() {
    }

    /** Operations whose result is float64 whatever the input's type: indices, and numbers read out. */
    private static final java.util.Set<String> FLOAT64_RESULT = java.util.Set.of("argmax", "argmin", "item", "get",
            "toArray", "toArray2d", "allClose", "allFinite", "numel", "dim");

    /** A forward pass: the leaves to differentiate by (null for constants), their names and the output. */
    private record Built(List<Tensor> wrt, List<String> names, Tensor out, Module module) {
    }

    static void run(Fixtures.File file, JsonNode c) {
        switch (file.name()) {
            case "optimizers" -> optimizer(file, c);
            case "schedules" -> schedule(file, c);
            default -> tensorCase(file, c);
        }
    }

    // ---------------------------------------------------------------- ops, losses and layers

    private static void tensorCase(Fixtures.File file, JsonNode c) {
        String name = c.get("name").asText();
        Comparison cmp = Comparison.forCase(file, c);
        Supplier<Built> build = c.has("layer") ? layerBuilder(c) : opBuilder(c);
        if (c.has("refusal") || c.has("descentRefusesByDesign")) {
            String torch = c.has("refusal") ? "PyTorch refuses (" + c.get("refusal").get("torch").asText() + ")"
                    : "Descent refuses by design (" + c.get("descentRefusesByDesign").asText() + ")";
            String must = c.has("refusal") ? c.get("refusal").get("mustName").asText() : c.get("op").asText().split("\\.", -1)[0];
            expectRefusal(cmp, torch, must, () -> build.get().out());
            cmp.assertPassed(name);
            return;
        }
        JsonNode expect = c.get("expect");
        Built b;
        try {
            b = build.get();
        } catch (Throwable e) {
            cmp.fail("Descent threw " + describe(e) + ", but PyTorch accepts this case", e);
            cmp.assertPassed(name);
            return;
        }
        if (!compareOutput(cmp, b, expect, c.get("op").asText().split("\\.", -1)[0])) {
            cmp.assertPassed(name);
            return;
        }
        if (expect.has("stateAfter")) {
            Map<String, Tensor> state = b.module().stateDict();
            expect.get("stateAfter").properties().forEach(e ->
                    cmp.same("buffer " + e.getKey() + " after the forward pass", state.get(e.getKey()), e.getValue()));
        }
        if (expect.get("differentiable").asBoolean()) {
            JsonNode skip = c.get("skip");
            firstOrder(cmp, b, expect, skip);
            if (expect.has("second") && (skip == null || !skip.has("second"))) {
                secondOrder(cmp, build, expect);
            }
        }
        cmp.assertPassed(name);
    }

    private static Supplier<Built> opBuilder(JsonNode c) {
        DescentCalls.OpCall call = DescentCalls.lookup(DescentCalls.OPS, c.get("op").asText());
        Args args = new Args(c.get("args"));
        return () -> {
            List<Tensor> xs = new ArrayList<>();
            List<Tensor> wrt = new ArrayList<>();
            List<String> names = new ArrayList<>();
            int i = 0;
            for (JsonNode in : c.get("inputs")) {
                Tensor x = Fixtures.tensor(in);
                boolean grad = in.get("grad").asBoolean();
                xs.add(grad ? x.requiresGrad(true) : x);
                wrt.add(grad ? x : null);
                names.add("input " + i++);
            }
            return new Built(wrt, names, call.apply(xs, args), null);
        };
    }

    private static Supplier<Built> layerBuilder(JsonNode c) {
        return () -> {
            Module m = DescentCalls.layer(c.get("layer")).to(Fixtures.dtype());
            Map<String, Tensor> state = new LinkedHashMap<>();
            c.get("state").properties().forEach(e -> state.put(e.getKey(), Fixtures.tensor(e.getValue())));
            m.loadStateDict(state);
            m.train(c.get("train").asBoolean());
            for (JsonNode w : c.get("warmup")) {
                m.forward(Fixtures.tensor(w));
            }
            JsonNode in = c.get("inputs").get(0);
            boolean grad = in.get("grad").asBoolean();
            Tensor x = Fixtures.tensor(in);
            if (grad) {
                x.requiresGrad(true);
            }
            Tensor out = m.forward(x);
            List<Tensor> wrt = new ArrayList<>();
            List<String> names = new ArrayList<>();
            wrt.add(grad ? x : null);
            names.add("input");
            Map<String, Tensor> params = m.namedParameters();
            for (JsonNode p : c.get("params")) {
                Tensor t = params.get(p.asText());
                if (t == null) {
                    throw new IllegalStateException("the Descent layer has no parameter '" + p.asText() + "'; it has "
                            + params.keySet());
                }
                wrt.add(t);
                names.add(p.asText());
            }
            return new Built(wrt, names, out, m);
        };
    }

    private static boolean compareOutput(Comparison cmp, Built b, JsonNode expect, String op) {
        JsonNode out = expect.get("output");
        int[] shape = Fixtures.shape(out);
        if (b.out() == null || !java.util.Arrays.equals(b.out().shape().dims(), shape)) {
            cmp.same("value", b.out(), out);
            return false;
        }
        cmp.sameValue(b.out(), out);
        if (b.out().dtype() != Fixtures.dtype() && !FLOAT64_RESULT.contains(op) && b.wrt().size() > 0) {
            cmp.fail("the output is " + b.out().dtype() + " but the inputs are " + Fixtures.dtype());
        }
        boolean differentiable = expect.get("differentiable").asBoolean();
        if (differentiable && !b.out().requiresGrad()) {
            cmp.fail("the output does not require grad, but PyTorch's does");
            return false;
        }
        if (!differentiable && b.out().requiresGrad() && b.wrt().stream().anyMatch(t -> t != null)) {
            cmp.fail("the output requires grad, but PyTorch's does not (no gradient flows through this op)");
        }
        return true;
    }

    private static void firstOrder(Comparison cmp, Built b, JsonNode expect, JsonNode skip) {
        Tensor u = Fixtures.tensor(expect.get("upstream"));
        String step = "backward(u)";
        try {
            b.out().backward(u, true);
            grads(cmp, b, expect.get("gradUpstream"), "gradient (backward with upstream u)", skip, "gradUpstream");
            zero(b);
            step = "backward() of the " + (b.out().dim() == 0 ? "0-d output" : "sum");
            Tensor scalar = b.out().dim() == 0 ? b.out() : b.out().sum();
            scalar.backward(true);
            grads(cmp, b, expect.get("grad"), "gradient", skip, "grad");
            step = "a second backward(u) on top";
            b.out().backward(u, false);
            grads(cmp, b, expect.get("gradAccumulated"), "gradient after two backward passes", skip, "gradAccumulated");
        } catch (Throwable e) {
            cmp.fail(step + " threw " + describe(e), e);
        }
    }

    private static void grads(Comparison cmp, Built b, JsonNode expected, String what, JsonNode skip, String key) {
        if (skip != null && skip.has(key)) {
            return;
        }
        for (int i = 0; i < b.wrt().size(); i++) {
            Tensor leaf = b.wrt().get(i);
            if (leaf == null) {
                continue;
            }
            Tensor g = leaf.grad() == null ? Tensor.zerosLike(leaf) : leaf.grad();
            if (g.dtype() != leaf.dtype()) {
                cmp.fail(what + " of " + b.names().get(i) + " is " + g.dtype() + " but the input is " + leaf.dtype());
            }
            cmp.same(what + " of " + b.names().get(i), g, expected.get(i));
        }
    }

    private static void zero(Built b) {
        for (Tensor t : b.wrt()) {
            if (t != null) {
                t.zeroGrad();
            }
        }
    }

    private static void secondOrder(Comparison cmp, Supplier<Built> build, JsonNode expect) {
        JsonNode second = expect.get("second");
        try {
            Built b = build.get();
            List<Tensor> leaves = new ArrayList<>();
            List<Integer> at = new ArrayList<>();
            for (int i = 0; i < b.wrt().size(); i++) {
                if (b.wrt().get(i) != null) {
                    leaves.add(b.wrt().get(i));
                    at.add(i);
                }
            }
            Tensor loss = b.out().mul(Fixtures.tensor(expect.get("upstream"))).sum();
            List<Tensor> first = Autograd.grad(loss, leaves, true);
            Tensor s = null;
            for (int k = 0; k < leaves.size(); k++) {
                Tensor term = first.get(k).mul(Fixtures.tensor(second.get("v").get(at.get(k)))).sum();
                s = s == null ? term : s.add(term);
            }
            List<Tensor> h = new ArrayList<>();
            if (s != null && s.requiresGrad()) {
                h = Autograd.grad(s, leaves, false);
            } else {
                for (Tensor l : leaves) {
                    h.add(Tensor.zerosLike(l));
                }
            }
            Iterator<Tensor> it = h.iterator();
            for (int k = 0; k < leaves.size(); k++) {
                int i = at.get(k);
                cmp.same("second-order gradient of " + b.names().get(i), it.next(), second.get("grad").get(i));
            }
        } catch (Throwable e) {
            cmp.fail("the second-order gradient threw " + describe(e), e);
        }
    }

    // ---------------------------------------------------------------- refusals

    private static void expectRefusal(Comparison cmp, String torch, String must, Supplier<Object> action) {
        Object result;
        try {
            result = action.get();
        } catch (IllegalArgumentException | IllegalStateException e) {
            if (!names(e.getMessage(), must)) {
                cmp.fail(torch + " and Descent refuses, but its message does not name '" + must + "': "
                        + describe(e), e);
            }
            return;
        } catch (Throwable e) {
            cmp.fail(torch + " but Descent threw " + describe(e) + " instead of an IllegalArgumentException or"
                    + " IllegalStateException naming '" + must + "'", e);
            return;
        }
        String got = result instanceof Tensor t ? "returned a tensor of shape " + t.shape() + " " + t : "accepted it";
        cmp.fail(torch + " but Descent " + got);
    }

    /** The message names the op as Descent's format does: {@code op: ...} or {@code Layer(...): ...}. */
    static boolean names(String message, String op) {
        return message != null && (message.startsWith(op + ":") || message.startsWith(op + "(")
                || message.contains(" " + op + ":") || message.contains(" " + op + "(")
                || message.contains("." + op + ":") || message.contains("'" + op + "'"));
    }

    private static String describe(Throwable e) {
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    // ---------------------------------------------------------------- optimizers

    private static List<Tensor> params(JsonNode c) {
        List<Tensor> params = new ArrayList<>();
        for (JsonNode p : c.get("params")) {
            params.add(Fixtures.tensor(p).requiresGrad(true));
        }
        return params;
    }

    private static void optimizer(Fixtures.File file, JsonNode c) {
        String name = c.get("name").asText();
        String key = c.get("op").asText();
        Comparison cmp = Comparison.forCase(file, c);
        BiFunction<List<Tensor>, Args, Optimizer> factory = DescentCalls.lookup(DescentCalls.OPTIMIZERS, key);
        Args options = new Args(c.get("options"));
        List<Tensor> params = params(c);
        if (c.has("refusal")) {
            expectRefusal(cmp, "PyTorch refuses (" + c.get("refusal").get("torch").asText() + ")",
                    c.get("refusal").get("mustName").asText(), () -> factory.apply(params, options));
            cmp.assertPassed(name);
            return;
        }
        Optimizer opt;
        try {
            opt = factory.apply(params, options);
        } catch (Throwable e) {
            cmp.fail("Descent refuses these options, but PyTorch accepts them: " + describe(e), e);
            cmp.assertPassed(name);
            return;
        }
        JsonNode steps = c.get("expect").get("steps");
        try {
            for (int k = 0; k < steps.size() && !cmp.failed(); k++) {
                JsonNode step = steps.get(k);
                setGrads(opt, params, step.get("grads"));
                opt.step();
                for (int i = 0; i < params.size(); i++) {
                    cmp.same("step " + (k + 1) + ": parameter " + i, params.get(i), step.get("params").get(i));
                }
            }
            if (!cmp.failed()) {
                Map<String, Tensor> state = opt.stateDict();
                c.get("expect").get("state").properties().forEach(e -> cmp.same("state '" + e.getKey()
                        + "' after " + steps.size() + " steps", state.get(e.getKey()), e.getValue()));
            }
        } catch (Throwable e) {
            cmp.fail("a step threw " + describe(e), e);
        }
        cmp.assertPassed(name);
    }

    /** Makes each parameter's grad exactly the fixture's (d/dp Σ p·g = g), or null where the fixture has none. */
    private static void setGrads(Optimizer opt, List<Tensor> params, JsonNode grads) {
        opt.zeroGrad();
        Tensor total = null;
        for (int i = 0; i < params.size(); i++) {
            if (!grads.get(i).isNull()) {
                Tensor term = params.get(i).mul(Fixtures.tensor(grads.get(i))).sum();
                total = total == null ? term : total.add(term);
            }
        }
        if (total != null) {
            total.backward();
        }
    }

    // ---------------------------------------------------------------- schedules

    private static void schedule(Fixtures.File file, JsonNode c) {
        String name = c.get("name").asText();
        Comparison cmp = Comparison.forCase(file, c);
        List<Tensor> params = params(c);
        Args o = new Args(c.get("options"));
        try {
            Sgd sgd = new Sgd(params, new Sgd.Options(o.d("lr"), o.d("momentum"), o.d("dampening"), o.b("nesterov"),
                    o.d("weightDecay"), false));
            LrScheduler scheduler = new LrScheduler(sgd, DescentCalls.schedule(c.get("schedule")));
            JsonNode lrs = c.get("expect").get("lrs");
            JsonNode steps = c.get("expect").get("steps");
            for (int e = 0; e < c.get("epochs").asInt() && !cmp.failed(); e++) {
                cmp.same("learning rate of epoch " + e, sgd.learningRate(), Fixtures.number(lrs.get(e)));
                setGrads(sgd, params, steps.get(e).get("grads"));
                sgd.step();
                for (int i = 0; i < params.size(); i++) {
                    cmp.same("epoch " + e + ": parameter " + i, params.get(i), steps.get(e).get("params").get(i));
                }
                scheduler.step();
            }
        } catch (Throwable e) {
            cmp.fail("Descent threw " + describe(e), e);
        }
        cmp.assertPassed(name);
    }
}
