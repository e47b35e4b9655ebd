package dev.descent.cli.common;

import picocli.CommandLine.Option;

/** {@code --json}, shared by every command that prints results; its description comes from the command's bundle. */
public final class JsonOption {
    @Option(names = "--json", descriptionKey = "json")
    boolean json;

    /** True when JSON was asked for instead of text. */
    public boolean enabled() {
        return json;
    }
}
