package dev.descent.train;

import dev.descent.InvalidSettingException;
import dev.descent.Tensor;
import dev.descent.data.LabelEncoder;
import dev.descent.data.Preprocessor;
import dev.descent.data.Split;
import dev.descent.data.StandardScaler;
import dev.descent.data.Table;
import dev.descent.data.TensorDataset;
import java.util.ArrayList;
import java.util.List;

/**
 * A table made ready to train on, as a {@link FitConfig} says: rows with missing cells left out
 * (when asked), the target encoded (numbers for regression; classes, in sorted order, for
 * classification), the rows split (at random as the configuration's test fraction says, or as the
 * data set gives them: {@link Table#testRows()}), the features' preprocessing learnt from the training rows only
 * and applied to both parts, and the features standardised when asked. {@link Fitting} trains on
 * it; {@code LinearRegression}'s callers can too.
 *
 * @param task what the model predicts
 * @param classes the class names of a classifier (index i is class i), empty for regression
 * @param preprocessor how the feature columns become the model's inputs
 * @param scaler the standardisation fitted on the training rows, or null without one
 * @param train the training rows: inputs {@code [n, inputs]}, targets {@code [n, 1]} (regression, bce) or {@code [n]}
 * @param test the held-out rows, or null without them
 * @param dropped how many rows were left out for a missing cell
 */
