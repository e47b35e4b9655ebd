package dev.descent.data;

import dev.descent.Tensor;
import java.util.Arrays;
import java.util.Random;

/**
 * A training set and a held-out test set made by a seeded shuffle
 * ({@code sklearn.model_selection.train_test_split(x, y, test_size=f, random_state=seed)}).
 *
 * <p>The test set gets ⌈f·n⌉ samples, as in sklearn, and the training set the rest; both keep the
 * shuffled order. The same seed always gives the same split.
 *
 * <pre>{@code
 * jshell> var split = Split.trainTest(x, y, 0.2, 42);
 * jshell> split.train().size() + " + " + split.test().size()
 * $2 ==> "404 + 102"
 * }</pre>
 *
 * @param train the samples to fit on
 * @param test the held-out samples (empty when the test fraction is 0)
 */
public record Split(TensorDataset train, TensorDataset test) {
    /** Checks that both parts are given. */
    public Split {
        if (train == null || test == null) {
            throw new IllegalArgumentException("Split: train and test must not be null");
        }
    }

    /**
     * Shuffles the samples with {@code seed} and holds out a fraction {@code testFraction} of them.
     *
     * @param testFraction in [0, 1); 0 gives an empty test set
     * @throws IllegalArgumentException when the fraction is outside [0, 1), the first dimensions of
     *     features and targets differ, or no sample would be left to train on
     */
    public static Split trainTest(Tensor features, Tensor targets, double testFraction, long seed) {
        return trainTest(new TensorDataset(features, targets), testFraction, seed);
    }

    /** As {@link #trainTest(Tensor, Tensor, double, long)} for a data set. */
    public static Split trainTest(TensorDataset data, double testFraction, long seed) {
        Rows rows = rows(data.size(), testFraction, seed);
        return new Split(data.subset(rows.train()), data.subset(rows.test()));
    }

    /**
     * The row numbers of a split of {@code n} rows: the same shuffle and the same sizes as
     * {@link #trainTest}, for data that is not a tensor yet (a table to preprocess after splitting).
     *
     * @param train the rows to fit on, in shuffled order
     * @param test the held-out rows, in shuffled order
     */
    public record Rows(int[] train, int[] test) {
    }

    /**
     * The rows {@link #trainTest} would put in each part, for {@code n} rows.
     *
     * @throws IllegalArgumentException when the fraction is outside [0, 1) or no row would be left to train on
     */
    public static Rows rows(int n, double testFraction, long seed) {
        if (!(testFraction >= 0 && testFraction < 1)) {
            throw new IllegalArgumentException("trainTest: test fraction must be in [0, 1), got " + testFraction
                    + "; use e.g. 0.2 to hold out a fifth of the samples, or 0 for no test set");
        }
        int nTest = (int) Math.ceil(testFraction * n);
        if (n - nTest < 1) {
            throw new IllegalArgumentException("trainTest: holding out " + nTest + " of " + n + " samples (test fraction "
                    + testFraction + ") leaves none to train on; use a smaller test fraction or more data");
        }
        int[] order = Permutations.shuffled(n, new Random(seed));
        return new Rows(Arrays.copyOfRange(order, nTest, n), Arrays.copyOfRange(order, 0, nTest));
    }
}
