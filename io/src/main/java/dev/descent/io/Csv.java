package dev.descent.io;

import dev.descent.Tensor;
import dev.descent.data.Table;
import java.io.BufferedWriter;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Reads numeric CSV files with a header row and writes predictions: Descent's
 * {@code pandas.read_csv} / {@code DataFrame.to_csv} for tables of numbers.
 *
 * <p>Rules for reading: UTF-8 text (a byte-order mark is ignored; {@code .gz} files are
 * decompressed), comma-separated, quotes as in RFC 4180; the first line is the header with the
 * column names; every data row has as many fields as the header; every selected cell holds a
 * finite decimal number (spaces around it are ignored; empty cells, {@code NA}, {@code NaN} and
 * infinities are errors); blank lines are skipped; a row may be at most 1 MiB long. Columns that
 * are not selected may hold anything. Any violation is a {@link DataFormatException} naming the
 * file, the line as an editor numbers it, and the column:
 * <pre>{@code data/housing.csv line 17, column CRIM: 'abc' is not a number}</pre>
 *
 * <p>Every reader reads its input once, front to back (a named pipe or standard input works), and
 * holds the selected values as doubles only: at its peak about 16 bytes per value read, never the
 * text. Numbers are read by {@link Numbers#parseFinite}.
 *
 * <pre>{@code
 * jshell> var data = Csv.read(Path.of("housing.csv"), "MEDV");      // all other columns are features
 * jshell> data.features().shape()
 * $2 ==> [506, 13]
 * }</pre>
 */
public final class Csv {
    private static final CSVFormat OUTPUT = CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get();

    private Csv() {}

    /**
     * Reads {@code file} with {@code target} as the target and every other column as a feature.
     *
     * @throws DataFormatException when the file breaks the rules above or a column does not exist
     * @throws UncheckedIOException when the file cannot be read at all
     */
    public static Dataset read(Path file, String target) {
        return read(file, target, null);
    }

    /**
     * Reads {@code file} with the column {@code target} as the target {@code [n]} and the columns
     * {@code features}, in the given order, as features {@code [n, f]}; {@code null} features means
     * every other column. The data set's name is the file as given. The file is read once, front to
     * back, so a named pipe works.
     *
     * @throws DataFormatException when the file breaks the rules above or a column does not exist
     * @throws UncheckedIOException when the file cannot be read at all
     */
    public static Dataset read(Path file, String target, List<String> features) {
        try (CsvRows rows = CsvRows.open(file, ',')) {
            return CsvReads.dataset(rows, target, features);
        }
    }

    /**
     * {@link #read(Path, String, List)} from a stream (standard input); {@code source} names it in
     * messages and is the data set's name ({@code .gz} at its end means gzip). The stream is closed.
     *
     * @throws DataFormatException when the text breaks the rules above or a column does not exist
     * @throws UncheckedIOException when the stream cannot be read
     */
    public static Dataset read(InputStream in, String source, String target, List<String> features) {
        try (CsvRows rows = CsvRows.open(in, source, ',')) {
            return CsvReads.dataset(rows, target, features);
        }
    }

    /**
     * Reads every column of {@code file} into a {@link Table}: a column is numbers when every cell
     * that is not missing is a finite number, text otherwise ({@code pandas.read_csv}). Missing
     * cells (empty, {@code NA}, {@code NaN}, {@code null}, {@code None}, {@code ?}) are kept as
     * missing for a {@link dev.descent.data.Preprocessor} to drop or fill; an infinity is an error.
     *
     * @throws DataFormatException when the file breaks the rules above
     * @throws UncheckedIOException when the file cannot be read at all
     */
    public static Table readTable(Path file) {
        return readTable(file, null, Set.of());
    }

    /**
     * Reads the named {@code columns} of {@code file} ({@code null}: all) into a {@link Table}, as
     * {@link #readTable(Path)}; the columns in {@code asText} are kept as text whatever they hold,
     * so an id such as {@code 007} is written back unchanged. Other columns may hold anything.
     *
     * @throws DataFormatException when the file breaks the rules above or a column does not exist
     * @throws UncheckedIOException when the file cannot be read at all
     */
    public static Table readTable(Path file, List<String> columns, Set<String> asText) {
        try (CsvRows rows = CsvRows.open(file, ',')) {
            return TableReader.read(rows, columns, asText);
        }
    }

    /**
     * {@link #readTable(Path, List, Set)} from a stream (standard input); {@code source} names it in
     * messages. The stream is closed.
     *
     * @throws DataFormatException when the text breaks the rules above or a column does not exist
     * @throws UncheckedIOException when the stream cannot be read
     */
    public static Table readTable(InputStream in, String source, List<String> columns, Set<String> asText) {
        try (CsvRows rows = CsvRows.open(in, source, ',')) {
            return TableReader.read(rows, columns, asText);
        }
    }

    /**
     * Reads every column of {@code file} as numbers: names and values {@code [rows, columns]} ({@code numpy.loadtxt} with names).
     *
     * @throws DataFormatException when the file breaks the rules above
     * @throws UncheckedIOException when the file cannot be read at all
     */
    public static CsvTable readNumeric(Path file) {
        return readNumeric(file, null);
    }

    /**
     * Reads the named {@code columns} of {@code file}, in the given order, as values
     * {@code [rows, columns]}; {@code null} means every column. Other columns may hold anything.
     *
     * @throws DataFormatException when the file breaks the rules above or a column does not exist
     * @throws UncheckedIOException when the file cannot be read at all
     */
    public static CsvTable readNumeric(Path file, List<String> columns) {
        try (CsvRows rows = CsvRows.open(file, ',')) {
            return CsvReads.table(rows, columns);
        }
    }

    /**
     * {@link #readNumeric(Path, List)} from a stream; {@code source} names it in messages. The
     * stream is closed.
     *
     * @throws DataFormatException when the text breaks the rules above or a column does not exist
     * @throws UncheckedIOException when the stream cannot be read
     */
    public static CsvTable readNumeric(InputStream in, String source, List<String> columns) {
        try (CsvRows rows = CsvRows.open(in, source, ',')) {
            return CsvReads.table(rows, columns);
        }
    }

    /**
     * Reads, in one pass, the columns a model needs as features {@code [n, f]} and, when the file
     * has a column {@code target} whose every cell is a finite number, that column {@code [n]} to
     * score the predictions with; without one the target is empty, not an error. Other columns may
     * hold anything.
     *
     * @throws DataFormatException when the file breaks the rules above or a feature column does not exist
     * @throws UncheckedIOException when the file cannot be read at all
     */
    public static FeatureTable readFeatures(Path file, List<String> features, String target) {
        try (CsvRows rows = CsvRows.open(file, ',')) {
            return CsvReads.features(rows, features, target);
        }
    }

    /**
     * {@link #readFeatures(Path, List, String)} from a stream (standard input); {@code source} names
     * it in messages. The stream is closed.
     *
     * @throws DataFormatException when the text breaks the rules above or a feature column does not exist
     * @throws UncheckedIOException when the stream cannot be read
     */
    public static FeatureTable readFeatures(InputStream in, String source, List<String> features, String target) {
        try (CsvRows rows = CsvRows.open(in, source, ',')) {
            return CsvReads.features(rows, features, target);
        }
    }

    /**
     * The column names in the header of {@code file}; only the first line is read.
     *
     * @throws DataFormatException when the file is empty or not text, or its first line holds numbers
     * @throws UncheckedIOException when the file cannot be read at all
     */
    public static List<String> columns(Path file) {
        try (CsvRows rows = CsvRows.open(file, ',')) {
            return CsvReads.columns(rows);
        }
    }

    /**
     * Writes {@code values} ({@code [n]} for one column, {@code [n, k]} for k columns) under a
     * {@code header} row, atomically (see {@link AtomicFiles}): an existing file is replaced only
     * once the new one is complete. Numbers are written in Java's shortest round-trip form.
     *
     * @throws IllegalArgumentException when the header does not have one name per column
     * @throws UncheckedIOException when the file cannot be written
     */
    public static void write(Path file, List<String> header, Tensor values) {
        int[] dims = values.shape().dims();
        int columns = dims.length == 1 ? 1 : dims.length == 2 ? dims[1] : -1;
        if (columns != header.size() || header.isEmpty()) {
            throw new IllegalArgumentException("csv write: values of shape " + values.shape() + " do not fit a header of "
                    + header.size() + " names; expected [n] with one name or [n, " + header.size() + "]");
        }
        List<String> names = List.copyOf(header);
        double[] data = values.toArray();
        AtomicFiles.write(file, out -> {
            var writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            try (CSVPrinter printer = new CSVPrinter(writer, OUTPUT)) {
                printer.printRecord(names);
                for (int i = 0; i < data.length; i += columns) {
                    for (int j = 0; j < columns; j++) {
                        printer.print(Numbers.shortest(data[i + j]));
                    }
                    printer.println();
                }
            }
        });
    }

    /**
     * Writes a table of text cells under a {@code header} row, atomically, quoting a cell (RFC 4180)
     * only when it holds a comma, a quote or a line break.
     *
     * @throws IllegalArgumentException when a row does not have one cell per column
     * @throws UncheckedIOException when the file cannot be written
     */
    public static void write(Path file, List<String> header, List<List<String>> rows) {
        checkRows(header, rows);
        AtomicFiles.write(file, out -> {
            var writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            print(writer, header, rows);
            writer.flush();
        });
    }

    /** The table {@link #write(Path, List, List)} writes, as a string (for standard output). */
    public static String format(List<String> header, List<List<String>> rows) {
        checkRows(header, rows);
        StringBuilder sb = new StringBuilder();
        try {
            print(sb, header, rows);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
        return sb.toString();
    }

    private static void print(Appendable to, List<String> header, List<List<String>> rows) throws java.io.IOException {
        CSVPrinter printer = new CSVPrinter(to, OUTPUT);
        printer.printRecord(header);
        for (List<String> row : rows) {
            printer.printRecord(row);
        }
        printer.flush();
    }

    private static void checkRows(List<String> header, List<List<String>> rows) {
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).size() != header.size()) {
                throw new IllegalArgumentException("csv write: row " + i + " has " + rows.get(i).size() + " cells for "
                        + header.size() + " columns");
            }
        }
    }
}
