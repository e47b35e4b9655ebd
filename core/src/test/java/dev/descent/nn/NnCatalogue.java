package dev.descent.nn;

import dev.descent.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/** Every layer's forward pass and every loss, with inputs for first- and second-order gradchecks. */
final class NnCatalogue {
    private NnCatalogue() {
    }

    record Case(String label, Function<List<Tensor>, Tensor> f, List<Tensor> inputs) {
        @Override
        public String toString() {
            return label;
        }
    }

    static List<Case> layers() {
        Random rng = new Random(11);
        List<Case> cases = new ArrayList<>();
        Linear linear = new Linear(4, 3, new Random(1));
        cases.add(new Case("Linear [batch, in] with weight and bias", in -> linear.functionalCall(
                Map.of("weight", in.get(1), "bias", in.get(2)), in.get(0)),
                List.of(variable(rng, 5, 4), variable(rng, 3, 4), variable(rng, 3))));
        cases.add(new Case("Linear [in] → [out]", in -> linear.functionalCall(
                Map.of("weight", in.get(1), "bias", in.get(2)), in.get(0)),
                List.of(variable(rng, 4), variable(rng, 3, 4), variable(rng, 3))));
        Linear noBias = new Linear(3, 2, false, new Random(2));
        cases.add(new Case("Linear without bias, [batch, time, in]", in -> noBias.functionalCall(
                Map.of("weight", in.get(1)), in.get(0)), List.of(variable(rng, 2, 3, 3), variable(rng, 2, 3))));
        LayerNorm layerNorm = new LayerNorm(4);
        cases.add(new Case("LayerNorm", in -> layerNorm.functionalCall(
                Map.of("weight", in.get(1), "bias", in.get(2)), in.get(0)),
                List.of(variable(rng, 3, 4), variable(rng, 4), variable(rng, 4))));
        BatchNorm1d train = new BatchNorm1d(3);
        cases.add(new Case("BatchNorm1d in training mode", in -> train.functionalCall(
                Map.of("weight", in.get(1), "bias", in.get(2)), in.get(0)),
                List.of(variable(rng, 5, 3), variable(rng, 3), variable(rng, 3))));
        BatchNorm1d train3d = new BatchNorm1d(2);
        cases.add(new Case("BatchNorm1d in training mode on [batch, features, length]", in -> train3d.forward(in.get(0)),
                List.of(variable(rng, 3, 2, 4))));
        BatchNorm1d eval = new BatchNorm1d(3);
        eval.eval();
        cases.add(new Case("BatchNorm1d in evaluation mode, running statistics included", in -> eval.functionalCall(
                Map.of("weight", in.get(1), "bias", in.get(2), "running_mean", in.get(3), "running_var", in.get(4)),
                in.get(0)), List.of(variable(rng, 4, 3), variable(rng, 3), variable(rng, 3), variable(rng, 3),
                Tensor.of(0.5, 1.5, 2.0).requiresGrad(true))));
        cases.add(new Case("ReLU", in -> new ReLU().forward(in.get(0)), List.of(awayFromZero(rng, 3, 4))));
        cases.add(new Case("LeakyReLU", in -> new LeakyReLU(0.2).forward(in.get(0)), List.of(awayFromZero(rng, 3, 4))));
        cases.add(new Case("Tanh", in -> new Tanh().forward(in.get(0)), List.of(variable(rng, 3, 4))));
        cases.add(new Case("Sigmoid", in -> new Sigmoid().forward(in.get(0)), List.of(variable(rng, 3, 4))));
        // A new Dropout with the same seed draws the same mask on every evaluation.
        cases.add(new Case("Dropout with a fixed mask", in -> new Dropout(0.4, new Random(7)).forward(in.get(0)),
                List.of(variable(rng, 4, 5))));
        cases.add(new Case("Flatten", in -> new Flatten().forward(in.get(0)).square(), List.of(variable(rng, 2, 3, 2))));
        Conv2d conv = new Conv2d(2, 3, 3, Conv2d.Options.DEFAULT.withPadding(1).withStride(2), new Random(5));
        cases.add(new Case("Conv2d padding 1 stride 2 by input, weight and bias", in -> conv.functionalCall(
                Map.of("weight", in.get(1), "bias", in.get(2)), in.get(0)),
                List.of(variable(rng, 2, 2, 5, 5), variable(rng, 3, 2, 3, 3), variable(rng, 3))));
        Conv2d grouped = new Conv2d(4, 2, 2, Conv2d.Options.DEFAULT.withGroups(2).withBias(false), new Random(6));
        cases.add(new Case("Conv2d groups 2 without bias", in -> grouped.functionalCall(Map.of("weight", in.get(1)),
                in.get(0)), List.of(variable(rng, 1, 4, 3, 4), variable(rng, 2, 2, 2, 2))));
        cases.add(new Case("MaxPool2d(2)", in -> new MaxPool2d(2).forward(in.get(0)), List.of(variable(rng, 2, 2, 4, 4))));
        cases.add(new Case("AvgPool2d(3, 2, 1)", in -> new AvgPool2d(3, 2, 1).forward(in.get(0)),
                List.of(variable(rng, 1, 2, 5, 5))));
        cases.add(new Case("AdaptiveAvgPool2d(2, 3)", in -> new AdaptiveAvgPool2d(2, 3).forward(in.get(0)),
                List.of(variable(rng, 2, 1, 5, 4))));
        BatchNorm2d norm2d = new BatchNorm2d(2);
        cases.add(new Case("BatchNorm2d in training mode", in -> norm2d.functionalCall(
                Map.of("weight", in.get(1), "bias", in.get(2)), in.get(0)),
                List.of(variable(rng, 2, 2, 3, 3), variable(rng, 2), variable(rng, 2))));
        cases.add(new Case("Dropout2d with a fixed mask", in -> new Dropout2d(0.5, new Random(8)).forward(in.get(0)),
                List.of(variable(rng, 3, 4, 2, 2))));
        cases.add(new Case("Unflatten then Flatten(2)", in -> new Flatten(2).forward(new Unflatten(1, 2, 3).forward(in.get(0)))
                .square(), List.of(variable(rng, 2, 6))));
        Sequential cnn = new Sequential(new Conv2d(1, 2, 3, new Random(9)), new ReLU(), new MaxPool2d(2), new Flatten(),
                new Linear(2, 3, new Random(10)));
        cases.add(new Case("Sequential(Conv2d, ReLU, MaxPool2d, Flatten, Linear) by input and conv weight",
                in -> cnn.functionalCall(Map.of("0.weight", in.get(1)), in.get(0)),
                List.of(variable(rng, 2, 1, 4, 4), variable(rng, 2, 1, 3, 3))));
        Sequential mlp = new Sequential(new Linear(3, 4, new Random(3)), new Tanh(), new Linear(4, 2, new Random(4)));
        cases.add(new Case("Sequential(Linear, Tanh, Linear) by input and first weight", in -> mlp.functionalCall(
                Map.of("0.weight", in.get(1)), in.get(0)), List.of(variable(rng, 2, 3), variable(rng, 4, 3))));
        return cases;
    }

