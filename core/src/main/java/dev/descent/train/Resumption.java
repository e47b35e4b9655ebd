package dev.descent.train;

import dev.descent.Tensor;
import dev.descent.nn.Module;
import dev.descent.optim.Optimizer;
import dev.descent.optim.schedule.LrScheduler;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Puts a run back into the state a checkpoint recorded, all of it or (when any part does not fit) none of it. */
final class Resumption {
    private Resumption() {
    }

    /** Loads every part of {@code s}; if any part does not fit, puts back what was loaded and throws. */
    static RunState restore(TrainingState s, Module model, Optimizer optimizer, LrScheduler scheduler,
            GradientSource loader, List<Metric> trainMetrics, boolean hasValidation) {
        if ((scheduler == null) != s.scheduler().isEmpty()) {
            throw new IllegalArgumentException("resume: the checkpoint was saved " + (scheduler == null ? "with" : "without")
                    + " a learning-rate scheduler but this trainer has " + (scheduler == null ? "none" : "one")
                    + "; set up the run as it was");
        }
        if (s.epoch() > 0) {
            EpochReport first = s.history().reports().get(0);
            if (!first.train().keySet().equals(Set.copyOf(trainMetrics))) {
                throw new IllegalArgumentException("resume: the checkpoint's history has the metrics "
                        + first.train().keySet() + " but this run reports " + trainMetrics
                        + "; use the task and the data of the saved run");
            }
            if (first.hasValidation() != hasValidation) {
                throw new IllegalArgumentException("resume: the checkpoint was saved " + (hasValidation ? "without" : "with")
                        + " validation data; pass the same validation data as the saved run");
            }
        }
        Map<String, Tensor> model0 = Snapshots.of(model);
        Map<String, Tensor> optimizer0 = optimizer.stateDict();
        Map<String, Tensor> scheduler0 = scheduler == null ? null : scheduler.stateDict();
        Map<String, Tensor> loader0 = loader.stateDict();
        Map<String, Tensor> random0 = RandomStates.save(model);
        try {
            model.loadStateDict(s.model());
            optimizer.loadStateDict(s.optimizer());
            if (scheduler != null) {
                scheduler.loadStateDict(s.scheduler());
            }
            loader.loadStateDict(s.loader());
            RandomStates.load(model, s.random());
            if (!s.best().isEmpty()) {
                Snapshots.requireSameKeys(model0, s.best());
            }
            return RunState.of(s);
        } catch (RuntimeException e) {
            model.loadStateDict(model0);
            optimizer.loadStateDict(optimizer0);
            if (scheduler != null) {
                scheduler.loadStateDict(scheduler0);
            }
            loader.loadStateDict(loader0);
            RandomStates.load(model, random0);
            throw new IllegalArgumentException("resume: the checkpoint does not fit this run: " + e.getMessage(), e);
        }
    }
}
