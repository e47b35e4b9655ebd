package dev.descent.io;

import dev.descent.data.Table;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a CSV file into a {@link Table}, as {@code pandas.read_csv} does: a column is numbers when
 * every cell that is not missing is a finite number, text otherwise; an empty cell, {@code NA},
 * {@code NaN}, {@code null}, {@code None} or {@code ?} is missing. One pass, front to back: a
 * column starts as numbers and turns into text at its first cell that is not a number (the
 * numbers before it are then written in their shortest form). A column of mostly numbers with a
 * few cells that are not is taken for a typo, not for categories: it is an error naming the first
 * such cell (pandas would silently make the whole column text).
 */
final class TableReader {
    /** Distinct texts kept once per column (categories repeat); beyond this many, ids are not worth sharing. */
    private static final int SHARED_TEXTS = 100_000;

    private TableReader() {}

    /**
     * The columns {@code columns} (null: all) of {@code rows}; those in {@code asText} are read as
     * text whatever they hold (ids to copy to the output unchanged: 007 stays 007).
     */
    static Table read(CsvRows rows, List<String> columns, Set<String> asText) {
        CsvHeader header = CsvHeader.read(rows);
        List<Integer> indices = columns == null ? header.allExcept(-1) : header.indices(columns);
        int width = header.names().size();
        List<Builder> builders = new ArrayList<>();
        for (int i : indices) {
            String name = header.names().get(i);
            builders.add(new Builder(name, asText.contains(name)));
        }
        long[] lines = new long[1024];
        int n = 0;
        for (CsvRows.Row row = rows.next(); row != null; row = rows.next()) {
            String[] cells = row.cells();
            if (cells.length != width) {
                throw rows.error(row.line(), null, "has " + NumericRows.fields(cells.length) + " but the header has "
                        + NumericRows.fields(width));
            }
            if (n == lines.length) {
                lines = Arrays.copyOf(lines, n * 2);
            }
            lines[n] = row.line();
            for (int k = 0; k < builders.size(); k++) {
                builders.get(k).add(cells[indices.get(k)], rows, row.line());
            }
            n++;
        }
        if (n == 0) {
            throw rows.error(0, null, "has a header but no data rows");
        }
        List<Table.Column> out = new ArrayList<>();
        for (Builder b : builders) {
            out.add(b.build(n, rows));
        }
        return Table.of(rows.source(), out, Arrays.copyOf(lines, n));
    }

    /** One column being read: numbers until a cell says otherwise. */
    private static final class Builder {
        private final String name;
        private double[] numbers = new double[1024];
        private String[] texts;
        private final Map<String, String> shared = new HashMap<>();
        private final boolean asText;
        private int size;
        private int numberCells;
        private int textCells;
        private long firstTextLine;
        private String firstText;

        Builder(String name, boolean text) {
            this.name = name;
            this.asText = text;
            if (text) {
                texts = new String[1024];
                numbers = null;
            }
        }

        void add(String raw, CsvRows rows, long line) {
            String cell = raw.strip();
            boolean missing = cell.isEmpty() || Numbers.isMissing(cell);
            if (texts == null) {
                if (missing) {
                    grow();
                    numbers[size++] = Double.NaN;
                    return;
                }
                if (Numbers.isNumber(cell) || Numbers.isInfinite(cell)) {
                    double v;
                    try {
                        v = Numbers.parseFinite(cell);
                    } catch (NumberFormatException e) {
                        throw rows.error(line, name, e.getMessage());
                    }
                    grow();
                    numbers[size++] = v;
                    numberCells++;
                    return;
                }
                becomeText();
            }
            if (!missing && !asText) {
                if (Numbers.isNumber(cell)) {
                    numberCells++;
                } else if (textCells++ == 0) {
                    firstTextLine = line;
                    firstText = cell;
                }
            }
            grow();
            texts[size++] = missing ? null : share(cell);
        }

        private String share(String s) {
            if (shared.size() >= SHARED_TEXTS) {
                return s;
            }
            return shared.computeIfAbsent(s, k -> k);
        }

        private void becomeText() {
            texts = new String[numbers.length];
            for (int i = 0; i < size; i++) {
                texts[i] = Double.isNaN(numbers[i]) ? null : share(Numbers.shortest(numbers[i]));
            }
            numbers = null;
        }

        private void grow() {
            int capacity = texts != null ? texts.length : numbers.length;
            if (size < capacity) {
                return;
            }
            if (texts != null) {
                texts = Arrays.copyOf(texts, capacity * 2);
            } else {
                numbers = Arrays.copyOf(numbers, capacity * 2);
            }
        }

        Table.Column build(int n, CsvRows rows) {
            if (textCells > 0 && numberCells >= textCells) {
                throw rows.error(firstTextLine, name, "'" + Messages.shown(firstText) + "' is not a number, though "
                        + numberCells + " of the column's cells are; correct it, or leave the cell empty (or NA) to mark"
                        + " it missing");
            }
            // The builder lets go of its array as the column takes a copy of the right length, so that
            // building a large table holds one extra column at a time, not a second table.
            Table.Column column = texts != null ? new Table.Texts(name, Arrays.copyOf(texts, n))
                    : new Table.Numbers(name, Arrays.copyOf(numbers, n));
            texts = null;
            numbers = null;
            return column;
        }
    }
}
