package dev.descent.cli.common;

import dev.descent.io.AtomicFiles;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The checks every command makes on the files it will write before it does any work: each output
 * can be written, and none of them is an input or another output. A run that would fail at its
 * last step, or destroy its own data, is refused at its first.
 */
public final class Outputs {
    private Outputs() {
    }

    /**
     * Checks the outputs (keyed by option, null paths skipped) against each other and the inputs.
     *
     * @throws UserError naming the option and the reason, such as
     *     {@code --save data.csv: it is the same file as --data}
     */
    public static void check(Map<String, Path> inputs, Map<String, Path> outputs) {
        outputs.forEach((option, path) -> {
            if (path != null) {
                try {
                    AtomicFiles.checkWritable(path);
                } catch (UncheckedIOException e) {
                    String m = e.getMessage();
                    String prefix = "cannot write " + path + ": ";
                    String reason = m.startsWith(prefix) ? m.substring(prefix.length()) : m;
                    throw new UserError(option + " " + path + ": " + reason, e);
                }
            }
        });
        AtomicFiles.checkDistinct(inputs, outputs);
    }
}
