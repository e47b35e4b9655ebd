package dev.descent.train;

import dev.descent.Tensor;
import dev.descent.nn.Module;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A run's own bookkeeping between epochs: its history, early stopping and the divergence baseline. */
final class RunState {
    /** The epochs run so far, appended in place (a History is immutable: appending to it copies it). */
    private final List<EpochReport> reports = new ArrayList<>();
    private int bestEpoch;
    private boolean stoppedEarly;
    /** The best value of the watched validation metric so far; NaN before the first. */
    double bestValue = Double.NaN;
    /** Epochs since the watched metric last improved. */
    int badEpochs;
    /** The first batch loss of the run: divergence is growth far beyond it. */
    double startLoss = Double.NaN;
    /** Copies of the model's state at its best epoch, when it is to be restored; else empty. */
    Map<String, Tensor> best = Map.of();

    /**
     * Records the watched validation value of {@code epoch} and returns the best epoch so far;
     * keeps a copy of {@code model}'s state at a new best unless {@code model} is null. NaN never improves.
     */
    int observe(int epoch, double value, Metric monitor, Module model) {
        if (!Double.isNaN(value) && (Double.isNaN(bestValue) || monitor.isBetter(value, bestValue))) {
            bestValue = value;
            badEpochs = 0;
            best = model == null ? Map.of() : Snapshots.of(model);
            return epoch;
        }
        badEpochs++;
        return bestEpoch;
    }

    int epochsRun() {
        return reports.size();
    }

    boolean stoppedEarly() {
        return stoppedEarly;
    }

    /** Records an epoch, the best epoch so far and whether the run stopped early after it. */
    void add(EpochReport report, int best, boolean stopped) {
        reports.add(report);
        bestEpoch = best;
        stoppedEarly = stopped;
    }

    /** The run so far as a History (a copy). */
    History history() {
        return new History(reports, bestEpoch, stoppedEarly);
    }

    Map<String, Tensor> tensors() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("best_value", Tensor.of(bestValue));
        out.put("bad_epochs", Tensor.of((double) badEpochs));
        out.put("start_loss", Tensor.of(startLoss));
        return out;
    }

    static RunState of(TrainingState state) {
        RunState p = new RunState();
        p.reports.addAll(state.history().reports());
        p.bestEpoch = state.history().bestEpoch();
        p.stoppedEarly = state.history().stoppedEarly();
        p.bestValue = number(state.progress(), "best_value");
        double bad = number(state.progress(), "bad_epochs");
        if (!(bad >= 0) || bad != Math.rint(bad) || bad > state.epoch()) {
            throw new IllegalArgumentException("checkpoint: entry 'progress.bad_epochs' is " + bad
                    + "; expected a whole number from 0 to the epoch, " + state.epoch());
        }
        p.badEpochs = (int) bad;
        p.startLoss = number(state.progress(), "start_loss");
        p.best = state.best();
        if (state.progress().size() != 3) {
            throw new IllegalArgumentException("checkpoint: the progress entries are " + state.progress().keySet()
                    + "; expected [best_value, bad_epochs, start_loss]");
        }
        return p;
    }

    private static double number(Map<String, Tensor> progress, String key) {
        Tensor t = progress.get(key);
        if (t == null || t.numel() != 1) {
            throw new IllegalArgumentException("checkpoint: entry 'progress." + key + "' is "
                    + (t == null ? "missing" : "of shape " + t.shape() + "; expected one number"));
        }
        return t.item();
    }
}
