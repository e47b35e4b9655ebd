package dev.descent.train;

import java.util.List;

/**
 * The per-epoch record of a training run (Keras's {@code History}): one {@link EpochReport} per
 * epoch, which epoch scored best on the watched validation metric, and whether early stopping
 * ended the run.
 *
 * <pre>{@code
 * History history = trainer.fit(loader, validation);
 * double[] curve = history.validation(Metric.LOSS);   // one value per epoch, for a plot
 * history.last().validation(Metric.ACCURACY);
 * }</pre>
 *
 * @param reports one report per epoch run, epoch 1 first
 * @param bestEpoch the epoch with the best validation value of the watched metric; 0 without validation data
 * @param stoppedEarly true when early stopping ended the run before its last epoch
 */
public record History(List<EpochReport> reports, int bestEpoch, boolean stoppedEarly) {
    /** Copies the reports and checks that they are epochs 1, 2, 3, .... */
    public History {
        reports = List.copyOf(reports);
        for (int i = 0; i < reports.size(); i++) {
            if (reports.get(i).epoch() != i + 1) {
                throw new IllegalArgumentException("History: report " + i + " is of epoch " + reports.get(i).epoch()
                        + "; reports must be epochs 1, 2, 3, ... in order");
            }
        }
        if (bestEpoch < 0 || bestEpoch > reports.size()) {
            throw new IllegalArgumentException("History: best epoch " + bestEpoch + " is not one of the "
                    + reports.size() + " epochs");
        }
    }

    /** The history of a run that has not started. */
    public static History empty() {
        return new History(List.of(), 0, false);
    }

    /** The number of epochs run. */
    public int epochsRun() {
        return reports.size();
    }

    /**
     * The last epoch's report.
     *
     * @throws IllegalStateException when no epoch has run
     */
    public EpochReport last() {
        if (reports.isEmpty()) {
            throw new IllegalStateException("History.last: no epoch has run yet");
        }
        return reports.get(reports.size() - 1);
    }

    /** Training metric {@code metric} of every epoch, epoch 1 first. */
    public double[] train(Metric metric) {
        double[] out = new double[reports.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = reports.get(i).train(metric);
        }
        return out;
    }

    /** Validation metric {@code metric} of every epoch, epoch 1 first. */
    public double[] validation(Metric metric) {
        double[] out = new double[reports.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = reports.get(i).validation(metric);
        }
        return out;
    }

    /** The learning rate of every epoch, epoch 1 first. */
    public double[] learningRates() {
        double[] out = new double[reports.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = reports.get(i).learningRate();
        }
        return out;
    }
}
