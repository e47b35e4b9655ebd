package dev.descent.cli.bench;

import dev.descent.DType;
import dev.descent.NoGrad;
import dev.descent.Scope;
import dev.descent.Tensor;
import dev.descent.data.Batch;
import dev.descent.data.DataLoader;
import dev.descent.data.StandardScaler;
import dev.descent.data.TensorDataset;
import dev.descent.io.Datasets;
import dev.descent.Backend;
import dev.descent.nn.Architecture;
import dev.descent.nn.Conv2d;
import dev.descent.nn.Linear;
import dev.descent.nn.Loss;
import dev.descent.nn.Module;
import dev.descent.nn.ReLU;
import dev.descent.nn.Sequential;
import dev.descent.optim.Adam;
import dev.descent.optim.Sgd;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * The workloads of the performance table, each written the way a user would write it with the
 * public API and timed after warm-up, in the same shape as the peer scripts in
 * {@code shared/bench/peers} so that their figures can be compared.
 */
public final class Workloads {
    /** The workload names in table order. */
    public static final List<String> NAMES = List.of("course-2x2-autograd", "course-xyz-autograd",
            "scalar-mul-add-backward", "boston-gd-1000", "matmul-1024-t1", "matmul-1024-t2", "matmul-1024-t1-float32",
            "matmul-1024-t2-float32", "mlp-784-256-256-10", "mlp-784-256-256-10-float32", "conv-64x28x28-32-64",
            "conv-64x28x28-32-64-float32", "lenet-fashion-mnist", "lenet-fashion-mnist-float32");

    /** The images in one epoch of Fashion-MNIST's training set, for the LeNet workloads' epoch time. */
    static final int EPOCH_IMAGES = 60_000;

    private final boolean quick;

    public Workloads(boolean quick) {
        this.quick = quick;
    }

    /** Runs one workload by name. */
    public Measurement run(String name) {
        return switch (name) {
            case "course-2x2-autograd" -> repeat(name, "us", 3, 30, () -> micros(Workloads::twoXSquared));
            case "course-xyz-autograd" -> repeat(name, "us", 3, 30, () -> micros(Workloads::sumOfSquares));
            case "scalar-mul-add-backward" -> repeat(name, "us/iter", 3, 5, Workloads::scalarMulAdd);
            case "boston-gd-1000" -> bostonGd(name);
            case "matmul-1024-t1" -> onThreads(1, () -> matmul(name, DType.FLOAT64));
            case "matmul-1024-t2" -> onThreads(2, () -> matmul(name, DType.FLOAT64));
            case "matmul-1024-t1-float32" -> onThreads(1, () -> matmul(name, DType.FLOAT32));
            case "matmul-1024-t2-float32" -> onThreads(2, () -> matmul(name, DType.FLOAT32));
            case "mlp-784-256-256-10" -> onThreads(1, () -> mlp(name, DType.FLOAT64));
            case "mlp-784-256-256-10-float32" -> onThreads(1, () -> mlp(name, DType.FLOAT32));
            case "conv-64x28x28-32-64" -> onThreads(1, () -> conv(name, DType.FLOAT64));
            case "conv-64x28x28-32-64-float32" -> onThreads(1, () -> conv(name, DType.FLOAT32));
            case "lenet-fashion-mnist" -> onThreads(1, () -> lenet(name, DType.FLOAT64));
            case "lenet-fashion-mnist-float32" -> onThreads(1, () -> lenet(name, DType.FLOAT32));
            default -> throw new IllegalArgumentException("bench: unknown workload '" + name + "' (known: "
                    + String.join(", ", NAMES) + ")");
        };
    }

    /** Runs {@code workload} with the library's kernels on {@code threads} threads, then restores their number. */
    private static Measurement onThreads(int threads, Supplier<Measurement> workload) {
        int previous = Backend.threads();
        Backend.setThreads(threads);
        try {
            return workload.get();
        } finally {
            Backend.setThreads(previous);
        }
    }

