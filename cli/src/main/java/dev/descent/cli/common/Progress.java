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
        bar.setExtraMessage(String.format(java.util.Locale.ROOT, "loss %.6g", loss));
    }

    @Override
    public void epochEnd(EpochReport report) {
        update(report.epoch(), report.train(Metric.LOSS));
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
