package dev.descent.io;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The rows of a CSV file (Apache Commons CSV) with the physical line each starts on, skipping
 * blank lines; every failure becomes a {@link DataFormatException} that names file and line.
 *
 * <p>Files whose name ends in {@code .gz} are decompressed on the fly.
 */
final class CsvRows implements AutoCloseable {
    /** A row's cells and the 1-based physical line it starts on. */
    record Row(long line, String[] cells) {}

    private final String source;
    private final boolean gzip;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private long nextLine = 1;

    private CsvRows(String source, boolean gzip, CSVParser parser) {
        this.source = source;
        this.gzip = gzip;
        this.parser = parser;
        this.records = parser.iterator();
    }

    /** Opens {@code file}, separated by {@code delimiter}; an unreadable file is an {@link UncheckedIOException}. */
    static CsvRows open(Path file, char delimiter) {
        return open(Inputs.open(file), file.toString(), delimiter);
    }

    /** Reads {@code in} (and closes it when done); {@code source} names it in error messages. */
    static CsvRows open(InputStream in, String source, char delimiter) {
        boolean gzip = source.endsWith(".gz");
        InputStream bytes;
        try {
            bytes = gzip ? new GZIPInputStream(in, 1 << 16) : new BufferedInputStream(in, 1 << 16);
        } catch (IOException e) {
            closeQuietly(in);
            throw new DataFormatException(source, 0, null, "is not a gzip file (" + describe(e) + ")");
        }
        CSVFormat format = format(delimiter);
        TextReader text = new TextReader(bytes, delimiter, format.getIgnoreSurroundingSpaces());
        try {
            return new CsvRows(source, gzip, CSVParser.builder().setReader(text).setFormat(format).get());
        } catch (IOException e) {
            closeQuietly(bytes);
            throw new UncheckedIOException(Messages.capped("cannot read " + source + ": " + describe(e)), e);
        }
    }

    /** The parser's settings for fields separated by {@code delimiter}. */
    static CSVFormat format(char delimiter) {
        return CSVFormat.DEFAULT.builder()
                .setDelimiter(delimiter)
                // Blank lines come back as rows so that line numbers stay exact; next() skips them.
                .setIgnoreEmptyLines(false)
                // So that `1, "2"` reads as a quoted cell; a space-separated file needs its spaces.
                .setIgnoreSurroundingSpaces(delimiter != ' ')
                .get();
    }

    /** The file's name as given, for messages. */
    String source() {
        return source;
    }

    /** The next row that is not blank, or {@code null} at the end of the file. */
    Row next() {
        try {
            while (records.hasNext()) {
                CSVRecord record = records.next();
                long line = nextLine;
                nextLine = parser.getCurrentLineNumber() + 1;
                String[] cells = record.values();
                if (cells.length == 1 && cells[0].isBlank()) {
                    continue;
                }
                return new Row(line, cells);
            }
            return null;
        } catch (UncheckedIOException e) {
            throw failure(e.getCause());
        }
    }

    /** An error at {@code line} (0: the whole file) in {@code column} ({@code null}: none). */
    DataFormatException error(long line, String column, String problem) {
        return new DataFormatException(source, line, column, problem);
    }

    private RuntimeException failure(IOException e) {
        if (e instanceof TextReader.Problem problem) {
            return error(problem.line, null, problem.getMessage());
        }
        if (e instanceof CSVException) {
            String message = String.valueOf(e.getMessage());
            return error(nextLine, null, message.contains("EOF")
                    ? "a quoted cell starts on this line and is never closed (a missing closing \"?)"
                    : "text follows the closing quote of a quoted cell (write \"\" for a quote inside a cell)");
        }
        if (gzip && (e instanceof ZipException || e instanceof EOFException)) {
            return error(0, null, "is not a complete gzip file (" + describe(e) + ")");
        }
        return new UncheckedIOException(Messages.capped("cannot read " + source + ": " + describe(e)), e);
    }

    private static String describe(IOException e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // Reporting the original failure matters more.
        }
    }

    @Override
    public void close() {
        try {
            parser.close();
        } catch (IOException e) {
            // Everything has been read by now; a failing close changes no result.
        }
    }
}
