package dev.descent.linear;

/** Told the training loss after every epoch, e.g. to draw a progress bar or a loss curve. */
@FunctionalInterface
public interface EpochListener {
    /** Called after {@code epoch} (1-based) with the mean squared error over the training data. */
    void epochEnd(int epoch, double loss);

    /** A listener that does nothing. */
    EpochListener NONE = (epoch, loss) -> { };
}
