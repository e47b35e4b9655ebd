package dev.descent.io;

import dev.descent.Shape;
import dev.descent.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the remaining rows of a CSV file as numbers, in one pass: every row must have one cell per
 * column, and every selected cell must hold a finite decimal number as {@link Numbers#parseFinite}
 * reads it. Missing values ({@code NA}, {@code NaN}, empty cells) and infinities are errors,
 * because a single one silently turns every loss into NaN.
 *
 * <p>The selected cells are split into groups (features, target), each becoming one tensor
 * {@code [rows, columns of the group]}. Values are kept as doubles only, in one stream of chunks of
 * {@link #CHUNK_VALUES} that is copied once into the groups' arrays when the rows are counted: at
 * the peak every value is held twice (16 bytes), never as text, and no array is grown by doubling.
 */
final class NumericRows {
    /** Java arrays stop a little short of 2^31 elements. */
    static final int MAX_VALUES = Integer.MAX_VALUE - 8;
    /**
     * Values per chunk: with the array's header just under 1 MiB. In a heap small enough for G1's
     * 1 MiB regions a chunk fills one region (one byte more and it would take two); with larger
     * regions it is an ordinary object. Measured: a 236 MB CSV of 24 million numbers reads in a
     * 373 MiB heap.
     */
    static final int CHUNK_VALUES = (1 << 17) - 4;

    /**
     * Columns that become one tensor.
     *
     * @param columns  indices in the file, in the order of the tensor's columns
     * @param optional when true, a cell that is not a number drops the group (its tensor is null)
     *                 instead of failing the read
     * @param vector   when true (one column), the tensor has shape {@code [rows]}, not {@code [rows, 1]}
     */
    record Group(int[] columns, boolean optional, boolean vector) {
        /** The columns as a matrix {@code [rows, columns.length]}. */
        static Group of(int... columns) {
            return new Group(columns, false, false);
        }

        /** One column as a vector {@code [rows]}; {@code optional} as above. */
        static Group vector(int column, boolean optional) {
            return new Group(new int[] {column}, optional, true);
        }
    }

    private NumericRows() {}

    /**
     * Reads every remaining row of {@code rows}; {@code columns} names all columns of the file (for
     * the width check and messages); {@code widthSource} says where the expected width comes from
     * ("the header"). Returns one tensor {@code [rows, k]} per group, in order (null for a dropped
     * optional group), or an empty list when there are no data rows.
     */
    static List<Tensor> read(CsvRows rows, List<String> columns, List<Group> groups, String widthSource) {
        int width = columns.size();
        int perRow = 0;
        for (Group g : groups) {
            perRow += g.columns().length;
        }
        // One stream of values, row by row and group by group: chunks of different groups
        // interleaved in memory would leave no contiguous room for the final arrays.
        Chunks values = new Chunks(perRow);
        boolean[] dropped = new boolean[groups.size()];
        long n = 0;
        for (CsvRows.Row row = rows.next(); row != null; row = rows.next()) {
            String[] cells = row.cells();
            if (cells.length != width) {
                throw rows.error(row.line(), null, "has " + fields(cells.length) + " but " + widthSource + " has "
                        + fields(width));
            }
            if ((n + 1) * perRow > MAX_VALUES) {
                throw rows.error(row.line(), null, "the data has more than " + MAX_VALUES
                        + " values, too many for one tensor");
            }
            for (int g = 0; g < groups.size(); g++) {
                Group group = groups.get(g);
                for (int c : group.columns()) {
                    if (!group.optional()) {
                        values.add(parse(cells[c], rows, row.line(), columns.get(c)));
                    } else if (dropped[g]) {
                        values.add(Double.NaN);
                    } else {
                        try {
                            values.add(Numbers.parseFinite(cells[c]));
                        } catch (NumberFormatException e) {
                            dropped[g] = true;
                            values.add(Double.NaN);
                        }
                    }
                }
            }
            n++;
        }
        return n == 0 ? new ArrayList<>() : values.split((int) n, groups, dropped);
    }

    static String fields(int n) {
        return n == 1 ? "1 field" : n + " fields";
    }

    /** The number in {@code cell} ({@link Numbers#parseFinite}), or a {@link DataFormatException} naming line and column. */
    static double parse(String cell, CsvRows rows, long line, String column) {
        try {
            return Numbers.parseFinite(cell);
        } catch (NumberFormatException e) {
            if (cell.isBlank()) {
                throw rows.error(line, column, "empty cell");
            }
            String hint = Numbers.isMissing(cell) ? "; fill it in or remove the row" : "";
            throw rows.error(line, column, e.getMessage() + hint);
        }
    }

    /** Row-major values, in fixed-size chunks small enough to be ordinary objects for the collector. */
    private static final class Chunks {
        private final List<double[]> full = new ArrayList<>();
        private double[] current;
        private int used;

        Chunks(int perRow) {
            this.current = new double[Math.min(CHUNK_VALUES, 1024 * Math.max(1, perRow))];
        }

        void add(double value) {
            if (used == current.length) {
                if (current.length < CHUNK_VALUES) {
                    // Small files stay small: the first chunk grows to full size before chunks are added.
                    current = Arrays.copyOf(current, Math.min(CHUNK_VALUES, 4 * current.length));
                } else {
                    full.add(current);
                    current = new double[CHUNK_VALUES];
                    used = 0;
                }
            }
            current[used++] = value;
        }

        /** One tensor per group (null for a dropped one); the chunks are released before the tensors are made. */
        List<Tensor> split(int rows, List<Group> groups, boolean[] dropped) {
            int perRow = 0;
            for (Group g : groups) {
                perRow += g.columns().length;
            }
            // For every position in a row: which group's array it goes to, and where in that group's row.
            double[][] arrays = new double[groups.size()][];
            double[][] target = new double[perRow][];
            int[] widths = new int[perRow];
            int[] offsets = new int[perRow];
            for (int g = 0, at = 0; g < groups.size(); g++) {
                int k = groups.get(g).columns().length;
                arrays[g] = dropped[g] ? null : new double[rows * k];
                for (int j = 0; j < k; j++, at++) {
                    target[at] = arrays[g];
                    widths[at] = k;
                    offsets[at] = j;
                }
            }
            full.add(Arrays.copyOf(current, used));
            current = null;
            long i = 0;
            for (double[] chunk : full) {
                for (double v : chunk) {
                    int at = (int) (i % perRow);
                    if (target[at] != null) {
                        target[at][(int) (i / perRow) * widths[at] + offsets[at]] = v;
                    }
                    i++;
                }
            }
            full.clear();
            List<Tensor> tensors = new ArrayList<>();
            for (int g = 0; g < groups.size(); g++) {
                Group group = groups.get(g);
                double[] a = arrays[g];
                // Released as each is copied into its tensor, so the peak stays at the values twice.
                arrays[g] = null;
                tensors.add(a == null ? null : Tensor.of(a, group.vector() ? Shape.of(rows) : Shape.of(rows, a.length / rows)));
            }
            return tensors;
        }
    }
}