    static List<Case> losses() {
        Random rng = new Random(12);
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("mse", in -> Loss.mse(in.get(0), in.get(1)), List.of(variable(rng, 4, 2), variable(rng, 4, 2))));
        cases.add(new Case("mse, sum", in -> Loss.mse(in.get(0), in.get(1), Loss.Reduction.SUM),
                List.of(variable(rng, 3), variable(rng, 3))));
        // |d| well away from the kink at 0.
        Tensor l1Target = Tensor.of(0.5, -1.0, 2.0, 0.0);
        cases.add(new Case("l1", in -> Loss.l1(in.get(0), l1Target),
                List.of(Tensor.of(1.2, -2.3, 1.1, -0.4).requiresGrad(true))));
        // d = −0.7, 0.4, 1.8, −2.5: both sides of δ = 1 and away from |d| = δ.
        Tensor huberTarget = Tensor.of(1.0, 0.0, -1.0, 2.0);
        cases.add(new Case("huber", in -> Loss.huber(in.get(0), huberTarget),
                List.of(Tensor.of(0.3, 0.4, 0.8, -0.5).requiresGrad(true))));
        cases.add(new Case("huber, δ = 0.5, no reduction", in -> Loss.huber(in.get(0), huberTarget, 0.5, Loss.Reduction.NONE),
                List.of(Tensor.of(0.3, 0.4, 0.8, -0.5).requiresGrad(true))));
        Tensor classes = Tensor.of(2, 0, 1, 2);
        cases.add(new Case("crossEntropy with class indices", in -> Loss.crossEntropy(in.get(0), classes),
                List.of(variable(rng, 4, 3))));
        cases.add(new Case("crossEntropy with label smoothing", in -> Loss.crossEntropy(in.get(0), classes, 0.2),
                List.of(variable(rng, 4, 3))));
        cases.add(new Case("crossEntropy with probabilities", in -> Loss.crossEntropy(in.get(0), in.get(1).softmax(1)),
                List.of(variable(rng, 4, 3), variable(rng, 4, 3))));
        cases.add(new Case("crossEntropy with probabilities and label smoothing",
                in -> Loss.crossEntropy(in.get(0), in.get(1).softmax(1), 0.1), List.of(variable(rng, 2, 3), variable(rng, 2, 3))));
        cases.add(new Case("crossEntropy of one sample", in -> Loss.crossEntropy(in.get(0), Tensor.of(1.0)),
                List.of(variable(rng, 3))));
        Tensor extreme = Tensor.of(new double[][] {{1000, -1000, 0}, {-1000, 1000, 1000}});
        cases.add(new Case("crossEntropy at logits ±1000", in -> Loss.crossEntropy(in.get(0), Tensor.of(2.0, 1.0)),
                List.of(extreme.requiresGrad(true))));
        cases.add(new Case("nllLoss", in -> Loss.nllLoss(in.get(0).logSoftmax(1), classes), List.of(variable(rng, 4, 3))));
        cases.add(new Case("nllLoss, no reduction", in -> Loss.nllLoss(in.get(0), classes, Loss.Reduction.NONE),
                List.of(variable(rng, 4, 3))));
        // A logit of exactly 0 is included: the loss is smooth there and its derivative is σ(0) − y.
        cases.add(new Case("binaryCrossEntropyWithLogits", in -> Loss.binaryCrossEntropyWithLogits(in.get(0), in.get(1)),
                List.of(Tensor.of(-2.0, 0.0, 0.5, 3.0, -0.3).requiresGrad(true),
                        Tensor.of(0.0, 1.0, 0.25, 1.0, 0.6).requiresGrad(true))));
        Tensor weights = Tensor.of(0.5, 2.0, 1.5);
        Tensor someIgnored = Tensor.of(2, -100, 0, 1);
        cases.add(new Case("crossEntropy with class weights and an ignored target", in -> Loss.crossEntropy(in.get(0),
                someIgnored, Loss.CrossEntropyOptions.DEFAULT.withWeight(weights)), List.of(variable(rng, 4, 3))));
        cases.add(new Case("crossEntropy with weights, ignore index 1 and label smoothing", in -> Loss.crossEntropy(
                in.get(0), classes, Loss.CrossEntropyOptions.DEFAULT.withWeight(weights).withIgnoreIndex(1)
                        .withLabelSmoothing(0.2)), List.of(variable(rng, 4, 3))));
        Tensor perPixel = Tensor.of(new double[][][] {{{0, 2}, {1, 1}}, {{2, 0}, {0, 1}}});
        cases.add(new Case("crossEntropy of [N, C, H, W] scores", in -> Loss.crossEntropy(in.get(0), perPixel),
                List.of(variable(rng, 2, 3, 2, 2))));
        cases.add(new Case("nllLoss with class weights, sum", in -> Loss.nllLoss(in.get(0).logSoftmax(1), classes,
                Loss.CrossEntropyOptions.DEFAULT.withWeight(weights).withReduction(Loss.Reduction.SUM)),
                List.of(variable(rng, 4, 3))));
        cases.add(new Case("binaryCrossEntropy of probabilities", in -> Loss.binaryCrossEntropy(in.get(0).sigmoid(),
                in.get(1)), List.of(variable(rng, 5), Tensor.of(0.0, 1.0, 0.25, 1.0, 0.6).requiresGrad(true))));
        cases.add(new Case("binaryCrossEntropyWithLogits with a positive weight per class", in ->
                Loss.binaryCrossEntropyWithLogits(in.get(0), in.get(1), Tensor.of(0.5, 3.0), Loss.Reduction.MEAN),
                List.of(variable(rng, 3, 2), Tensor.rand(rng, 3, 2).requiresGrad(true))));
        BatchNorm1d cumulative = new BatchNorm1d(3, BatchNorm.Options.DEFAULT.withMomentum(null));
        cases.add(new Case("BatchNorm1d in training mode, cumulative running statistics", in -> cumulative.functionalCall(
                Map.of("weight", in.get(1), "bias", in.get(2)), in.get(0)),
                List.of(variable(rng, 5, 3), variable(rng, 3), variable(rng, 3))));
        cases.add(new Case("binaryCrossEntropyWithLogits at ±1000", in -> Loss.binaryCrossEntropyWithLogits(in.get(0),
                Tensor.of(1.0, 0.0, 0.0, 1.0)), List.of(Tensor.of(1000.0, -1000.0, 1000.0, -1000.0).requiresGrad(true))));
        return cases;
    }

    private static Tensor variable(Random rng, int... shape) {
        return Tensor.randn(rng, shape).requiresGrad(true);
    }

    /** Values with |x| in [0.1, 2], away from the kink of ReLU-like functions at 0. */
    private static Tensor awayFromZero(Random rng, int... shape) {
        Tensor magnitude = Tensor.uniform(rng, 0.1, 2.0, shape);
        Tensor sign = Tensor.rand(rng, shape).gt(0.5).mul(2).sub(1);
        return magnitude.mul(sign).requiresGrad(true);
    }
}
