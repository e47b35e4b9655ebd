package dev.descent.differential;

import com.fasterxml.jackson.databind.JsonNode;
import dev.descent.Autograd;
import dev.descent.NoGrad;
import dev.descent.Scope;
import dev.descent.Shape;
import dev.descent.Tensor;
import dev.descent.nn.AdaptiveAvgPool2d;
import dev.descent.nn.AvgPool2d;
import dev.descent.nn.BatchNorm;
import dev.descent.nn.BatchNorm1d;
import dev.descent.nn.BatchNorm2d;
import dev.descent.nn.Conv2d;
import dev.descent.nn.Dropout;
import dev.descent.nn.Dropout2d;
import dev.descent.nn.Flatten;
import dev.descent.nn.LayerNorm;
import dev.descent.nn.LeakyReLU;
import dev.descent.nn.Linear;
import dev.descent.nn.Loss;
import dev.descent.nn.MaxPool2d;
import dev.descent.nn.Module;
import dev.descent.nn.ReLU;
import dev.descent.nn.Sequential;
import dev.descent.nn.Sigmoid;
import dev.descent.nn.Tanh;
import dev.descent.nn.Unflatten;
import dev.descent.optim.Adagrad;
import dev.descent.optim.Adam;
import dev.descent.optim.AdamW;
import dev.descent.optim.Optimizer;
import dev.descent.optim.RmsProp;
import dev.descent.optim.Sgd;
import dev.descent.optim.schedule.CosineAnnealingLr;
import dev.descent.optim.schedule.ExponentialLr;
import dev.descent.optim.schedule.LinearWarmup;
import dev.descent.optim.schedule.LrLambda;
import dev.descent.optim.schedule.StepLr;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * What each fixture key means in Descent: one line per key. The Python script's {@code OPS} table
 * says what the same key means in torch. Adding an op is one line here and one there.
 */
final class DescentCalls {
    /** A Descent call on the case's input tensors (fresh leaves, in fixture order) and arguments. */
    @FunctionalInterface
    interface OpCall {
        Tensor apply(List<Tensor> x, Args a);
    }

    static final Map<String, OpCall> OPS = new LinkedHashMap<>();
    static final Map<String, Function<Args, Module>> LAYERS = new LinkedHashMap<>();
    static final Map<String, BiFunction<List<Tensor>, Args, Optimizer>> OPTIMIZERS = new LinkedHashMap<>();
    static final Map<String, Function<Args, LrLambda>> SCHEDULES = new LinkedHashMap<>();

    private DescentCalls() {
    }

    private static void op(String key, OpCall call) {
        if (OPS.put(key, call) != null) {
            throw new IllegalStateException("op " + key + " mapped twice");
        }
    }

