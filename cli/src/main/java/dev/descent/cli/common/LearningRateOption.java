package dev.descent.cli.common;

import picocli.CommandLine.Option;

/** {@code --lr RATE}, shared by the commands that descend; the default is in the command's bundle. */
public final class LearningRateOption {
    @Option(names = "--lr", paramLabel = "RATE", descriptionKey = "lr")
    Double lr;

    /** The learning rate given, or {@code otherwise} without one. */
    public double orElse(double otherwise) {
        return lr != null ? lr : otherwise;
    }

    /** True when a learning rate was given. */
    public boolean given() {
        return lr != null;
    }
}
