package dev.descent.optim.schedule;

import dev.descent.Tensor;
import dev.descent.optim.Optimizer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Applies an {@link LrLambda} to an optimizer, one epoch at a time, like the schedulers of
 * {@code torch.optim.lr_scheduler}: the learning rate of epoch e is {@code schedule(γ₀, e)},
 * where γ₀ is the optimizer's learning rate when the scheduler was made.
 *
 * <p>Making the scheduler sets epoch 0's rate; call {@link #step()} once at the end of every epoch.
 * <pre>{@code
 * var optimizer = new Sgd(params, Sgd.Options.lr(0.1).withMomentum(0.9));
 * var scheduler = new LrScheduler(optimizer, new LinearWarmup(5, new CosineAnnealingLr(95)));
 * for (int epoch = 0; epoch < 100; epoch++) {
 *     for (Batch batch : loader) { ... optimizer.step(); optimizer.zeroGrad(); }
 *     scheduler.step();
 * }
 * }</pre>
 *
 * <p>The rate is computed from the closed form each epoch, never by multiplying the previous one,
 * so the whole state is the epoch counter and the base rate ({@link #stateDict()}).
 */
public final class LrScheduler {
    private static final String EPOCH = "last_epoch";
    private static final String BASE_LR = "base_lr";

    private final Optimizer optimizer;
    private final LrLambda schedule;
    private double baseLr;
    private int epoch;

    /** A scheduler at epoch 0; sets the optimizer's learning rate to the schedule's value for epoch 0. */
    public LrScheduler(Optimizer optimizer, LrLambda schedule) {
        if (optimizer == null || schedule == null) {
            throw new IllegalArgumentException("LrScheduler: the optimizer and the schedule must not be null");
        }
        this.optimizer = optimizer;
        this.schedule = schedule;
        this.baseLr = optimizer.learningRate();
        apply();
    }

    /** Ends an epoch: moves to the next one and sets its learning rate ({@code scheduler.step()}). */
    public void step() {
        epoch++;
        apply();
    }

    /** The current epoch: 0 until the first {@link #step()} ({@code last_epoch}). */
    public int epoch() {
        return epoch;
    }

    /** The learning rate of the current epoch ({@code get_last_lr()}). */
    public double learningRate() {
        return schedule.learningRate(baseLr, epoch);
    }

    /** The learning rate the optimizer had when the scheduler was made (PyTorch's {@code base_lrs}). */
    public double baseLearningRate() {
        return baseLr;
    }

    /** The schedule being applied. */
    public LrLambda schedule() {
        return schedule;
    }

    /** The scheduler's state as {@code last_epoch} and {@code base_lr} scalars ({@code scheduler.state_dict()}). */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put(EPOCH, Tensor.of((double) epoch));
        out.put(BASE_LR, Tensor.of(baseLr));
        return out;
    }

    /**
     * Restores a state from {@link #stateDict()} and sets the optimizer's learning rate for the
     * restored epoch ({@code scheduler.load_state_dict}).
     *
     * @throws IllegalArgumentException when an entry is missing, not one number, or out of range
     */
    public void loadStateDict(Map<String, Tensor> state) {
        if (state == null) {
            throw new IllegalArgumentException("LrScheduler.loadStateDict: the state is null; pass the map returned by stateDict()");
        }
        double e = number(state, EPOCH);
        double b = number(state, BASE_LR);
        if (!(e >= 0) || e != Math.rint(e) || e > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("LrScheduler.loadStateDict: entry '" + EPOCH + "' is " + e
                    + "; it must be a whole number of epochs, not below 0");
        }
        if (!(b > 0) || Double.isInfinite(b)) {
            throw new IllegalArgumentException("LrScheduler.loadStateDict: entry '" + BASE_LR + "' is " + b
                    + "; it must be positive and finite");
        }
        this.epoch = (int) e;
        this.baseLr = b;
        apply();
    }

    private static double number(Map<String, Tensor> state, String key) {
        Tensor t = state.get(key);
        if (t == null || t.numel() != 1) {
            throw new IllegalArgumentException("LrScheduler.loadStateDict: entry '" + key + "' is "
                    + (t == null ? "missing" : "of shape " + t.shape()) + "; pass the map returned by stateDict()");
        }
        return t.item();
    }

    private void apply() {
        optimizer.setLearningRate(learningRate());
    }
}
