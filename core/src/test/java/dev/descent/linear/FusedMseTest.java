package dev.descent.linear;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.descent.Shape;
import dev.descent.Tensor;
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
}