    /**
     * Runs {@code once} for at least {@code warmupSeconds} (the JIT needs a few seconds of a loop
     * before it is compiled for good; a fixed small count measured the interpreter), then
     * {@code runs} more times and keeps those.
     */
    private Measurement repeat(String name, String unit, double warmupSeconds, int runs, DoubleSupplier once) {
        long warmupNanos = (long) ((quick ? warmupSeconds / 6 : warmupSeconds) * 1e9);
        int r = quick ? Math.max(3, runs / 4) : runs;
        long start = System.nanoTime();
        double warm = 0;
        do {
            warm += once.getAsDouble(); // summed so that the warm-up runs cannot be optimised away
        } while (System.nanoTime() - start < warmupNanos);
        if (Double.isNaN(warm)) {
            throw new IllegalStateException("bench " + name + ": a warm-up run measured NaN");
        }
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < r; i++) {
            values.add(once.getAsDouble());
        }
        return new Measurement(name, unit, values, Backend.describe());
    }

    private static double micros(Runnable r) {
        long t0 = System.nanoTime();
        r.run();
        return (System.nanoTime() - t0) / 1e3;
    }

    /** The course's loop: y = 2x², 1000 epochs, lr 1e-2, update under no-grad, zero the gradient. */
    static double twoXSquared() {
        Tensor x = Tensor.of(-576.0).requiresGrad(true);
        Tensor lr = Tensor.of(1e-2);
        for (int epoch = 0; epoch < 1000; epoch++) {
            Tensor loss = x.pow(2).mul(2);
            loss.backward();
            Scope s = NoGrad.scope();
            try (s) {
                x.subInPlace(x.grad().mul(lr));
            }
            x.zeroGrad();
        }
        return x.item();
    }

    /** x² + y² + z² with one scalar tensor per variable, as the course writes it. */
    static double sumOfSquares() {
        Tensor x = Tensor.of(593.0).requiresGrad(true);
        Tensor y = Tensor.of(-235.0).requiresGrad(true);
        Tensor z = Tensor.of(-262.0).requiresGrad(true);
        Tensor lr = Tensor.of(1e-2);
        for (int epoch = 0; epoch < 1000; epoch++) {
            Tensor loss = x.pow(2).add(y.pow(2)).add(z.pow(2));
            loss.backward();
            Scope s = NoGrad.scope();
            try (s) {
                x.subInPlace(x.grad().mul(lr));
                y.subInPlace(y.grad().mul(lr));
                z.subInPlace(z.grad().mul(lr));
            }
            x.zeroGrad();
            y.zeroGrad();
            z.zeroGrad();
        }
        return x.item() + y.item() + z.item();
    }

    /** z = x·y + x and backward, gradients accumulating: the per-operation overhead, in µs per iteration. */
    static double scalarMulAdd() {
        Tensor x = Tensor.of(1.5).requiresGrad(true);
        Tensor y = Tensor.of(-0.5).requiresGrad(true);
        int iterations = 100_000;
        long t0 = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            x.mul(y).add(x).backward();
        }
        return (System.nanoTime() - t0) / 1e3 / iterations;
    }

    /** Full-batch gradient descent on standardised Boston, lr 0.1, 1000 epochs, in ms per run. */
    private Measurement bostonGd(String name) {
        var boston = Datasets.boston();
        Tensor x = new StandardScaler().fitTransform(boston.features());
        Tensor y = boston.target();
        return repeat(name, "ms", 3, 15, () -> {
            long t0 = System.nanoTime();
            dev.descent.linear.LinearRegression.gradientDescent(x, y, 0.1, 1000);
            return (System.nanoTime() - t0) / 1e6;
        });
    }

    /** C = A·B for n = 1024 in float64 or float32, in GFLOP/s (2n³ operations). */
    private Measurement matmul(String name, DType dtype) {
        Random rng = new Random(0);
        Tensor a = Tensor.randn(rng, dtype, 1024, 1024);
        Tensor b = Tensor.randn(rng, dtype, 1024, 1024);
        double flops = 2.0 * 1024 * 1024 * 1024;
        return repeat(name, "GFLOP/s", 2, 9, () -> {
            long t0 = System.nanoTime();
            a.matmul(b);
            return flops / (System.nanoTime() - t0);
        });
    }

    /**
     * MLP 784-256-256-10 with ReLU, cross-entropy, SGD lr 0.05 momentum 0.9, batch 128, on 60,000
     * synthetic samples reshuffled each epoch, on one thread (as the peer rows it is set beside): one
     * warm-up epoch, then samples per second per epoch.
     * In float32 the model is cast with {@code to(FLOAT32)} and the inputs drawn in float32 (the
     * float64 samples rounded), as {@code model.to(torch.float32)} in the peer script.
     */
    private Measurement mlp(String name, DType dtype) {
        int n = quick ? 12_800 : 60_000;
        Random rng = new Random(0);
        Tensor x = Tensor.randn(rng, dtype, n, 784);
        Tensor y = Tensor.randint(rng, 0, 10, n);
        Module model = new Sequential(new Linear(784, 256, rng), new ReLU(), new Linear(256, 256, rng), new ReLU(),
                new Linear(256, 10, rng)).to(dtype);
        Sgd optimizer = new Sgd(model.parameters(), Sgd.Options.lr(0.05).withMomentum(0.9));
        DataLoader loader = new DataLoader(new TensorDataset(x, y), DataLoader.Options.batchSize(128).withShuffle(0));
        DoubleSupplier epoch = () -> {
            long t0 = System.nanoTime();
            for (Batch batch : loader) {
                optimizer.zeroGrad();
                Tensor loss = Loss.crossEntropy(model.forward(batch.features()), batch.targets());
                loss.backward();
                optimizer.step();
            }
            return n / ((System.nanoTime() - t0) / 1e9);
        };
        return repeat(name, "samples/s", 0, 3, epoch); // a zero warm-up still runs one epoch first
    }

    /**
     * Conv2d(1→32, 3×3, padding 1) → ReLU → Conv2d(32→64, 3×3, padding 1) on a batch of 64×1×28×28
     * random inputs (no gradient for them), one thread: the milliseconds of one forward pass, the sum
     * of the output and its backward pass (the parameters' gradients forgotten before each, untimed).
     */
    private Measurement conv(String name, DType dtype) {
        Random rng = new Random(0);
        Module model = new Sequential(new Conv2d(1, 32, 3, Conv2d.Options.DEFAULT.withPadding(1), rng), new ReLU(),
                new Conv2d(32, 64, 3, Conv2d.Options.DEFAULT.withPadding(1), rng)).to(dtype);
        Tensor x = Tensor.randn(rng, dtype, 64, 1, 28, 28);
        return repeat(name, "ms", 3, 15, () -> {
            model.zeroGrad();
            long t0 = System.nanoTime();
            model.forward(x).sum().backward();
            return (System.nanoTime() - t0) / 1e6;
        });
    }

    /**
     * Training throughput of the LeNet-style {@code cnn:6k5,16k5|120,84} for 28×28 images and 10
     * classes (two blocks of 5×5 convolution, ReLU and 2×2 max-pooling, then 784→120→84→10), Adam lr
     * 10⁻³, cross-entropy, batch 64, one thread. The data do not matter for speed: one batch of
     * standard-normal inputs {@code [64, 784]} and uniform labels, stepped on again and again. A run is
     * 50 steps (3,200 samples; 10 with --quick), in samples per second; the note gives the implied time
     * of one 60,000-image epoch at the median.
     */
    private Measurement lenet(String name, DType dtype) {
        int batch = 64;
        int steps = quick ? 10 : 50;
        Random rng = new Random(0);
        Module model = Architecture.of("cnn:6k5,16k5|120,84", 784, 10).build(rng).to(dtype);
        Tensor x = Tensor.randn(rng, dtype, batch, 784);
        Tensor y = Tensor.randint(rng, 0, 10, batch);
        Adam optimizer = new Adam(model.parameters(), Adam.Options.lr(1e-3));
        Measurement m = repeat(name, "samples/s", 3, 7, () -> {
            long t0 = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                optimizer.zeroGrad();
                Tensor loss = Loss.crossEntropy(model.forward(x), y);
                loss.backward();
                optimizer.step();
            }
            return (double) steps * batch / ((System.nanoTime() - t0) / 1e9);
        });
        return m.withNote(String.format(Locale.ROOT, "one %,d-image epoch: %.1f s at the median",
                EPOCH_IMAGES, EPOCH_IMAGES / m.median()));
    }
}
