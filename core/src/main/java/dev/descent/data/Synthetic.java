package dev.descent.data;

import dev.descent.Shape;
import dev.descent.Tensor;
import java.util.Random;

/**
 * Small two-dimensional classification sets to watch a network learn, after scikit-learn's
 * {@code make_circles} and {@code make_blobs} and TensorFlow Playground's spirals and XOR. Each
 * returns features {@code [n, 2]} inside about [−1, 1]² and targets {@code [n]} of class indices;
 * the same arguments and seed give the same points.
 *
 * <pre>{@code
 * TensorDataset xor = Synthetic.xor(200, 0.05, new Random(0));   // features [200, 2], targets [200]
 * }</pre>
 */
public final class Synthetic {
    private Synthetic() {
    }

    /** The set called {@code name}: {@code spirals}, {@code circles}, {@code xor} or {@code clusters}. */
    public static TensorDataset of(String name, int n, double noise, Random rng) {
        return switch (name) {
            case "spirals" -> spirals(n, noise, rng);
            case "circles" -> circles(n, noise, rng);
            case "xor" -> xor(n, noise, rng);
            case "clusters" -> clusters(n, 3, noise, rng);
            default -> throw new IllegalArgumentException("Synthetic: no set called '" + name
                    + "'; the sets are spirals, circles, xor and clusters");
        };
    }

    /**
     * Two interleaved spirals, one per class, each turning 1.75 times around the origin; point i of
     * a class lies at radius r = i/m and angle 3.5πr (+π for class 1), plus Gaussian noise of
     * standard deviation {@code noise}.
     *
     * @throws IllegalArgumentException if n is below 2 or noise is negative
     */
    public static TensorDataset spirals(int n, double noise, Random rng) {
        check("spirals", n, 2, noise);
        double[] x = new double[2 * n];
        double[] y = new double[n];
        int perClass = (n + 1) / 2;
        for (int i = 0; i < n; i++) {
            int label = i % 2;
            double r = (double) (i / 2 + 1) / perClass;
            double angle = 3.5 * Math.PI * r + label * Math.PI;
            x[2 * i] = r * Math.sin(angle) + noise * rng.nextGaussian();
            x[2 * i + 1] = r * Math.cos(angle) + noise * rng.nextGaussian();
            y[i] = label;
        }
        return dataset(x, y);
    }

    /**
     * Two concentric circles (scikit-learn's {@code make_circles} with {@code factor=0.5}): class 0
     * on the unit circle, class 1 on radius 0.5, plus Gaussian noise.
     *
     * @throws IllegalArgumentException if n is below 2 or noise is negative
     */
    public static TensorDataset circles(int n, double noise, Random rng) {
        check("circles", n, 2, noise);
        double[] x = new double[2 * n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            int label = i % 2;
            double radius = label == 0 ? 1 : 0.5;
            double angle = 2 * Math.PI * rng.nextDouble();
            x[2 * i] = radius * Math.cos(angle) + noise * rng.nextGaussian();
            x[2 * i + 1] = radius * Math.sin(angle) + noise * rng.nextGaussian();
            y[i] = label;
        }
        return dataset(x, y);
    }

    /**
     * Points uniform in [−1, 1]², class 1 where the coordinates' signs differ (exclusive or), the
     * noise added after labelling; points within 0.05 of an axis are drawn again so the classes are
     * separable when there is no noise.
     *
     * @throws IllegalArgumentException if n is below 2 or noise is negative
     */
    public static TensorDataset xor(int n, double noise, Random rng) {
        check("xor", n, 2, noise);
        double[] x = new double[2 * n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double a;
            double b;
            do {
                a = 2 * rng.nextDouble() - 1;
                b = 2 * rng.nextDouble() - 1;
            } while (Math.abs(a) < 0.05 || Math.abs(b) < 0.05);
            y[i] = (a > 0) != (b > 0) ? 1 : 0;
            x[2 * i] = a + noise * rng.nextGaussian();
            x[2 * i + 1] = b + noise * rng.nextGaussian();
        }
        return dataset(x, y);
    }

    /**
     * {@code k} Gaussian clusters (scikit-learn's {@code make_blobs}), one per class, with centres
     * evenly spaced on the circle of radius 0.6 and standard deviation {@code 0.1 + noise}.
     *
     * @throws IllegalArgumentException if n is below k, k below 2 or noise is negative
     */
    public static TensorDataset clusters(int n, int k, double noise, Random rng) {
        if (k < 2) {
            throw new IllegalArgumentException("Synthetic.clusters: k = " + k + " classes; it needs at least 2");
        }
        check("clusters", n, k, noise);
        double[] x = new double[2 * n];
        double[] y = new double[n];
        double spread = 0.1 + noise;
        for (int i = 0; i < n; i++) {
            int label = i % k;
            double angle = 2 * Math.PI * label / k + Math.PI / 2;
            x[2 * i] = 0.6 * Math.cos(angle) + spread * rng.nextGaussian();
            x[2 * i + 1] = 0.6 * Math.sin(angle) + spread * rng.nextGaussian();
            y[i] = label;
        }
        return dataset(x, y);
    }

    private static void check(String name, int n, int least, double noise) {
        if (n < least) {
            throw new IllegalArgumentException("Synthetic." + name + ": n = " + n + " points; it needs at least " + least);
        }
        if (!(noise >= 0) || Double.isInfinite(noise)) {
            throw new IllegalArgumentException("Synthetic." + name + ": noise " + noise + " must be finite and at least 0");
        }
    }

    private static TensorDataset dataset(double[] x, double[] y) {
        return new TensorDataset(Tensor.of(x, Shape.of(y.length, 2)), Tensor.of(y));
    }
}
