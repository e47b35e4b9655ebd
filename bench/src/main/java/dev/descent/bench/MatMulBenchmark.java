package dev.descent.bench;

import dev.descent.kernel.Kernels;
import dev.descent.kernel.MatMul;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Square dense products {@code C = op(A)·op(B)}, n×n, float64. The secondary result
 * {@code multiply:gflops} is the rate in GFLOP/s (2n³ floating-point operations per product); the
 * primary one is products per second.
 *
 * <p>{@code -p layout=TN,NT} measures transposed operands (T: that operand is read transposed),
 * {@code -p path=scalar} the path used without the Vector API, {@code -p tile=4x2,5x2,6x2} each
 * register tile of the vector micro-kernel ({@code auto}: the one chosen for this machine),
 * {@code -p dtype=float32} the float32 product.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class MatMulBenchmark {
    @Param({"64", "128", "256", "512", "1024", "2048"})
    public int n;

    @Param({"1", "2"})
    public int threads;

    @Param({"vector", "scalar"})
    public String path;

    @Param({"NN"})
    public String layout;

    @Param({"auto"})
    public String tile;

    @Param({"float64"})
    public String dtype;

    private double[] a;
    private double[] b;
    private double[] c;
    private float[] af;
    private float[] bf;
    private float[] cf;
    private boolean transA;
    private boolean transB;
    private double gflopPerProduct;

    /** Counts floating-point work so that JMH reports GFLOP/s beside products per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Flops {
        public double gflops;

        @Setup(Level.Iteration)
        public void reset() {
            gflops = 0;
        }
    }

    @Setup
    public void setUp() {
        Kernels.setThreads(threads);
        Kernels.setVectorApiEnabled(path.equals("vector"));
        Kernels.setMatMulTile(tile);
        if (layout.length() != 2 || !layout.matches("[NT][NT]")) {
            throw new IllegalArgumentException("layout must be NN, TN, NT or TT, got " + layout);
        }
        transA = layout.charAt(0) == 'T';
        transB = layout.charAt(1) == 'T';
        Random rng = new Random(0);
        a = new double[n * n];
        b = new double[n * n];
        c = new double[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = rng.nextGaussian();
            b[i] = rng.nextGaussian();
        }
        if (dtype.equals("float32")) {
            af = new float[n * n];
            bf = new float[n * n];
            cf = new float[n * n];
            for (int i = 0; i < a.length; i++) {
                af[i] = (float) a[i];
                bf[i] = (float) b[i];
            }
        } else if (!dtype.equals("float64")) {
            throw new IllegalArgumentException("dtype must be float64 or float32, got " + dtype);
        }
        gflopPerProduct = 2e-9 * n * n * n;
    }

    @Benchmark
    public Object multiply(Flops flops) {
        flops.gflops += gflopPerProduct;
        if (cf != null) {
            MatMul.multiply(af, 0, transA, bf, 0, transB, cf, 0, n, n, n);
            return cf;
        }
        MatMul.multiply(a, 0, transA, b, 0, transB, c, 0, n, n, n);
        return c;
    }
}
