package dev.descent.nn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.NoGrad;
import dev.descent.Scope;
import dev.descent.Tensor;
import java.util.Random;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/** The course's loop (forward, loss, backward, update under NoGrad, zero the gradients) trains small networks. */
class TrainingTest {
    private static final Tensor XOR_INPUTS = Tensor.of(new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}});
    private static final Tensor XOR_LABELS = Tensor.of(0, 1, 1, 0);

    /** Full-batch gradient descent; returns the last loss. */
    private static double train(Module model, BiFunction<Tensor, Tensor, Tensor> lossFunction, Tensor x, Tensor y,
                                double learningRate, int epochs) {
        double last = Double.NaN;
        for (int epoch = 0; epoch < epochs; epoch++) {
            Tensor loss = lossFunction.apply(model.forward(x), y);
            model.zeroGrad();
            loss.backward();
            try (Scope scope = NoGrad.scope()) {
                for (Tensor p : model.parameters()) {
                    p.subInPlace(p.grad().mul(learningRate));
                }
            }
            last = loss.item();
        }
        return last;
    }

    @Test
    void anMlpLearnsXorWithBinaryCrossEntropy() {
        Random rng = new Random(0);
        Sequential model = new Sequential(new Linear(2, 8, rng), new Tanh(), new Linear(8, 1, rng));
        double loss = train(model, (out, y) -> Loss.binaryCrossEntropyWithLogits(out.reshape(-1), y),
                XOR_INPUTS, XOR_LABELS, 0.5, 2000);
        assertThat(loss).isLessThan(1e-2);
        Tensor predicted = model.forward(XOR_INPUTS).reshape(-1).gt(0.0);
        assertThat(predicted.toArray()).containsExactly(XOR_LABELS.toArray());
    }

    @Test
    void anMlpLearnsXorToNearZeroMeanSquaredError() {
        Random rng = new Random(1);
        Sequential model = new Sequential(new Linear(2, 8, rng), new ReLU(), new Linear(8, 1, rng));
        double loss = train(model, Loss::mse, XOR_INPUTS, XOR_LABELS.reshape(4, 1), 0.1, 3000);
        assertThat(loss).isLessThan(1e-6);
    }

    @Test
    void anMlpWithNormalisationAndDropoutSeparatesXorQuadrantsWithCrossEntropy() {
        // XOR-like data: class 1 where the signs of the two coordinates differ.
        Random data = new Random(2);
        Tensor x = Tensor.uniform(data, -1, 1, 200, 2);
        Tensor y = x.slice(1, 0, 1).mul(x.slice(1, 1, 2)).lt(0.0).reshape(-1);
        Random rng = new Random(3);
        Sequential model = new Sequential(new Linear(2, 16, rng), new BatchNorm1d(16), new ReLU(),
                new Dropout(0.1, rng), new Linear(16, 16, rng), new LayerNorm(16), new ReLU(), new Linear(16, 2, rng));
        double loss = train(model, Loss::crossEntropy, x, y, 0.2, 300);
        assertThat(loss).isLessThan(0.15);
        model.eval();
        Tensor correct = model.forward(x).argmax(1, false).eq(y);
        assertThat(correct.mean().item()).isGreaterThan(0.95);
    }

    @Test
    void trainingIsBitForBitRepeatableForASeed() {
        double[][] weights = new double[2][];
        for (int run = 0; run < 2; run++) {
            Random rng = new Random(7);
            Sequential model = new Sequential(new Linear(2, 4, rng), new Dropout(0.2, rng), new Tanh(),
                    new Linear(4, 1, rng));
            train(model, (out, y) -> Loss.binaryCrossEntropyWithLogits(out.reshape(-1), y), XOR_INPUTS, XOR_LABELS,
                    0.3, 50);
            weights[run] = ((Linear) model.get(3)).weight().toArray();
        }
        assertThat(weights[0]).containsExactly(weights[1]);
    }
}
