package dev.descent.cli.common;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Standard output as a stream that remembers the first error writing it, so that the command can
 * tell a full disk (an error to report) from a reader that stopped early, as {@code | head} does
 * (a broken pipe, which Unix tools answer by ending quietly).
 */
public final class StandardOutput extends FilterOutputStream {
    private IOException failure;

    /** Standard output, opened afresh: not System.out, a PrintStream that keeps its errors to itself. */
    public StandardOutput() {
        this(new FileOutputStream(FileDescriptor.out));
    }

    StandardOutput(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        try {
            out.write(b);
        } catch (IOException e) {
            throw remember(e);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            throw remember(e);
        }
    }

    @Override
    public void flush() throws IOException {
        try {
            out.flush();
        } catch (IOException e) {
            throw remember(e);
        }
    }

    private IOException remember(IOException e) {
        if (failure == null) {
            failure = e;
        }
        return e;
    }

    /** True when a write failed because the reader closed its end of the pipe. */
    public boolean readerClosed() {
        return failure != null && String.valueOf(failure.getMessage()).contains("Broken pipe");
    }

    /** The first write error, or null when every write succeeded. */
    public IOException failure() {
        return failure;
    }
}
