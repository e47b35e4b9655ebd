package dev.descent.cli.common;

import picocli.CommandLine.Option;

/** {@code --seed N}, shared by the commands that draw random numbers; the default is in the command's bundle. */
public final class SeedOption {
    @Option(names = "--seed", descriptionKey = "seed")
    Long seed;

    /** The seed given, or {@code otherwise} without one. */
    public long orElse(long otherwise) {
        return seed != null ? seed : otherwise;
    }

    /** True when a seed was given. */
    public boolean given() {
        return seed != null;
    }
}
