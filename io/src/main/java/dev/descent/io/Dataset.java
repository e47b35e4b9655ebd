package dev.descent.io;

import dev.descent.Tensor;
import dev.descent.data.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A table of examples: features {@code [n, f]} and one target per row {@code [n]}, with names;
 * what scikit-learn's {@code load_*()} functions return as a {@code Bunch}.
 *
 * <p>For classification the target holds class indices {@code 0, 1, ...} as doubles and
 * {@code classNames} names them; for regression {@code classNames} is empty.
 *
 * @param name         the data set's name ({@code "boston"}) or the file it was read from
 * @param featureNames one name per feature column, in column order
 * @param targetName   the target's name ({@code "MEDV"})
 * @param features     shape {@code [n, f]}
 * @param target       shape {@code [n]}
 * @param classNames   the class of each target index; empty for regression
 */
public record Dataset(String name, List<String> featureNames, String targetName, Tensor features, Tensor target,
        List<String> classNames) {

    /** Checks that names and shapes agree: {@code features [n, f]}, {@code target [n]}, f feature names. */
    public Dataset {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(targetName, "targetName");
        featureNames = List.copyOf(featureNames);
        classNames = List.copyOf(classNames);
        int[] x = features.shape().dims();
        int[] y = target.shape().dims();
        if (x.length != 2 || y.length != 1 || x[0] != y[0] || x[1] != featureNames.size()) {
            throw new IllegalArgumentException("dataset: features " + features.shape() + " and target "
                    + target.shape() + " do not fit " + featureNames.size() + " feature names; expected [n, "
                    + featureNames.size() + "] and [n]");
        }
    }

    /** True when the target holds class indices (classNames is not empty). */
    public boolean isClassification() {
        return !classNames.isEmpty();
    }

    /**
     * The data set as a table named after it: the feature columns, then the target column (class
     * indices for a classifier, named by {@link #classNames()}).
     */
    public Table table() {
        List<Table.Column> columns = new ArrayList<>(Table.of(features, featureNames).columns());
        columns.add(new Table.Numbers(targetName, target.toArray()));
        return Table.of(name, columns, null);
    }

    /** The number of examples, n. */
    public int size() {
        return target.shape().size(0);
    }
}
