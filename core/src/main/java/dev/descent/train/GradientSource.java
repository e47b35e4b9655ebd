package dev.descent.train;

import dev.descent.Tensor;
import dev.descent.data.DataLoader;
import dev.descent.nn.Module;
import java.util.Iterator;
import java.util.Map;
import java.util.function.BinaryOperator;

/**
 * Where a {@link Trainer}'s steps get their gradients: a {@link DataLoader}'s mini-batches, each
 * through the model on this machine ({@link #of(DataLoader)}), or the shards of a data-parallel run,
 * on this machine or on a cluster ({@link DataParallel#source}). The trainer does the rest of each
 * step (divergence checks, clipping, the optimizer) and of each epoch (validation, schedules,
 * checkpoints, early stopping) the same way for both.
 */
public interface GradientSource {
    /**
     * What one step computed, its gradient left in the parameters' {@code grad}.
     *
     * @param loss the step's mean loss
     * @param rows the rows it took
     * @param output the model's output for those rows ({@code [rows, …]}, detached), or null when
     *     the source does not see it
     * @param targets their targets, or null with the output
     */
    record Step(double loss, int rows, Tensor output, Tensor targets) {
    }

    /** The steps of an epoch. */
    int steps();

    /** The epochs begun so far: the next epoch's index (from 0), which draws its order. */
    int epoch();

    /** Makes {@code epoch} the next epoch's index (to take an epoch back). */
    void setEpoch(int epoch);

    /**
     * Begins the next epoch: each step of the returned iterator leaves in every parameter of
     * {@code model} the gradient of the step's mean {@code loss} (replacing what was there, which
     * the trainer has cleared). A source that computes its own loss (the shards of a
     * data-parallel run, a fused kernel) does not call {@code loss}: it must be the same loss,
     * which the trainer also uses for validation.
     *
     * @throws IllegalArgumentException when the data give no step at all
     */
    Iterator<Step> epoch(Module model, BinaryOperator<Tensor> loss);

    /** Whether steps carry the model's output, so that an epoch can report the task's metrics on its training rows. */
    boolean hasOutputs();

    /** What a checkpoint keeps of the source: where its epochs are. */
    Map<String, Tensor> stateDict();

    /**
     * Restores what {@link #stateDict} kept.
     *
     * @throws IllegalArgumentException when the state is not this kind of source's
     */
    void loadStateDict(Map<String, Tensor> state);

    /**
     * A source whose only state is the number of epochs begun, from which it draws everything else,
     * and whose steps do not carry the model's output (its epochs report only their loss).
     */
    abstract class Counted implements GradientSource {
        private int epoch;

        /** A source at epoch 0. */
        protected Counted() {
        }

        /** Begins an epoch: its index (from 0), counted. */
        protected final int begin() {
            return epoch++;
        }

        @Override
        public final int epoch() {
            return epoch;
        }

        @Override
        public final void setEpoch(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("GradientSource: epoch " + value + " is negative");
            }
            epoch = value;
        }

        @Override
        public boolean hasOutputs() {
            return false;
        }

        @Override
        public final Map<String, Tensor> stateDict() {
            return Map.of("epoch", Tensor.of((double) epoch));
        }

        @Override
        public final void loadStateDict(Map<String, Tensor> state) {
            Tensor e = state.get("epoch");
            if (state.size() != 1 || e == null || e.numel() != 1 || !(e.item() >= 0) || e.item() != Math.rint(e.item())) {
                throw new IllegalArgumentException("the data's state is " + state.keySet() + "; this run's data keep one"
                        + " whole number, 'epoch'");
            }
            epoch = (int) e.item();
        }
    }

    /** A loader's mini-batches: forward, loss and backward on this machine. */
    static GradientSource of(DataLoader loader) {
        return new Batches(loader);
    }
}
