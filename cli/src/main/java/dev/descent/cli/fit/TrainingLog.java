package dev.descent.cli.fit;

import dev.descent.cli.common.Formatting;
import dev.descent.cli.common.Interrupt;
import dev.descent.cli.common.Progress;
import dev.descent.train.EpochReport;
import dev.descent.train.History;
import dev.descent.train.Metric;
import dev.descent.train.TrainingListener;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * The epoch table of {@code descent fit}, printed as training goes (Keras's {@code verbose=2}): a
 * row for every {@code every}-th epoch, the first and the last, each flushed as soon as its epoch
 * ends, whether standard output is a terminal, a pipe or a file; the progress bar on standard
 * error beside it; and Ctrl-C passed on to the trainer as a request to stop.
 */
final class TrainingLog implements TrainingListener {
    private final PrintWriter out;
    private final List<Metric> metrics;
    private final boolean validation;
    private final int epochs;
    private final int every;
    private final Progress progress;
    private final Interrupt interrupt;
    private int lastPrinted;

    /**
     * @param out where the rows go, or null to print none (JSON output)
     * @param metrics the columns for each split: the loss first
     * @param validation true when there are held-out rows
     * @param epochs the run's last epoch
     * @param every print every this many epochs (and the first and the last)
     */
    TrainingLog(PrintWriter out, List<Metric> metrics, boolean validation, int epochs, int every, Progress progress,
                Interrupt interrupt) {
        this.out = out;
        this.metrics = metrics;
        this.validation = validation;
        this.epochs = epochs;
        this.every = every;
        this.progress = progress;
        this.interrupt = interrupt;
    }

    /** About ten rows for the whole run. */
    static int defaultEvery(int epochs) {
        return Math.max(1, (int) Math.ceil(epochs / 10.0));
    }

    /** Prints the column names. */
    void header() {
        if (out == null) {
            return;
        }
        StringBuilder header = new StringBuilder("  epoch");
        for (String split : validation ? List.of("train", "test") : List.of("train")) {
            for (Metric m : metrics) {
                header.append(String.format(Locale.ROOT, " %13s", split + " " + label(m)));
            }
        }
        header.append("  learning rate");
        out.println(header);
        out.flush();
    }

    @Override
    public void epochEnd(EpochReport r) {
        progress.epochEnd(r);
        int e = r.epoch();
        if (e == 1 || e == epochs || e % every == 0) {
            row(r);
        }
    }

    @Override
    public boolean shouldStop() {
        return interrupt != null && interrupt.requested();
    }

    /** Prints the run's last epoch if its row is not out yet (a run stopped early or by Ctrl-C). */
    void finish(History h) {
        progress.close();
        if (!h.reports().isEmpty() && lastPrinted != h.epochsRun()) {
            row(h.last());
        }
    }

    private void row(EpochReport r) {
        lastPrinted = r.epoch();
        if (out == null) {
            return;
        }
        StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  %5d", r.epoch()));
        for (Metric m : metrics) {
            // A data-parallel run sees only the loss of its training rows.
            row.append(String.format(Locale.ROOT, " %13s", r.train().containsKey(m) ? value(m, r.train(m)) : "-"));
        }
        if (validation) {
            for (Metric m : metrics) {
                row.append(String.format(Locale.ROOT, " %13s", value(m, r.validation(m))));
            }
        }
        row.append("  ").append(Formatting.num(r.learningRate()));
        progress.clearLine();
        out.println(row);
        out.flush();
    }

    private static String label(Metric m) {
        return m == Metric.R2 ? "R²" : m == Metric.ACCURACY ? "acc." : m.key();
    }

    static String value(Metric m, double v) {
        return Formatting.metric(m == Metric.ACCURACY ? "%.4f" : "%.6g", v);
    }
}
