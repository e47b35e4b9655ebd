package dev.descent.data;

import dev.descent.ShapeException;
import dev.descent.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A table of named columns, each of numbers or of text, with missing cells: what a pandas
 * {@code DataFrame} holds after {@code read_csv}. A missing number is NaN, missing text is null.
 * Rows remember where they came from (a file's line), so that an error about a cell names it.
 *
 * <pre>{@code
 * var table = Table.of(List.of(new Table.Numbers("rooms", new double[] {3, Double.NaN}),
 *                              new Table.Texts("city", new String[] {"Paris", "Lyon"})));
 * table.column("rooms").isMissing(1)      // true
 * }</pre>
 */
public final class Table {
    /** One column: its name, its cells, and which of them are missing. */
    public sealed interface Column permits Numbers, Texts {
        /** The column's name, as in the header. */
        String name();

        /** The number of cells. */
        int size();

        /** True when the cell of {@code row} is missing. */
        boolean isMissing(int row);

        /** The cell of {@code row} as text (a number in its shortest form), or null when missing. */
        String text(int row);

        /** The column with only the given rows, in that order. */
        Column rows(int[] index);
    }

    /**
     * A column of numbers; NaN marks a missing cell.
     *
     * @param name the column's name
     * @param values one number per row (not copied: the table owns it)
     */
    public record Numbers(String name, double[] values) implements Column {
        @Override
        public int size() {
            return values.length;
        }

        @Override
        public boolean isMissing(int row) {
            return Double.isNaN(values[row]);
        }

        @Override
        public String text(int row) {
            return isMissing(row) ? null : Table.number(values[row]);
        }

        @Override
        public Numbers rows(int[] index) {
            double[] out = new double[index.length];
            for (int i = 0; i < index.length; i++) {
                out[i] = values[index[i]];
            }
            return new Numbers(name, out);
        }
    }

    /**
     * A column of text (categories, names, ids); null marks a missing cell.
     *
     * @param name the column's name
     * @param values one string per row (not copied: the table owns it)
     */
    public record Texts(String name, String[] values) implements Column {
        @Override
        public int size() {
            return values.length;
        }

        @Override
        public boolean isMissing(int row) {
            return values[row] == null;
        }

        @Override
        public String text(int row) {
            return values[row];
        }

        @Override
        public Texts rows(int[] index) {
            String[] out = new String[index.length];
            for (int i = 0; i < index.length; i++) {
                out[i] = values[index[i]];
            }
            return new Texts(name, out);
        }
    }

    private final String source;
    private final List<Column> columns;
    private final Map<String, Column> byName = new LinkedHashMap<>();
    private final long[] lines;
    /** How many rows at the end are the data set's own test rows (0: none given). */
    private final int testRows;

    private Table(String source, List<Column> columns, long[] lines) {
        this(source, columns, lines, 0);
    }

    private Table(String source, List<Column> columns, long[] lines, int testRows) {
        this.source = source;
        this.testRows = testRows;
        this.columns = List.copyOf(columns);
        int n = columns.isEmpty() ? (lines == null ? 0 : lines.length) : columns.get(0).size();
        for (Column c : columns) {
            if (c.size() != n) {
                throw new ShapeException("Table: column '" + c.name() + "' has " + c.size() + " rows, column '"
                        + columns.get(0).name() + "' has " + n);
            }
            if (byName.put(c.name(), c) != null) {
                throw new IllegalArgumentException("Table: two columns are called '" + c.name() + "'");
            }
        }
        if (lines != null && lines.length != n) {
            throw new ShapeException("Table: " + lines.length + " line numbers for " + n + " rows");
        }
        this.lines = lines;
    }

    /** A table of these columns (of equal length, distinct names), from nowhere in particular. */
    public static Table of(List<Column> columns) {
        return new Table("the table", columns, null);
    }

    /**
     * A table read from {@code source} (a file's name), row i starting on line {@code lines[i]} of it
     * ({@code lines} null: rows are named by their number).
     *
     * @throws ShapeException when the columns or the line numbers differ in length
     * @throws IllegalArgumentException when two columns have one name
     */
    public static Table of(String source, List<Column> columns, long[] lines) {
        return new Table(source, columns, lines == null ? null : lines.clone());
    }

    /** A table of numbers: a tensor {@code [n, k]} with a name for each of its k columns. */
    public static Table of(Tensor values, List<String> names) {
        if (values.dim() != 2 || values.shape().size(1) != names.size()) {
            throw new ShapeException("Table.of: values of shape " + values.shape() + " do not fit " + names.size()
                    + " column names; expected [n, " + names.size() + "]");
        }
        int n = values.shape().size(0);
        int k = names.size();
        double[] all = values.toArray();
        List<Column> columns = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            double[] column = new double[n];
            for (int i = 0; i < n; i++) {
                column[i] = all[i * k + j];
            }
            columns.add(new Numbers(names.get(j), column));
        }
        return of(columns);
    }

    /** The number of rows. */
    public int rows() {
        return columns.isEmpty() ? (lines == null ? 0 : lines.length) : columns.get(0).size();
    }

    /** The columns, in order. */
    public List<Column> columns() {
        return columns;
    }

    /** The column names, in order. */
    public List<String> names() {
        return columns.stream().map(Column::name).toList();
    }

    /** True when the table has a column called {@code name}. */
    public boolean has(String name) {
        return byName.containsKey(name);
    }

    /**
     * The column called {@code name}.
     *
     * @throws IllegalArgumentException naming the columns there are, each quoted
     */
    public Column column(String name) {
        Column c = byName.get(name);
        if (c == null) {
            throw new IllegalArgumentException(source + " has no column " + quoted(name) + "; its columns are "
                    + quotedList(names()));
        }
        return c;
    }

    /** The table with only these columns, in this order (all must exist; every missing one is named). */
    public Table select(List<String> names) {
        List<String> absent = names.stream().filter(n -> !byName.containsKey(n)).toList();
        if (!absent.isEmpty()) {
            throw new IllegalArgumentException(source + " has no column" + (absent.size() == 1 ? " " : "s ")
                    + quotedList(absent) + "; its columns are " + quotedList(names()));
        }
        return new Table(source, names.stream().map(byName::get).toList(), lines, testRows);
    }

    /**
     * This table with its last {@code count} rows marked as the data set's own test rows, as
     * Fashion-MNIST comes with 60,000 training and 10,000 test images: training then holds out exactly
     * those instead of a random share. {@link #rows(int[])} drops the mark.
     *
     * @throws IllegalArgumentException unless 0 ≤ count &lt; rows
     */
    public Table withTestRows(int count) {
        if (count < 0 || count >= rows()) {
            throw new IllegalArgumentException("Table: " + count + " test rows of " + rows() + "; leave at least one"
                    + " row to train on");
        }
        return new Table(source, columns, lines, count);
    }

    /** How many rows at the end are the data set's own test rows; 0 when it gives none. */
    public int testRows() {
        return testRows;
    }

    /** The table with only the given rows, in that order. */
    public Table rows(int[] index) {
        long[] l = null;
        if (lines != null) {
            l = new long[index.length];
            for (int i = 0; i < index.length; i++) {
                l[i] = lines[index[i]];
            }
        }
        List<Column> out = new ArrayList<>();
        for (Column c : columns) {
            out.add(c.rows(index));
        }
        return new Table(source, out, l);
    }

    /** The rows that have no missing cell in any of the named columns, as row numbers. */
    public int[] completeRows(List<String> names) {
        List<Column> checked = names.stream().map(this::column).toList();
        return java.util.stream.IntStream.range(0, rows())
                .filter(r -> checked.stream().noneMatch(c -> c.isMissing(r))).toArray();
    }

    /** Where row {@code row} is: {@code data.csv line 17}, or {@code the table row 3} without line numbers. */
    public String where(int row) {
        return lines == null ? source + " row " + (row + 1) : source + " line " + lines[row];
    }

    /** Where the table came from: a file's name, or "the table". */
    public String source() {
        return source;
    }

    /** A column name as a message shows it: quoted, so that a name with a comma or a space reads as one. */
    public static String quoted(String name) {
        return "'" + name + "'";
    }

    /** Names quoted and joined, the first ten and then "and N more". */
    public static String quotedList(List<String> names) {
        int shown = Math.min(names.size(), 10);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < shown; i++) {
            sb.append(i == 0 ? "" : ", ").append(quoted(names.get(i)));
        }
        if (names.size() > shown) {
            sb.append(" and ").append(names.size() - shown).append(" more");
        }
        return sb.toString();
    }

    /** A number as a table cell: whole numbers without a point (3, not 3.0), others as Java writes them. */
    static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    @Override
    public String toString() {
        return "Table(" + rows() + " rows, columns " + quotedList(names()) + ")";
    }

    /** A copy of the line numbers, or null. */
    long[] lines() {
        return lines == null ? null : Arrays.copyOf(lines, lines.length);
    }
}
