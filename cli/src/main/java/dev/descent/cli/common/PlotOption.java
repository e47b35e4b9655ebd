package dev.descent.cli.common;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --plot FILE.png|FILE.svg}, shared by the commands that draw; what is drawn is in the command's bundle. */
public final class PlotOption {
    @Option(names = "--plot", paramLabel = "FILE.png|FILE.svg", descriptionKey = "plot")
    Path plot;

    /** The file to draw into, or null when no plot was asked for. */
    public Path file() {
        return plot;
    }
}
