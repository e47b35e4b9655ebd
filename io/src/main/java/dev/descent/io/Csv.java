package dev.descent.io;

import dev.descent.Shape;
import dev.descent.Tensor;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
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
 * <pre>{@code
 * jshell> var data = Csv.read(Path.of("housing.csv"), "MEDV");      // all other columns are features
 * jshell> data.features().shape()
 * $2 ==> [506, 13]
 * }</pre>
 */
public final class Csv {
    private static final CSVFormat OUTPUT = CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get();

    private Csv() {}

    /** Reads {@code file} with {@code target} as the target and every other column as a feature. */
    public static Dataset read(Path file, String target) {
        return read(file, target, null);
    }

    /**
     * Reads {@code file} with the column {@code target} as the target {@code [n]} and the columns
     * {@code features}, in the given order, as features {@code [n, f]}; {@code null} features means
     * every other column. The data set's name is the file as given.
     *
     * @throws DataFormatException when the file breaks the rules above or a column does not exist
     * @throws UncheckedIOException when the file cannot be read at all
     */
    public static Dataset read(Path file, String target, List<String> features) {
        Objects.requireNonNull(target, "target");
        try (CsvRows rows = CsvRows.open(file, ',')) {
            CsvHeader header = CsvHeader.read(rows);
            int targetIndex = header.index(target, "target");
            List<Integer> featureIndices = features == null
                    ? header.allExcept(targetIndex)
                    : chosenFeatures(rows, header, features, target);
            if (featureIndices.isEmpty()) {
                throw rows.error(0, null, "no columns are left as features; the file has only the target '"
                        + target + "'");
            }
            int f = featureIndices.size();
            int[] selected = new int[f + 1];
            List<String> featureNames = new ArrayList<>();
            for (int j = 0; j < f; j++) {
                selected[j] = featureIndices.get(j);
                featureNames.add(header.names().get(selected[j]));
            }
            selected[f] = targetIndex;
            NumericRows.Block block = readData(rows, header, selected);
            int n = block.rows();
            double[] x = new double[n * f];
            double[] y = new double[n];
            double[] values = block.values();
            for (int i = 0; i < n; i++) {
                System.arraycopy(values, i * (f + 1), x, i * f, f);
                y[i] = values[i * (f + 1) + f];
            }
            return new Dataset(file.toString(), featureNames, target, Tensor.of(x, Shape.of(n, f)),
                    Tensor.of(y, Shape.of(n)), List.of());
        }
    }

    /** Reads every column of {@code file} as numbers: names and values {@code [rows, columns]} ({@code numpy.loadtxt} with names). */
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
            CsvHeader header = CsvHeader.read(rows);
            List<Integer> indices = new ArrayList<>();
            if (columns == null) {
                indices = header.allExcept(-1);
            } else {
                checkDistinct(rows, columns, "column");
                for (String column : columns) {
                    indices.add(header.index(column, "column"));
                }
            }
            if (indices.isEmpty()) {
                throw rows.error(0, null, "no columns were chosen");
            }
            int[] selected = indices.stream().mapToInt(Integer::intValue).toArray();
            List<String> names = new ArrayList<>();
            for (int c : selected) {
                names.add(header.names().get(c));
            }
            NumericRows.Block block = readData(rows, header, selected);
            return new CsvTable(names, Tensor.of(block.values(), Shape.of(block.rows(), selected.length)));
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
                        printer.print(Double.toString(data[i + j]));
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

    private static List<Integer> chosenFeatures(CsvRows rows, CsvHeader header, List<String> features, String target) {
        checkDistinct(rows, features, "feature");
        List<Integer> indices = new ArrayList<>();
        for (String feature : features) {
            if (feature.equals(target)) {
                throw rows.error(0, null, "'" + target + "' is the target, so it cannot also be a feature");
            }
            indices.add(header.index(feature, "feature"));
        }
        return indices;
    }

    private static void checkDistinct(CsvRows rows, List<String> names, String role) {
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (!seen.add(Objects.requireNonNull(name, role))) {
                throw rows.error(0, null, "the " + role + " '" + name + "' is chosen twice");
            }
        }
    }

    private static NumericRows.Block readData(CsvRows rows, CsvHeader header, int[] selected) {
        NumericRows.Block block = NumericRows.read(rows, header.names(), selected, "the header");
        if (block.rows() == 0) {
            throw rows.error(0, null, "has a header but no data rows");
        }
        return block;
    }
}
