package dev.descent.train;

import dev.descent.nn.Module;

/**
 * Told how a {@link Trainer} run progresses, e.g. to draw a progress bar or a live loss curve
 * (PyTorch Lightning's callbacks, Keras's {@code Callback}). Every method does nothing unless
 * overridden; listeners run on the training thread, so keep them quick.
 */
public interface TrainingListener {
    /**
     * Once, before the first epoch, with the model being trained (Keras's {@code Callback.set_model}):
     * to look at what it predicts as it learns. Read it only on the training thread, from this or
     * another method of the listener.
     */
    default void trainStart(Module model) {
    }

    /** Before epoch {@code epoch} (from 1) of {@code epochs}, which will use {@code learningRate}. */
    default void epochStart(int epoch, int epochs, double learningRate) {
    }

    /** After batch {@code batch} (from 1) of {@code batches} of {@code epoch}, with that batch's loss. */
    default void batchEnd(int epoch, int batch, int batches, double loss) {
    }

    /** After an epoch was trained, validated and (if asked) checkpointed. */
    default void epochEnd(EpochReport report) {
    }

    /**
     * Asked after every step: true stops the run there (Keras's {@code model.stop_training},
     * Lightning's {@code trainer.should_stop}), for instance on Ctrl-C. The trainer then puts the
     * model back as it was after the last whole epoch, checkpoints that epoch if it has not yet, and
     * throws {@link TrainingStoppedException}. May be called from the training thread only, but may
     * read a flag another thread sets.
     */
    default boolean shouldStop() {
        return false;
    }
}
