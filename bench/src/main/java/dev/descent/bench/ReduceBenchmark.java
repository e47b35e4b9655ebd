package dev.descent.bench;

import dev.descent.Tensor;
import dev.descent.kernel.ReduceF64;
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

/** The pairwise sum of a million float64 values: the kernel alone, and {@code Tensor.sum()}. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class ReduceBenchmark {
    @Param({"1000000"})
    public int size;

    private double[] a;
    private Tensor x;

    @Setup
    public void setUp() {
        Random rng = new Random(0);
        a = new double[size];
        for (int i = 0; i < size; i++) {
            a[i] = rng.nextGaussian();
        }
        x = Tensor.randn(rng, size);
    }

    @Benchmark
    public double kernelSum() {
        return ReduceF64.pairwiseSum(a, 0, a.length);
    }

    @Benchmark
    public Tensor tensorSum() {
        return x.sum();
    }
}