public record Preparation(Task task, List<String> classes, Preprocessor preprocessor, StandardScaler scaler,
                          TensorDataset train, TensorDataset test, int dropped) {
    /** More classes than this are a mistake (a target of real numbers read as class labels). */
    private static final int MAX_CLASSES = 1000;

    /**
     * Prepares {@code data} (its columns named by the configuration's features and target; all other
     * columns when the features are empty). {@code classes}, when not empty, are the target's class
     * names in index order and the target holds the indices (a bundled data set's convention).
     *
     * @throws InvalidSettingException when a setting does not fit the data (a text target with a
     *     regression loss, bce on three classes, a missing cell with {@code missing} error)
     * @throws IllegalArgumentException when a named column is absent
     */
    public static Preparation prepare(FitConfig config, Table data, List<String> classes) {
        List<String> features = config.features().isEmpty()
                ? data.names().stream().filter(n -> !n.equals(config.target())).toList() : config.features();
        List<String> used = new ArrayList<>(features);
        used.add(config.target());
        Table table = data.select(used);
        // The table is read through row numbers, never copied: a large file is held once, as numbers.
        int[] kept = null;
        int dropped = 0;
        if (config.missing() == Preprocessor.Missing.DROP) {
            kept = table.completeRows(used);
            dropped = table.rows() - kept.length;
            if (kept.length == 0) {
                throw new InvalidSettingException("missing", "drop", "every row of " + data.source() + " has a missing"
                        + " cell; nothing is left to train on");
            }
        }
        Table targetColumn = table.select(List.of(config.target()));
        Target target = target(config, kept == null ? targetColumn : targetColumn.rows(kept), classes);
        Split.Rows rows = table.testRows() > 0 ? givenSplit(kept, table.rows(), table.testRows())
                : Split.rows(kept == null ? table.rows() : kept.length, config.testFraction(), config.seed());
        int[] trainRows = through(kept, rows.train());
        int[] testRows = through(kept, rows.test());
        Table featureColumns = table.select(features);
        Preprocessor preprocessor = Preprocessor.fit(featureColumns, trainRows, config.missing(), config.unknown());
        Tensor trainX = preprocessor.transform(featureColumns, trainRows);
        Tensor testX = testRows.length == 0 ? null : preprocessor.transform(featureColumns, testRows);
        // From here on only the tensors are needed: the table goes (when the caller holds it no longer).
        data = null;
        table = null;
        featureColumns = null;
        targetColumn = null;
        StandardScaler scaler = null;
        if (config.standardize()) {
            // The tensors were made here, so they are scaled where they are.
            scaler = new StandardScaler().fit(trainX);
            scaler.transformInPlace(trainX);
            if (testX != null) {
                scaler.transformInPlace(testX);
            }
        }
        // The data take the run's element type after scaling: the scaler's statistics stay float64.
        trainX = trainX.to(config.dtype());
        testX = testX == null ? null : testX.to(config.dtype());
        Tensor y = target.values().to(config.dtype());
        TensorDataset train = new TensorDataset(trainX, y.indexSelect(0, rows.train()));
        TensorDataset test = testX == null ? null : new TensorDataset(testX, y.indexSelect(0, rows.test()));
        return new Preparation(target.task(), target.classes(), preprocessor, scaler, train, test, dropped);
    }

    /**
     * The data set's own split: its last {@code testRows} rows are held out, the others trained on, in
     * order; the positions are among the rows {@code kept} (null: all of the table's {@code n}).
     */
    private static Split.Rows givenSplit(int[] kept, int n, int testRows) {
        int count = kept == null ? n : kept.length;
        int firstTest = n - testRows;
        int train = 0;
        while (train < count && (kept == null ? train : kept[train]) < firstTest) {
            train++;
        }
        int[] trainRows = java.util.stream.IntStream.range(0, train).toArray();
        int[] testPositions = java.util.stream.IntStream.range(train, count).toArray();
        return new Split.Rows(trainRows, testPositions);
    }

    /** {@code rows} as row numbers of the whole table, when they number the rows {@code kept} (null: all). */
    private static int[] through(int[] kept, int[] rows) {
        if (kept == null) {
            return rows;
        }
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = kept[rows[i]];
        }
        return out;
    }

    /** The model's inputs: the preprocessed feature count. */
    public int inputs() {
        return train.features().shape().size(1);
    }

    /** The model's outputs: one logit per class for cross-entropy, else one. */
    public int outputs() {
        return task == Task.CLASSIFICATION ? classes.size() : 1;
    }

    /** The rows trained on and held out (without those dropped). */
    public int rows() {
        return train.size() + (test == null ? 0 : test.size());
    }

    /** The target as the loss needs it, with the task and the class names. */
    private record Target(Task task, List<String> classes, Tensor values) {
    }

    private static Target target(FitConfig config, Table table, List<String> names) {
        LossFunction loss = config.loss();
        Table.Column column = table.column(config.target());
        if (!loss.isClassification()) {
            if (!(column instanceof Table.Numbers numbers)) {
                throw new InvalidSettingException("loss", loss.key(), "the target column " + Table.quoted(config.target())
                        + " holds text (such as '" + column.text(firstPresent(column)) + "'), not numbers; classify with"
                        + " {loss} cross-entropy");
            }
            for (int r = 0; r < numbers.size(); r++) {
                if (numbers.isMissing(r)) {
                    throw new InvalidSettingException("missing", config.missing().key(), table.where(r) + ", column "
                            + Table.quoted(config.target()) + ": the target is missing; leave such rows out with"
                            + " {missing} drop");
                }
            }
            return new Target(Task.REGRESSION, List.of(), Tensor.of(numbers.values()).reshape(-1, 1));
        }
        List<String> classes;
        Tensor indices;
        if (!names.isEmpty()) {
            classes = names;
            indices = Tensor.of(((Table.Numbers) column).values());
        } else {
            if (column instanceof Table.Numbers numbers) {
                for (int r = 0; r < numbers.size(); r++) {
                    double v = numbers.values()[r];
                    if (!Double.isNaN(v) && v != Math.rint(v)) {
                        throw new InvalidSettingException("loss", loss.key(), "the target column "
                                + Table.quoted(config.target()) + " holds " + v + ", not a class label (a whole number"
                                + " or text); predict numbers with {loss} mse");
                    }
                }
            }
            LabelEncoder labels = LabelEncoder.fit(column, table);
            classes = labels.classes();
            if (classes.size() > MAX_CLASSES) {
                throw new InvalidSettingException("loss", loss.key(), "the target column " + Table.quoted(config.target())
                        + " holds " + classes.size() + " different values, more than " + MAX_CLASSES + " classes; it looks"
                        + " like numbers to predict: use {loss} mse");
            }
            indices = labels.transform(column, table);
        }
        if (classes.size() < 2) {
            throw new InvalidSettingException("loss", loss.key(), "the target column " + Table.quoted(config.target())
                    + " holds one class only (" + (classes.isEmpty() ? "none" : classes.get(0)) + "); a classifier needs"
                    + " examples of at least two classes");
        }
        if (loss == LossFunction.BCE) {
            if (classes.size() != 2) {
                throw new InvalidSettingException("loss", loss.key(), "the target column " + Table.quoted(config.target())
                        + " has " + classes.size() + " classes (" + String.join(", ", classes) + "); bce is for two"
                        + " classes, use cross-entropy");
            }
            return new Target(Task.BINARY_CLASSIFICATION, classes, indices.reshape(-1, 1));
        }
        return new Target(Task.CLASSIFICATION, classes, indices);
    }

    private static int firstPresent(Table.Column column) {
        for (int r = 0; r < column.size(); r++) {
            if (!column.isMissing(r)) {
                return r;
            }
        }
        return 0;
    }
}
