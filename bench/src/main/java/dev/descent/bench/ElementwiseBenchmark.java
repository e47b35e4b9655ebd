package dev.descent.bench;

import dev.descent.Tensor;
import dev.descent.kernel.Elementwise;
import dev.descent.kernel.ElementwiseF64;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Elementwise add and multiply of two float64 arrays of a million elements: the kernel alone, and
 * through {@code Tensor} (which adds the result's allocation and the op's bookkeeping). Each op
 * moves 24 MB (two reads, one write), so µs/op gives the memory bandwidth reached.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class ElementwiseBenchmark {
    @Param({"1000000"})
    public int size;

    private double[] a;
    private double[] b;
    private int[] dims;
    private Tensor x;
    private Tensor y;

    @Setup
    public void setUp() {
        Random rng = new Random(0);
        a = new double[size];
        b = new double[size];
        for (int i = 0; i < size; i++) {
            a[i] = rng.nextGaussian();
            b[i] = rng.nextGaussian();
        }
        dims = new int[] {size};
        x = Tensor.randn(rng, size);
        y = Tensor.randn(rng, size);
    }

    @Benchmark
    public double[] kernelAdd() {
        return ElementwiseF64.binary(Elementwise.Binary.ADD, a, dims, b, dims, dims);
    }

    @Benchmark
    public double[] kernelMul() {
        return ElementwiseF64.binary(Elementwise.Binary.MUL, a, dims, b, dims, dims);
    }

    @Benchmark
    public Tensor tensorAdd() {
        return x.add(y);
    }

    @Benchmark
    public Tensor tensorMul() {
        return x.mul(y);
    }
}
