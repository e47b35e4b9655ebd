package dev.descent.cli.bench;

import java.util.Arrays;
import java.util.List;

/**
 * One workload's result: the median of several runs, in the workload's unit, the kernels' settings
 * the runs had ({@code Backend.describe()} then, e.g. their thread count), and an optional note (null
 * for none) such as a figure derived from the median.
 */
public record Measurement(String workload, String unit, List<Double> runs, String backend, String note) {
    /** A result without a note. */
    public Measurement(String workload, String unit, List<Double> runs, String backend) {
        this(workload, unit, runs, backend, null);
    }

    /** This result with a note. */
    public Measurement withNote(String text) {
        return new Measurement(workload, unit, runs, backend, text);
    }

    /** The median run; with an even count, the mean of the middle two. */
    public double median() {
        double[] sorted = runs.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
