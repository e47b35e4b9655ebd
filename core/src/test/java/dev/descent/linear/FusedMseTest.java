package dev.descent.linear;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.descent.Shape;
import dev.descent.Tensor;
import dev.descent.kernel.Kernels;
import dev.descent.nn.Linear;
import dev.descent.nn.Loss;
import dev.descent.train.GradientSource;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fused loss and gradient of full-batch gradient descent agree with autograd's over the same layer. */
class FusedMseTest {
    @Test
    void theFusedLossAndGradientAreAutogradsUpToRounding() {
        Random random = new Random(8);
        int n = 37; // odd, and the 5 features leave one column after the passes of four
        int f = 5;
        double[] x = new double[n * f];
        double[] y = new double[n];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextGaussian();
        }
        for (int i = 0; i < n; i++) {
            y[i] = 3 * random.nextGaussian() + 1;
        }
        Tensor features = Tensor.of(x, Shape.of(n, f));
        Tensor target = Tensor.of(y);
        Linear layer = new Linear(f, 1, new Random(2));

        Tensor loss = Loss.mse(layer.forward(features), target.reshape(-1, 1));
        loss.backward();
        double[] weightGrad = layer.parameters().get(0).grad().toArray();
        double biasGrad = layer.parameters().get(1).grad().item();
        layer.zeroGrad();

        GradientSource.Step step = new FusedMse(features, target).epoch(layer, Loss::mse).next();
        assertThat(step.loss()).isCloseTo(loss.item(), within(1e-13));
        assertThat(step.rows()).isEqualTo(n);
        double[] fused = layer.parameters().get(0).grad().toArray();
        for (int j = 0; j < f; j++) {
            assertThat(fused[j]).isCloseTo(weightGrad[j], within(1e-13));
        }
        assertThat(layer.parameters().get(1).grad().item()).isCloseTo(biasGrad, within(1e-13));
    }

    @Test
    void theVectorAndScalarPathsGiveTheSameBits() {
        Random random = new Random(3);
        int n = 506; // Boston's rows: not a multiple of the four lanes
        int f = 13;
        Tensor features = Tensor.randn(random, n, f);
        Tensor target = Tensor.randn(random, n);
        Linear layer = new Linear(f, 1, new Random(4));
        double[][] grads = new double[2][];
        double[] losses = new double[2];
        boolean was = Kernels.vectorApiEnabled();
        try {
            for (int path = 0; path < 2; path++) {
                if (path == 1 && !Kernels.vectorApiAvailable()) {
                    return; // without the module there is only the scalar path
                }
                Kernels.setVectorApiEnabled(path == 1);
                layer.zeroGrad();
                losses[path] = new FusedMse(features, target).epoch(layer, Loss::mse).next().loss();
                grads[path] = Tensor.cat(java.util.List.of(layer.weight().grad().reshape(-1), layer.bias().grad()), 0).toArray();
            }
        } finally {
            Kernels.setVectorApiEnabled(was);
        }
        assertThat(losses[1]).isEqualTo(losses[0]);
        assertThat(grads[1]).containsExactly(grads[0]);
    }
}
