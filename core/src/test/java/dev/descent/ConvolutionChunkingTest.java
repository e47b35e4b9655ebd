package dev.descent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The convolution kernel takes a batch in chunks of images (bounded memory) and may run its products
 * on several threads; neither may change a bit of the results.
 */
class ConvolutionChunkingTest {
    private static final int[] ONE = {1};

    /** 16 images of 8×48×48 with a 3×3 kernel: 72 taps × 2304 positions per image, so several chunks. */
    private static List<Tensor> convolveWithGradients(Tensor x, Tensor w, Tensor b) {
        Tensor xs = x.detach().requiresGrad(true);
        Tensor ws = w.detach().requiresGrad(true);
        Tensor y = xs.conv2d(ws, b, new int[] {2, 1}, ONE, ONE, 2);
        List<Tensor> grads = Autograd.grad(y.square().sum(), List.of(xs, ws), false);
        return List.of(y.detach(), grads.get(0), grads.get(1));
    }

    @Test
    void aBatchInSeveralChunksGivesEachImageTheBitsItGetsAlone() {
        Random rng = new Random(3);
        Tensor x = Tensor.randn(rng, 16, 8, 48, 48);
        Tensor w = Tensor.randn(rng, 6, 4, 3, 3);
        Tensor b = Tensor.randn(rng, 6);
        List<Tensor> batch = convolveWithGradients(x, w, b);
        Tensor weightGradSum = null;
        for (int i = 0; i < 16; i++) {
            List<Tensor> one = convolveWithGradients(x.slice(0, i, i + 1), w, b);
            assertThat(one.get(0).toArray()).isEqualTo(batch.get(0).slice(0, i, i + 1).toArray());
            assertThat(one.get(1).toArray()).isEqualTo(batch.get(1).slice(0, i, i + 1).toArray());
            weightGradSum = weightGradSum == null ? one.get(2) : weightGradSum.add(one.get(2));
        }
        // the weight gradient sums over images in another grouping: equal up to rounding only
        assertThat(batch.get(2).sub(weightGradSum).abs().max().item())
                .isLessThan(1e-9 * weightGradSum.abs().max().item());
    }

    @Test
    void oneThreadAndTwoGiveTheSameBits() {
        Random rng = new Random(4);
        for (DType type : DType.values()) {
            Tensor x = Tensor.randn(rng, 16, 8, 48, 48).to(type);
            Tensor w = Tensor.randn(rng, 6, 4, 3, 3).to(type);
            Tensor b = Tensor.randn(rng, 6).to(type);
            int before = Backend.threads();
            try {
                Backend.setThreads(1);
                List<Tensor> alone = convolveWithGradients(x, w, b);
                Backend.setThreads(2);
                List<Tensor> two = convolveWithGradients(x, w, b);
                for (int i = 0; i < 3; i++) {
                    assertThat(two.get(i).toArray()).as(type + " result " + i).isEqualTo(alone.get(i).toArray());
                }
            } finally {
                Backend.setThreads(before);
            }
        }
    }

    @Test
    void maxPoolingSendsTheGradientToTheFirstOfTiedMaxima() {
        Tensor x = Tensor.of(new double[] {1, 3, 3, 0, 2, 3, 3, 1, 0}).reshape(1, 1, 3, 3).requiresGrad(true);
        Tensor y = x.maxPool2d(new int[] {2}, ONE, new int[] {0}, ONE);
        assertThat(y.toArray()).containsExactly(3, 3, 3, 3);
        y.sum().backward();
        // windows at (0,0), (0,1), (1,0), (1,1): their first 3s are at (0,1), (0,1), (2,0), (1,2)
        assertThat(x.grad().toArray()).containsExactly(0, 2, 0, 0, 0, 1, 1, 0, 0);
    }
}
