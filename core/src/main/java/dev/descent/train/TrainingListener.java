package dev.descent.train;

/**
 * Told how a {@link Trainer} run progresses, e.g. to draw a progress bar or a live loss curve
 * (PyTorch Lightning's callbacks, Keras's {@code Callback}). Every method does nothing unless
 * overridden; listeners run on the training thread, so keep them quick.
 */
public interface TrainingListener {
    /** Before epoch {@code epoch} (from 1) of {@code epochs}, which will use {@code learningRate}. */
    default void epochStart(int epoch, int epochs, double learningRate) {
    }

    /** After batch {@code batch} (from 1) of {@code batches} of {@code epoch}, with that batch's loss. */
    default void batchEnd(int epoch, int batch, int batches, double loss) {
    }

    /** After an epoch was trained, validated and (if asked) checkpointed. */
    default void epochEnd(EpochReport report) {
    }
}
