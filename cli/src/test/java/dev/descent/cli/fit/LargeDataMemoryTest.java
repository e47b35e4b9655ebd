package dev.descent.cli.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.descent.data.Table;
import dev.descent.optim.OptimizerSpec;
import dev.descent.train.FitConfig;
import dev.descent.train.LossFunction;
import dev.descent.train.Preparation;
import dev.descent.cli.Jar;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code fit} holds of a large CSV: the table once, as numbers, and the tensors made from it.
 * (Here rather than beside {@link Preparation} because measuring a thread's allocation needs
 * {@code jdk.management}, which the core module does not read.)
 */
class LargeDataMemoryTest {
    private static final FitConfig LINEAR = FitConfig.of("y", "linear", LossFunction.MSE, OptimizerSpec.of("sgd"), 1);

    /**
     * A large table is read where it is, never copied: preparing allocates the feature tensor and
     * the target (with its split), not a second table in the split's order.
     */
    @Test
    void preparingAllocatesTheTensorsAndNotACopyOfTheTable() {
        int n = 200_000;
        int features = 10;
        double[][] columns = new double[features + 1][n];
        Random random = new Random(7);
        for (double[] c : columns) {
            for (int i = 0; i < n; i++) {
                c[i] = random.nextDouble();
            }
        }
        List<Table.Column> cols = new ArrayList<>();
        for (int j = 0; j < features; j++) {
            cols.add(new Table.Numbers("x" + j, columns[j]));
        }
        cols.add(new Table.Numbers("y", columns[features]));
        Table table = Table.of(cols);
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        Preparation p = Preparation.prepare(LINEAR.withTestFraction(0.2), table, List.of());
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        long tensors = (long) n * (features + 1) * Double.BYTES; // the features and the target, train and test
        long tableBytes = (long) n * (features + 1) * Double.BYTES;
        assertThat(p.rows()).isEqualTo(n);
        // Beyond them: the target once more before its split, the split's row numbers (a permutation
        // and its two parts), and small things; a copy of the table would be as much as the tensors again.
        assertThat(allocated).isLessThan(tensors + (long) n * (Double.BYTES + 3 * Integer.BYTES) + tableBytes / 4);
    }

    /**
     * {@code fit --method closed} on a 40 MB numeric CSV in a heap of twice the file's size (and what
     * a tiny file needs). The live
     * data peak at the table and the feature tensor (about 1.7 times the file); a heap of 2 times is
     * enough only for a collector that can find room for one large array, as G1 can since JDK 22 (it
     * moves large arrays when it compacts; JDK 17's G1, Serial and Parallel need about 2.4 to 2.6
     * times, BENCHMARKS.md).
     */
    @Test
    @Tag(Jar.TAG)
    void aLargeNumericCsvFitsInAHeapOfTwiceItsSize(@TempDir Path dir) throws Exception {
        assumeTrue(Runtime.version().feature() >= 22, "JDK 17's G1 does not move large arrays when it compacts");
        Path csv = dir.resolve("large.csv");
        Random random = new Random(3);
        try (Writer w = Files.newBufferedWriter(csv)) {
            w.write("x0,x1,x2,x3,x4,x5,x6,x7,x8,x9,y\n");
            for (int i = 0; i < 360_000; i++) {
                double sum = 0;
                for (int j = 0; j < 10; j++) {
                    double v = Math.round(random.nextDouble() * 100e6) / 1e6;
                    sum += v;
                    w.write(String.format(Locale.ROOT, "%.6f,", v));
                }
                w.write(String.format(Locale.ROOT, "%.6f%n", sum));
            }
        }
        // Twice the file, and the 8 MB in which fit runs on a file of a few lines.
        long heapMiB = 2 * Files.size(csv) / (1024 * 1024) + 8;
        Process p = new ProcessBuilder(Jar.command(List.of("-XX:+UseG1GC", "-Xmx" + heapMiB + "m"),
                "fit", "--data", csv.toString(), "--target", "y", "--method", "closed"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.log").toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("finished").isTrue();
        String out = Files.readString(dir.resolve("out.log"));
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("360,000 samples").contains("x9         1.000000");
    }
}
