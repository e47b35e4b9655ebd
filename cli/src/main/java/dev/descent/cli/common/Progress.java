package dev.descent.cli.common;

import dev.descent.train.EpochReport;
import dev.descent.train.Metric;
import dev.descent.train.TrainingListener;
import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar (epoch, loss, speed) on standard error, shown only on a terminal and only once
 * training has run for a second: short runs and piped output stay clean.
 */
public final class Progress implements AutoCloseable, TrainingListener {
    private static final long SHOW_AFTER_NANOS = 1_000_000_000L;

    private final String task;
    private final int total;
    private final boolean terminal;
    private final long started = System.nanoTime();
    private ProgressBar bar;

    public Progress(String task, int total) {
        this(task, total, Terminal.isInteractive());
    }

    public Progress(String task, int total, boolean terminal) {
        this.task = task;
        this.total = total;
        this.terminal = terminal;
    }

    /** Reports that {@code epoch} of the total is done with this training loss. */
    public void update(int epoch, double loss) {
        update(epoch, String.format(java.util.Locale.ROOT, "loss %.6g", loss));
    }

    /** Reports that {@code epoch} of the total is done, with {@code metrics} shown after the bar. */
    public void update(int epoch, String metrics) {
        if (!terminal) {
            return;
        }
        if (bar == null) {
            if (System.nanoTime() - started < SHOW_AFTER_NANOS) {
                return;
            }
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setUnit(" epochs", 1)
                    .showSpeed().setStyle(ProgressBarStyle.ASCII)
                    .setConsumer(new ConsoleProgressBarConsumer(new PrintStream(System.err, true))).build();
        }
        bar.stepTo(epoch);
        bar.setExtraMessage(" " + metrics);
    }

    /** The loss, and with validation data the validation loss and accuracy (when computed). */
    @Override
    public void epochEnd(EpochReport report) {
        StringBuilder m = new StringBuilder(String.format(java.util.Locale.ROOT, "loss %.4g", report.train(Metric.LOSS)));
        if (report.hasValidation()) {
            m.append(String.format(java.util.Locale.ROOT, ", val loss %.4g", report.validation(Metric.LOSS)));
            if (report.validation().containsKey(Metric.ACCURACY)) {
                m.append(String.format(java.util.Locale.ROOT, ", val acc %.3f", report.validation(Metric.ACCURACY)));
            }
        }
        update(report.epoch(), m.toString());
    }

    /**
     * Clears the bar's line (when a bar is shown) so that a line printed on standard output now
     * starts at the left margin of the terminal; the bar draws itself again at its next update.
     */
    public void clearLine() {
        if (bar != null) {
            System.err.print("\r\033[2K");
            System.err.flush();
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
