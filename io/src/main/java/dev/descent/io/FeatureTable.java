package dev.descent.io;

import dev.descent.Tensor;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The rows a model predicts for, read from a CSV file in one pass: the feature columns it needs
 * and, when the file has it, the target column to score the predictions against (what
 * {@code df[features]} and {@code df.get(target)} give in pandas).
 *
 * @param featureNames the feature columns, in the order of the tensor's columns
 * @param features     shape {@code [rows, featureNames.size()]}
 * @param targetName   the target column that was asked for
 * @param target       shape {@code [rows]}; empty when the file has no such column or a cell of it
 *                     is not a finite number
 */
public record FeatureTable(List<String> featureNames, Tensor features, String targetName, Optional<Tensor> target) {

    /**
     * Checks that the shapes fit the names.
     *
     * @throws IllegalArgumentException when {@code features} is not {@code [n, featureNames.size()]}
     *     or the target is not {@code [n]}
     */
    public FeatureTable {
        featureNames = List.copyOf(featureNames);
        Objects.requireNonNull(targetName, "targetName");
        Objects.requireNonNull(target, "target");
        int[] x = features.shape().dims();
        if (x.length != 2 || x[1] != featureNames.size()
                || target.map(y -> y.shape().dims().length != 1 || y.shape().size(0) != x[0]).orElse(false)) {
            throw new IllegalArgumentException("feature table: features " + features.shape() + " and target "
                    + target.map(y -> y.shape().toString()).orElse("(none)") + " do not fit " + featureNames.size()
                    + " feature names; expected [n, " + featureNames.size() + "] and [n]");
        }
    }

    /** The number of rows. */
    public int rows() {
        return features.shape().size(0);
    }
}
