package dev.descent.train;

import dev.descent.Tensor;
import dev.descent.data.Split;
import dev.descent.data.TensorDataset;
import java.util.Random;

/** Small seeded data sets for the trainer tests. */
final class Problems {
    private Problems() {
    }

    /** y = x·w + 0.3 + noise with x [n, 3]. */
    static TensorDataset regression(int n, long seed) {
        Random rng = new Random(seed);
        Tensor x = Tensor.randn(rng, n, 3);
        Tensor y = x.matmul(Tensor.of(new double[][] {{1.5}, {-2.0}, {0.5}})).add(0.3)
                .add(Tensor.randn(rng, n, 1).mul(0.05));
        return new TensorDataset(x, y);
    }

    /** Three Gaussian blobs in the plane, labels [n] as class indices, split 75/25. */
    static Split blobs(int n, long seed) {
        Random rng = new Random(seed);
        double[][] centres = {{-2, 0}, {2, 0}, {0, 2.5}};
        double[][] x = new double[n][];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            int c = i % 3;
            x[i] = new double[] {centres[c][0] + rng.nextGaussian() * 0.8, centres[c][1] + rng.nextGaussian() * 0.8};
            y[i] = c;
        }
        return Split.trainTest(Tensor.of(x), Tensor.of(y), 0.25, seed);
    }
}
