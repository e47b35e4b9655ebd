package dev.descent.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes a byte stream as strict UTF-8 text for the CSV parser, and refuses what is not text.
 *
 * <p>It fails with a {@link Problem} naming the physical line on invalid UTF-8, on a NUL
 * character (binary files and UTF-16 text have them), and on a row longer than
 * {@link #MAX_ROW_CHARS}; the last keeps a file without line breaks, or with an unclosed quote,
 * from being buffered whole. A leading byte-order mark (as Excel writes) is dropped.
 *
 * <p>To know where a row ends it follows the parser's own rule (Apache Commons CSV's lexer), not
 * a count of quotes: a quote opens a quoted cell only as the first character of a field (after
 * spaces, when those are ignored); inside one, {@code ""} is a quote and a single {@code "}
 * closes it; anywhere else a quote is an ordinary character. So a stray quote in a text column
 * ({@code 5" screen}) is read the same in a small file and in a large one.
 */
final class TextReader extends Reader {
    /** The longest row accepted, in characters: 1 MiB, about 100,000 numbers. */
    static final int MAX_ROW_CHARS = 1 << 20;

    /** What is wrong with the text, and on which physical line (1-based). */
    static final class Problem extends IOException {
        private static final long serialVersionUID = 1L;
        final long line;

        Problem(long line, String message) {
            super(message);
            this.line = line;
        }
    }

    /** Where the scan stands in the parser's grammar. */
    private enum State { FIELD_START, UNQUOTED, QUOTED, QUOTE_IN_QUOTED, AFTER_CLOSING_QUOTE }

    private final InputStream in;
    private final char delimiter;
    private final boolean ignoreSurroundingSpaces;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(1 << 13).flip();
    private boolean endOfInput;
    /** Set once the decoder has been flushed: a decoder must not be called after that, so every read returns -1. */
    private boolean finished;
    private boolean started;

    private long line = 1;
    private long rowStartLine = 1;
    private long rowChars;
    private long rowsEnded;
    private State state = State.FIELD_START;
    private boolean afterCarriageReturn;
    private Problem pending;

    /** A reader for comma-separated text whose cells may have spaces around them. */
    TextReader(InputStream in) {
        this(in, ',', true);
    }

    /** A reader for text that the parser splits at {@code delimiter}, skipping spaces around cells or not. */
    TextReader(InputStream in, char delimiter, boolean ignoreSurroundingSpaces) {
        this.in = in;
        this.delimiter = delimiter;
        this.ignoreSurroundingSpaces = ignoreSurroundingSpaces;
    }

    /** How many rows have ended so far (at a line break outside a quoted cell); for tests. */
    long rowsEnded() {
        return rowsEnded;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        if (pending != null) {
            throw pending;
        }
        if (length == 0) {
            return 0;
        }
        int n = decode(buffer, offset, length);
        if (n > 0 && !started) {
            started = true;
            if (buffer[offset] == '\uFEFF') {
                System.arraycopy(buffer, offset + 1, buffer, offset, n - 1);
                n--;
                if (n == 0) {
                    return read(buffer, offset, length);
                }
            }
        }
        for (int i = offset; i < offset + n; i++) {
            try {
                check(buffer[i]);
            } catch (Problem problem) {
                if (i == offset) {
                    throw problem;
                }
                // The text before the problem is delivered first, so a reader that stops early
                // (at the header) never sees a problem further on.
                pending = problem;
                return i - offset;
            }
        }
        return n;
    }

    private void check(char c) throws Problem {
        if (c == '\0') {
            throw new Problem(line, "contains a NUL character, so this is not a text file"
                    + " (a binary file, or UTF-16 text? save it as UTF-8)");
        }
        boolean lineBreak = c == '\r' || c == '\n';
        boolean secondHalfOfCrLf = c == '\n' && afterCarriageReturn;
        if (lineBreak && !secondHalfOfCrLf) {
            line++;
        }
        afterCarriageReturn = c == '\r';
        if (secondHalfOfCrLf && state == State.FIELD_START) {
            return;
        }
        state = next(state, c);
        if (lineBreak && state == State.FIELD_START) {
            rowChars = 0;
            rowStartLine = line;
            rowsEnded++;
            return;
        }
        if (++rowChars > MAX_ROW_CHARS) {
            boolean quoted = state == State.QUOTED || state == State.QUOTE_IN_QUOTED;
            throw new Problem(rowStartLine, quoted
                    ? "the row starting here runs past " + MAX_ROW_CHARS + " characters inside a quoted cell"
                            + " (is a closing quote missing?)"
                    : "the line is longer than " + MAX_ROW_CHARS + " characters, too long for a CSV row"
                            + " (is this a data file?)");
        }
    }

    /**
     * The parser's grammar, one character at a time. A line break leads to FIELD_START exactly when
     * it ends the row. Text that the parser refuses (after a closing quote) continues as UNQUOTED:
     * the parser reports it when it gets there.
     */
    private State next(State current, char c) {
        boolean lineBreak = c == '\r' || c == '\n';
        boolean space = c != delimiter && Character.isWhitespace(c);
        switch (current) {
            case FIELD_START:
                if (lineBreak || c == delimiter || (ignoreSurroundingSpaces && space)) {
                    return State.FIELD_START;
                }
                return c == '"' ? State.QUOTED : State.UNQUOTED;
            case UNQUOTED:
                return lineBreak || c == delimiter ? State.FIELD_START : State.UNQUOTED;
            case QUOTED:
                return c == '"' ? State.QUOTE_IN_QUOTED : State.QUOTED;
            case QUOTE_IN_QUOTED:
                if (c == '"') {
                    return State.QUOTED;
                }
                return afterClosingQuote(c, lineBreak, space);
            case AFTER_CLOSING_QUOTE:
                return afterClosingQuote(c, lineBreak, space);
            default:
                throw new AssertionError(current);
        }
    }

    private State afterClosingQuote(char c, boolean lineBreak, boolean space) {
        if (lineBreak || c == delimiter) {
            return State.FIELD_START;
        }
        return space ? State.AFTER_CLOSING_QUOTE : State.UNQUOTED;
    }

    /** Decodes into the buffer; chars before an encoding error are delivered first, the error on the next call. */
    private int decode(char[] buffer, int offset, int length) throws IOException {
        if (finished) {
            return -1;
        }
        CharBuffer out = CharBuffer.wrap(buffer, offset, length);
        while (true) {
            CoderResult result = decoder.decode(bytes, out, endOfInput);
            int produced = out.position() - offset;
            if (result.isError()) {
                if (produced > 0) {
                    return produced;
                }
                throw new Problem(line, String.format("is not UTF-8 text (byte 0x%02X cannot start or continue"
                        + " a UTF-8 character; save the file as UTF-8)", bytes.get(bytes.position()) & 0xff));
            }
            if (result.isOverflow() || produced > 0) {
                return produced;
            }
            if (endOfInput) {
                // UTF-8 keeps nothing back at the end, but a flush that does not fit is retried next time.
                finished = !decoder.flush(out).isOverflow();
                produced = out.position() - offset;
                return produced > 0 ? produced : -1;
            }
            bytes.compact();
            int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
            if (n < 0) {
                endOfInput = true;
            } else {
                bytes.position(bytes.position() + n);
            }
            bytes.flip();
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
