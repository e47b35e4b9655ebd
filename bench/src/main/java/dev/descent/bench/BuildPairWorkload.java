package dev.descent.bench;

import dev.descent.Backend;
import dev.descent.DType;
import dev.descent.Tensor;
import dev.descent.nn.Linear;
import dev.descent.nn.Loss;
import dev.descent.nn.Module;
import dev.descent.nn.ReLU;
import dev.descent.nn.Sequential;
import dev.descent.optim.Sgd;
import java.util.Random;
import java.util.function.DoubleSupplier;

/**
 * One workload of {@link BuildPair}, loaded once per build, so that it runs on that build's classes.
 * Each call does one unit of work and returns its size: floating-point operations for the products,
 * samples for the MLP step.
 */
public final class BuildPairWorkload implements DoubleSupplier {
    private final Runnable work;
    private final double size;

    /**
     * The workload named {@code name}, one thread: {@code matmul-1024}, {@code mlp-products} (the MLP's
     * three large products: x·W₁ᵀ and gᵀ·x through {@code linear}'s forward and backward, as a Linear
     * layer runs them, including the copy of W₁'s gradient, and g·W₂) or {@code mlp} (one SGD step of
     * the 784-256-256-10 MLP on a batch of 128, as {@code descent bench}'s workload), each followed by
     * {@code -float32} or {@code -float64}.
     *
     * @throws IllegalArgumentException for another name
     */
    public BuildPairWorkload(String name) {
        Backend.setThreads(1);
        Random rng = new Random(0);
        DType dtype = name.endsWith("-float32") ? DType.FLOAT32 : DType.FLOAT64;
        String kind = name.matches(".*-float(32|64)") ? name.replaceFirst("-float(32|64)$", "") : "";
        switch (kind) {
            case "matmul-1024" -> {
                Tensor a = Tensor.randn(rng, dtype, 1024, 1024);
                Tensor b = Tensor.randn(rng, dtype, 1024, 1024);
                work = () -> a.matmul(b);
                size = 2.0 * 1024 * 1024 * 1024;
            }
            case "mlp-products" -> {
                Tensor g = Tensor.randn(rng, dtype, 128, 256);
                Tensor x = Tensor.randn(rng, dtype, 128, 784);
                Tensor w1 = Tensor.randn(rng, dtype, 256, 784).requiresGrad(true);
                Tensor w2 = Tensor.randn(rng, dtype, 256, 256);
                work = () -> {
                    // as Linear does: W₁ read transposed where it lies, and its gradient gᵀ·x with gᵀ read
                    // in place (matmul of transpose() would time two transposed copies as well)
                    w1.zeroGrad();
                    x.linear(w1, null).backward(g);
                    g.matmul(w2);
                };
                size = 2.0 * 128 * (2 * 256 * 784 + 256 * 256);
            }
            case "mlp" -> {
                Tensor x = Tensor.randn(rng, dtype, 128, 784);
                Tensor y = Tensor.randint(rng, 0, 10, 128);
                Module model = new Sequential(new Linear(784, 256, rng), new ReLU(), new Linear(256, 256, rng),
                        new ReLU(), new Linear(256, 10, rng)).to(dtype);
                Sgd optimizer = new Sgd(model.parameters(), Sgd.Options.lr(0.05).withMomentum(0.9));
                work = () -> {
                    optimizer.zeroGrad();
                    Loss.crossEntropy(model.forward(x), y).backward();
                    optimizer.step();
                };
                size = 128;
            }
            default -> throw new IllegalArgumentException("unknown workload " + name
                    + "; use matmul-1024, mlp-products or mlp, then -float32 or -float64");
        }
    }

    @Override
    public double getAsDouble() {
        work.run();
        return size;
    }
}
