package dev.descent.io;

/**
 * Thrown when a safetensors file is truncated, corrupted or hostile; the message names the file and
 * the problem, e.g.
 * {@code model.safetensors: tensor 'weight' has data_offsets [0, 96] (96 bytes) but shape [2, 3] of F64 needs 48 bytes}.
 * The message is one line of at most {@value Messages#MAX_MESSAGE} characters, whatever the file holds.
 */
public class ModelFileException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** A problem with {@code file}, described by {@code problem}. */
    public ModelFileException(String file, String problem) {
        super(Messages.capped(file + ": " + problem));
    }

    /** A problem with {@code file} that an underlying exception caused. */
    public ModelFileException(String file, String problem, Throwable cause) {
        super(Messages.capped(file + ": " + problem), cause);
    }
}