    static {
        // elementwise
        op("add", (x, a) -> x.get(0).add(x.get(1)));
        op("add.scalar", (x, a) -> x.get(0).add(a.d("value")));
        op("sub", (x, a) -> x.get(0).sub(x.get(1)));
        op("sub.scalar", (x, a) -> x.get(0).sub(a.d("value")));
        op("mul", (x, a) -> x.get(0).mul(x.get(1)));
        op("mul.scalar", (x, a) -> x.get(0).mul(a.d("value")));
        op("mul.self", (x, a) -> x.get(0).mul(x.get(0)));
        op("div", (x, a) -> x.get(0).div(x.get(1)));
        op("div.scalar", (x, a) -> x.get(0).div(a.d("value")));
        op("neg", (x, a) -> x.get(0).neg());
        op("pow.scalar", (x, a) -> x.get(0).pow(a.d("exponent")));
        op("pow", (x, a) -> x.get(0).pow(x.get(1)));
        op("square", (x, a) -> x.get(0).square());
        op("exp", (x, a) -> x.get(0).exp());
        op("log", (x, a) -> x.get(0).log());
        op("log1p", (x, a) -> x.get(0).log1p());
        op("softplus", (x, a) -> x.get(0).softplus());
        op("sqrt", (x, a) -> x.get(0).sqrt());
        op("abs", (x, a) -> x.get(0).abs());
        op("sin", (x, a) -> x.get(0).sin());
        op("cos", (x, a) -> x.get(0).cos());
        op("tan", (x, a) -> x.get(0).tan());
        op("tanh", (x, a) -> x.get(0).tanh());
        op("sigmoid", (x, a) -> x.get(0).sigmoid());
        op("relu", (x, a) -> x.get(0).relu());
        op("leakyRelu", (x, a) -> x.get(0).leakyRelu(a.d("slope")));
        op("clamp", (x, a) -> x.get(0).clamp(a.d("min"), a.d("max")));
        op("maximum", (x, a) -> x.get(0).maximum(x.get(1)));
        op("maximum.self", (x, a) -> x.get(0).maximum(x.get(0)));
        op("minimum", (x, a) -> x.get(0).minimum(x.get(1)));
        op("minimum.self", (x, a) -> x.get(0).minimum(x.get(0)));
        op("where", (x, a) -> Tensor.where(x.get(0), x.get(1), x.get(2)));
        op("gt", (x, a) -> x.get(0).gt(x.get(1)));
        op("gt.scalar", (x, a) -> x.get(0).gt(a.d("value")));
        op("lt", (x, a) -> x.get(0).lt(x.get(1)));
        op("lt.scalar", (x, a) -> x.get(0).lt(a.d("value")));
        op("ge", (x, a) -> x.get(0).ge(x.get(1)));
        op("ge.scalar", (x, a) -> x.get(0).ge(a.d("value")));
        op("le", (x, a) -> x.get(0).le(x.get(1)));
        op("le.scalar", (x, a) -> x.get(0).le(a.d("value")));
        op("eq", (x, a) -> x.get(0).eq(x.get(1)));
        op("eq.scalar", (x, a) -> x.get(0).eq(a.d("value")));
        op("ne", (x, a) -> x.get(0).ne(x.get(1)));
        op("ne.scalar", (x, a) -> x.get(0).ne(a.d("value")));
        // reductions: max/min are torch.amax/amin by design (values only, the gradient shared among ties)
        op("sum.all", (x, a) -> x.get(0).sum());
        op("sum.dim", (x, a) -> x.get(0).sum(a.i("dim")));
        op("sum.dimKeep", (x, a) -> x.get(0).sum(a.i("dim"), a.b("keepDim")));
        op("sum.dims", (x, a) -> x.get(0).sum(a.ints("dims"), a.b("keepDim")));
        op("mean.all", (x, a) -> x.get(0).mean());
        op("mean.dim", (x, a) -> x.get(0).mean(a.i("dim")));
        op("mean.dimKeep", (x, a) -> x.get(0).mean(a.i("dim"), a.b("keepDim")));
        op("mean.dims", (x, a) -> x.get(0).mean(a.ints("dims"), a.b("keepDim")));
        op("max.all", (x, a) -> x.get(0).max());
        op("max.dim", (x, a) -> x.get(0).max(a.i("dim"), a.b("keepDim")));
        op("min.all", (x, a) -> x.get(0).min());
        op("min.dim", (x, a) -> x.get(0).min(a.i("dim"), a.b("keepDim")));
        op("var.all", (x, a) -> x.get(0).var());
        op("var.dim", (x, a) -> x.get(0).var(a.i("dim"), a.b("keepDim")));
        op("std.all", (x, a) -> x.get(0).std());
        op("std.dim", (x, a) -> x.get(0).std(a.i("dim"), a.b("keepDim")));
        op("argmax.all", (x, a) -> x.get(0).argmax());
        op("argmax.dim", (x, a) -> x.get(0).argmax(a.i("dim"), a.b("keepDim")));
        op("argmin.all", (x, a) -> x.get(0).argmin());
        op("argmin.dim", (x, a) -> x.get(0).argmin(a.i("dim"), a.b("keepDim")));
        op("var.correction", (x, a) -> x.get(0).var(a.ints("dims"), a.i("correction"), a.b("keepDim")));
        op("std.correction", (x, a) -> x.get(0).std(a.ints("dims"), a.i("correction"), a.b("keepDim")));
        op("logSumExp.dims", (x, a) -> x.get(0).logSumExp(a.ints("dims"), a.b("keepDim")));
        op("select", (x, a) -> x.get(0).select(a.i("dim"), a.i("index")));
        op("logSumExp.dim", (x, a) -> x.get(0).logSumExp(a.i("dim"), a.b("keepDim")));
        op("softmax", (x, a) -> x.get(0).softmax(a.i("dim")));
        op("logSoftmax", (x, a) -> x.get(0).logSoftmax(a.i("dim")));
        // shape and movement: transpose() is x.mT, slice is Python slicing, indexSelect is x[index] (by design)
        op("reshape", (x, a) -> x.get(0).reshape(a.ints("dims")));
        op("flatten", (x, a) -> x.get(0).flatten());
        op("permute", (x, a) -> x.get(0).permute(a.ints("dims")));
        op("transpose", (x, a) -> x.get(0).transpose());
        op("transpose.dims", (x, a) -> x.get(0).transpose(a.i("dim0"), a.i("dim1")));
        op("expand", (x, a) -> x.get(0).expand(a.ints("dims")));
        op("squeeze.all", (x, a) -> x.get(0).squeeze());
        op("squeeze.dim", (x, a) -> x.get(0).squeeze(a.i("dim")));
        op("unsqueeze", (x, a) -> x.get(0).unsqueeze(a.i("dim")));
        op("slice", (x, a) -> x.get(0).slice(a.i("dim"), a.i("start"), a.i("end")));
        op("indexSelect", (x, a) -> x.get(0).indexSelect(a.i("dim"), a.ints("index")));
        op("gather", (x, a) -> x.get(0).gather(a.i("dim"), x.get(1)));
        op("cat", (x, a) -> Tensor.cat(x, a.i("dim")));
        op("stack", (x, a) -> Tensor.stack(x, a.i("dim")));
        op("matmul", (x, a) -> x.get(0).matmul(x.get(1)));
        op("linear", (x, a) -> x.get(0).linear(x.get(1), x.size() > 2 ? x.get(2) : null));
        // creation
        op("of.scalar", (x, a) -> Tensor.of(a.d("value")));
        op("of.vector", (x, a) -> Tensor.of(a.doubles("values")));
        op("wrap", (x, a) -> Tensor.wrap(a.doubles("values"), Shape.of(a.ints("shape"))));
        op("of.rows", (x, a) -> Tensor.of(a.rows("rows")));
        op("of.blocks", (x, a) -> Tensor.of(a.blocks("blocks")));
        op("of.shape", (x, a) -> Tensor.of(a.doubles("values"), Shape.of(a.ints("shape"))));
        op("zeros", (x, a) -> Tensor.zeros(a.ints("shape")));
        op("ones", (x, a) -> Tensor.ones(a.ints("shape")));
        op("full", (x, a) -> Tensor.full(a.d("value"), a.ints("shape")));
        op("arange.end", (x, a) -> Tensor.arange(a.d("end")));
        op("arange", (x, a) -> Tensor.arange(a.d("start"), a.d("end"), a.d("step")));
        op("linspace", (x, a) -> Tensor.linspace(a.d("start"), a.d("end"), a.i("steps")));
        op("eye", (x, a) -> Tensor.eye(a.i("n")));
        op("zerosLike", (x, a) -> Tensor.zerosLike(x.get(0)));
        op("onesLike", (x, a) -> Tensor.onesLike(x.get(0)));
        // values, returned as tensors to compare
        op("item", (x, a) -> Tensor.of(x.get(0).item()));
        op("get", (x, a) -> Tensor.of(x.get(0).get(a.ints("index"))));
        op("toArray", (x, a) -> Tensor.of(x.get(0).toArray()));
        op("toArray2d", (x, a) -> Tensor.of(x.get(0).toArray2d()));
        op("allClose", (x, a) -> bool(x.get(0).allClose(x.get(1), a.d("rtol"), a.d("atol"))));
        op("allFinite", (x, a) -> bool(x.get(0).allFinite()));
        op("numel", (x, a) -> Tensor.of((double) x.get(0).numel()));
        op("dim", (x, a) -> Tensor.of((double) x.get(0).dim()));
        op("detach", (x, a) -> x.get(0).detach());
        op("clone", (x, a) -> x.get(0).clone());
        // in place
        op("addInPlace", (x, a) -> x.get(0).addInPlace(x.get(1)));
        op("addInPlace.alpha", (x, a) -> x.get(0).addInPlace(x.get(1), a.d("alpha")));
        op("subInPlace", (x, a) -> x.get(0).subInPlace(x.get(1)));
        op("mulInPlace", (x, a) -> x.get(0).mulInPlace(x.get(1)));
        op("mulInPlace.scalar", (x, a) -> x.get(0).mulInPlace(a.d("value")));
        op("divInPlace", (x, a) -> x.get(0).divInPlace(x.get(1)));
        op("copyInPlace", (x, a) -> x.get(0).copyInPlace(x.get(1)));
        op("fillInPlace", (x, a) -> x.get(0).fillInPlace(a.d("value")));
        // autograd
        op("backward.nonScalar", (x, a) -> gradAfter(x.get(0), () -> x.get(0).mul(2.0).backward()));
        op("backward.gradientShape", (x, a) -> gradAfter(x.get(0), () -> x.get(0).mul(2.0).backward(Tensor.ones(2))));
        op("backward.withoutGrad", (x, a) -> gradAfter(x.get(0), () -> x.get(0).mul(2.0).sum().backward()));
        op("backward.twice", (x, a) -> gradAfter(x.get(0), () -> twice(x.get(0).mul(x.get(0)).sum(), false)));
        op("backward.retainGraph", (x, a) -> gradAfter(x.get(0), () -> twice(x.get(0).mul(x.get(0)).sum(), true)));
        op("backward.afterInPlace", (x, a) -> gradAfter(x.get(0), () -> backwardAfterInPlace(x.get(0), x.get(1))));
        op("requiresGrad.nonLeaf", (x, a) -> x.get(0).mul(2.0).requiresGrad(false));
        op("Autograd.grad.nonScalar", (x, a) -> Autograd.grad(x.get(0).mul(2.0), List.of(x.get(0)), false).get(0));
        op("Autograd.grad.inputWithoutGrad", (x, a) -> Autograd.grad(x.get(0).mul(x.get(1)).sum(), x, false).get(0));
        op("Autograd.grad.unused", (x, a) -> Tensor.stack(Autograd.grad(x.get(0).mul(x.get(0)).sum(), x, false), 0));
        // losses
        op("mse", (x, a) -> Loss.mse(x.get(0), x.get(1)));
        op("mse.reduction", (x, a) -> Loss.mse(x.get(0), x.get(1), a.reduction()));
        op("l1", (x, a) -> Loss.l1(x.get(0), x.get(1)));
        op("l1.reduction", (x, a) -> Loss.l1(x.get(0), x.get(1), a.reduction()));
        op("huber", (x, a) -> Loss.huber(x.get(0), x.get(1)));
        op("huber.delta", (x, a) -> Loss.huber(x.get(0), x.get(1), a.d("delta")));
        op("huber.reduction", (x, a) -> Loss.huber(x.get(0), x.get(1), a.d("delta"), a.reduction()));
        op("crossEntropy", (x, a) -> Loss.crossEntropy(x.get(0), x.get(1)));
        op("crossEntropy.smoothing", (x, a) -> Loss.crossEntropy(x.get(0), x.get(1), a.d("labelSmoothing")));
        op("crossEntropy.reduction", (x, a) -> Loss.crossEntropy(x.get(0), x.get(1), a.d("labelSmoothing"),
                a.reduction()));
        op("nllLoss", (x, a) -> Loss.nllLoss(x.get(0), x.get(1)));
        op("nllLoss.reduction", (x, a) -> Loss.nllLoss(x.get(0), x.get(1), a.reduction()));
        op("crossEntropy.options", (x, a) -> Loss.crossEntropy(x.get(0), x.get(1), crossEntropyOptions(a)));
        op("nllLoss.options", (x, a) -> Loss.nllLoss(x.get(0), x.get(1), crossEntropyOptions(a)));
        op("binaryCrossEntropy", (x, a) -> Loss.binaryCrossEntropy(x.get(0), x.get(1)));
        op("binaryCrossEntropy.reduction", (x, a) -> Loss.binaryCrossEntropy(x.get(0), x.get(1), a.reduction()));
        op("binaryCrossEntropyWithLogits.posWeight", (x, a) -> Loss.binaryCrossEntropyWithLogits(x.get(0), x.get(1),
                a.tensor("posWeight"), a.reduction()));
        op("binaryCrossEntropyWithLogits", (x, a) -> Loss.binaryCrossEntropyWithLogits(x.get(0), x.get(1)));
        op("binaryCrossEntropyWithLogits.reduction", (x, a) -> Loss.binaryCrossEntropyWithLogits(x.get(0), x.get(1),
                a.reduction()));
        // convolution and pooling: stride, padding and dilation hold one value or two (height, width); a null
        // pooling stride means the kernel size
        op("conv2d", (x, a) -> x.get(0).conv2d(x.get(1), x.size() > 2 ? x.get(2) : null));
        op("conv2d.options", (x, a) -> x.get(0).conv2d(x.get(1), x.size() > 2 ? x.get(2) : null, a.ints("stride"),
                a.ints("padding"), a.ints("dilation"), a.i("groups")));
        op("maxPool2d", (x, a) -> x.get(0).maxPool2d(a.ints("kernel"), a.intsOrNull("stride"), a.ints("padding"),
                a.ints("dilation")));
        op("avgPool2d", (x, a) -> x.get(0).avgPool2d(a.ints("kernel"), a.intsOrNull("stride"), a.ints("padding")));
        op("adaptiveAvgPool2d", (x, a) -> x.get(0).adaptiveAvgPool2d(a.i("outH"), a.i("outW")));

        // layers: the fixture's state is loaded over the constructor's random initialisation
        LAYERS.put("Linear", c -> new Linear(c.i("in"), c.i("out"), c.b("bias"), new Random(0)));
        LAYERS.put("BatchNorm1d", c -> new BatchNorm1d(c.i("features"),
                new BatchNorm.Options(c.d("eps"), c.d("momentum"), c.b("affine"))));
        LAYERS.put("BatchNorm1d.cumulative", c -> new BatchNorm1d(c.i("features"),
                new BatchNorm.Options(c.d("eps"), null, c.b("affine"))));
        LAYERS.put("LayerNorm", c -> new LayerNorm(c.i("features"),
                new LayerNorm.Options(c.d("eps"), c.b("elementwiseAffine"))));
        LAYERS.put("ReLU", c -> new ReLU());
        LAYERS.put("Tanh", c -> new Tanh());
        LAYERS.put("Sigmoid", c -> new Sigmoid());
        LAYERS.put("LeakyReLU", c -> new LeakyReLU(c.d("slope")));
        LAYERS.put("Flatten", c -> new Flatten(c.i("startDim"), c.i("endDim")));
        LAYERS.put("Dropout", c -> new Dropout(c.d("p"), new Random(0)));
        LAYERS.put("Sequential", c -> new Sequential(c.list("layers").stream().map(DescentCalls::layer)
                .toArray(Module[]::new)));
        LAYERS.put("Conv2d", c -> new Conv2d(c.i("in"), c.i("out"), c.i("kernel"), new Conv2d.Options(c.i("stride"),
                c.i("padding"), c.i("dilation"), c.i("groups"), c.b("bias")), new Random(0)));
        LAYERS.put("MaxPool2d", c -> new MaxPool2d(c.i("kernel"), c.i("stride"), c.i("padding"), c.i("dilation")));
        LAYERS.put("AvgPool2d", c -> new AvgPool2d(c.i("kernel"), c.i("stride"), c.i("padding")));
        LAYERS.put("AdaptiveAvgPool2d", c -> new AdaptiveAvgPool2d(c.i("outH"), c.i("outW")));
        LAYERS.put("BatchNorm2d", c -> new BatchNorm2d(c.i("features"),
                new BatchNorm.Options(c.d("eps"), c.d("momentum"), c.b("affine"))));
        LAYERS.put("BatchNorm2d.cumulative", c -> new BatchNorm2d(c.i("features"),
                new BatchNorm.Options(c.d("eps"), null, c.b("affine"))));
        LAYERS.put("Dropout2d", c -> new Dropout2d(c.d("p"), new Random(0)));
        LAYERS.put("Unflatten", c -> new Unflatten(c.i("dim"), c.ints("sizes")));

        // optimizers: options carry Descent's record components by name
        OPTIMIZERS.put("Sgd", (p, o) -> new Sgd(p, new Sgd.Options(o.d("lr"), o.d("momentum"), o.d("dampening"),
                o.b("nesterov"), o.d("weightDecay"), o.b("maximize", false))));
        OPTIMIZERS.put("Adam", (p, o) -> new Adam(p, new Adam.Options(o.d("lr"), o.d("beta1"), o.d("beta2"),
                o.d("eps"), o.d("weightDecay"), o.b("amsgrad"), o.b("maximize", false), false)));
        OPTIMIZERS.put("AdamW", (p, o) -> new AdamW(p, new Adam.Options(o.d("lr"), o.d("beta1"), o.d("beta2"),
                o.d("eps"), o.d("weightDecay"), o.b("amsgrad"), o.b("maximize", false), true)));
        OPTIMIZERS.put("RmsProp", (p, o) -> new RmsProp(p, new RmsProp.Options(o.d("lr"), o.d("alpha"), o.d("eps"),
                o.d("weightDecay"), o.d("momentum"), o.b("centered"), o.b("maximize", false))));
        OPTIMIZERS.put("Adagrad", (p, o) -> new Adagrad(p, new Adagrad.Options(o.d("lr"), o.d("lrDecay"),
                o.d("weightDecay"), o.d("initialAccumulatorValue"), o.d("eps"), o.b("maximize", false))));
        for (String name : List.of("Sgd", "Adam", "AdamW", "RmsProp", "Adagrad")) {
            OPTIMIZERS.put(name + ".maximize", OPTIMIZERS.get(name));
        }

        // schedules
        SCHEDULES.put("StepLr", c -> new StepLr(c.i("stepSize"), c.d("gamma")));
        SCHEDULES.put("ExponentialLr", c -> new ExponentialLr(c.d("gamma")));
        SCHEDULES.put("CosineAnnealingLr", c -> new CosineAnnealingLr(c.i("tMax"), c.d("etaMin")));
        SCHEDULES.put("constant", c -> LrLambda.constant());
        SCHEDULES.put("LinearWarmup", c -> new LinearWarmup(c.i("epochs"), c.d("startFactor"),
                schedule(c.json().get("then"))));
    }

