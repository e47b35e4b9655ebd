package dev.descent.cli.common;

import dev.descent.Autograd;
import dev.descent.Scope;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/** The {@code --detect-anomaly} option shared by the commands that train. */
public final class AnomalyOption {
    @Option(names = "--detect-anomaly", description = "Stop at the first backward step that makes a NaN or infinite"
            + " gradient, naming the operation and where it was created (slower).")
    boolean enabled;

    /** Runs {@code body} with anomaly detection on, when it was asked for. */
    public <T> T around(Supplier<T> body) {
        Scope anomaly = enabled ? Autograd.detectAnomaly() : null;
        try (anomaly) {
            return body.get();
        }
    }
}
