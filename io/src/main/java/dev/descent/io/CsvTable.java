package dev.descent.io;

import dev.descent.Tensor;
import java.util.List;

/**
 * Numeric columns read from a CSV file: the names and the values {@code [rows, columns]}, like a
 * pandas {@code DataFrame} of floats.
 *
 * @param columns the column names, in the order of the tensor's columns
 * @param values  shape {@code [rows, columns.size()]}
 */
public record CsvTable(List<String> columns, Tensor values) {

    /** Checks that {@code values} has one column per name. */
    public CsvTable {
        columns = List.copyOf(columns);
        int[] dims = values.shape().dims();
        if (dims.length != 2 || dims[1] != columns.size()) {
            throw new IllegalArgumentException("csv table: values of shape " + values.shape() + " do not fit "
                    + columns.size() + " column names; expected [rows, " + columns.size() + "]");
        }
    }

    /** The number of data rows. */
    public int rows() {
        return values.shape().size(0);
    }
}
