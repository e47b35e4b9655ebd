package dev.descent.cli.common;

import picocli.CommandLine.Option;

/** {@code --epochs N}, shared by the commands that iterate; the default is in the command's bundle. */
public final class EpochsOption {
    @Option(names = "--epochs", paramLabel = "N", descriptionKey = "epochs")
    Integer epochs;

    /** The number of epochs given, or {@code otherwise} without one. */
    public int orElse(int otherwise) {
        return epochs != null ? epochs : otherwise;
    }

    /** True when a number of epochs was given. */
    public boolean given() {
        return epochs != null;
    }
}
