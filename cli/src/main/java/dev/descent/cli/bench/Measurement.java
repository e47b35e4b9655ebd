package dev.descent.cli.bench;

import java.util.Arrays;
import java.util.List;

/** One workload's result: the median of several runs, in the workload's unit. */
public record Measurement(String workload, String unit, List<Double> runs) {
    /** The median run; with an even count, the mean of the middle two. */
    public double median() {
        double[] sorted = runs.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
