package dev.descent.data;

import dev.descent.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The classes of a classification target, scikit-learn's {@code LabelEncoder}: each distinct label
 * becomes a class index, in sorted order (numbers by value, text as {@code String.compareTo}
 * orders it), so labels 3, 5, 8 are classes 0, 1, 2 and setosa, versicolor, virginica too. The
 * names are kept, so a model can say "virginica" rather than 2.
 *
 * <pre>{@code
 * var labels = LabelEncoder.fit(table.column("species"), table);
 * labels.classes()                         // [setosa, versicolor, virginica]
 * Tensor y = labels.transform(table.column("species"), table);    // 0, 1, 2 per row
 * }</pre>
 */
public final class LabelEncoder {
    private final List<String> classes;
    private final Map<String, Integer> index = new HashMap<>();

    private LabelEncoder(List<String> classes) {
        this.classes = List.copyOf(classes);
        for (int i = 0; i < this.classes.size(); i++) {
            if (index.put(this.classes.get(i), i) != null) {
                throw new IllegalArgumentException("LabelEncoder: class '" + this.classes.get(i) + "' is named twice");
            }
        }
    }

    /** The classes in this order (a saved model's, or a bundled data set's). */
    public static LabelEncoder of(List<String> classes) {
        return new LabelEncoder(classes);
    }

    /**
     * The distinct labels of {@code target} (a column of {@code table}, which names rows in errors).
     *
     * @throws IllegalArgumentException when a label is missing, naming where
     */
    public static LabelEncoder fit(Table.Column target, Table table) {
        if (target instanceof Table.Numbers numbers) {
            TreeSet<Double> distinct = new TreeSet<>();
            for (int r = 0; r < numbers.size(); r++) {
                label(target, r, table);
                distinct.add(numbers.values()[r]);
            }
            List<String> names = new ArrayList<>();
            for (double v : distinct) {
                names.add(Table.number(v));
            }
            return new LabelEncoder(names);
        }
        TreeSet<String> distinct = new TreeSet<>();
        for (int r = 0; r < target.size(); r++) {
            distinct.add(label(target, r, table));
        }
        return new LabelEncoder(new ArrayList<>(distinct));
    }

    /** The class names; index i is class i. */
    public List<String> classes() {
        return classes;
    }

    /**
     * The class index of every row's label, as a tensor {@code [n]}.
     *
     * @throws IllegalArgumentException when a label is missing or not one of the classes, naming where
     */
    public Tensor transform(Table.Column target, Table table) {
        double[] out = new double[target.size()];
        for (int r = 0; r < out.length; r++) {
            String l = label(target, r, table);
            Integer i = index.get(l);
            if (i == null) {
                throw new IllegalArgumentException(table.where(r) + ", column " + Table.quoted(target.name()) + ": '" + l
                        + "' is not one of the classes " + Table.quotedList(classes));
            }
            out[r] = i;
        }
        return Tensor.of(out);
    }

    private static String label(Table.Column target, int row, Table table) {
        String l = target.text(row);
        if (l == null) {
            throw new IllegalArgumentException(table.where(row) + ", column " + Table.quoted(target.name())
                    + ": the target is missing; every row to train on needs its class");
        }
        return l;
    }
}