    /** Every key the tables map. */
    static Set<String> mapped() {
        Set<String> all = new TreeSet<>(OPS.keySet());
        all.addAll(LAYERS.keySet());
        all.addAll(OPTIMIZERS.keySet());
        all.addAll(SCHEDULES.keySet());
        return all;
    }

    static <T> T lookup(Map<String, T> table, String key) {
        T call = table.get(key);
        if (call != null) {
            return call;
        }
        throw new IllegalStateException("no Descent mapping for fixture key '" + key + "'; add one line to DescentCalls");
    }

    /** A layer from {@code {"layer": key, "config": {...}}}, nested for Sequential. */
    static Module layer(JsonNode spec) {
        return lookup(LAYERS, spec.get("layer").asText()).apply(new Args(spec.get("config")));
    }

    /** A schedule from {@code {"type": key, ...}}, nested for LinearWarmup. */
    static LrLambda schedule(JsonNode spec) {
        return lookup(SCHEDULES, spec.get("type").asText()).apply(new Args(spec));
    }

    private static Loss.CrossEntropyOptions crossEntropyOptions(Args a) {
        return new Loss.CrossEntropyOptions(a.tensor("weight"), a.i("ignoreIndex"), a.d("labelSmoothing"), a.reduction());
    }

    private static Tensor bool(boolean b) {
        return Tensor.of(b ? 1.0 : 0.0);
    }

    private static Tensor gradAfter(Tensor x, Runnable backward) {
        backward.run();
        return x.grad() == null ? Tensor.zerosLike(x) : x.grad().detach().clone();
    }

    private static void twice(Tensor y, boolean retainGraph) {
        y.backward(retainGraph);
        y.backward();
    }

    private static void backwardAfterInPlace(Tensor w, Tensor c) {
        Tensor y = w.mul(c).sum();
        try (Scope scope = NoGrad.scope()) {
            c.addInPlace(Tensor.of(1.0));
        }
        y.backward();
    }
}
