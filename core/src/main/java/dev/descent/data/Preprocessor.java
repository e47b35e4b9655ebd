package dev.descent.data;

import dev.descent.InvalidSettingException;
import dev.descent.Shape;
import dev.descent.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Turns the feature columns of a table into the numbers a model takes, as scikit-learn's
 * {@code ColumnTransformer} of a {@code SimpleImputer} and a {@code OneHotEncoder} does: a number
 * column stays one input, its missing cells filled; a text column becomes one input per category
 * seen in training (1 for the row's category, 0 for the others), named {@code column=category}.
 * Fitted on the training rows only, and kept in the model file, so that prediction applies exactly
 * the same.
 *
 * <pre>{@code
 * var prep = Preprocessor.fit(train, Preprocessor.Missing.MEDIAN, Preprocessor.Unknown.ERROR);
 * Tensor x = prep.transform(test);          // [rows, prep.outputNames().size()]
 * prep.outputNames()                        // [rooms, city=Lyon, city=Paris]
 * }</pre>
 */
public final class Preprocessor {
    /** What to do with a missing cell (empty, {@code NA}, {@code NaN}), as {@code SimpleImputer(strategy=...)}. */
    public enum Missing {
        /** Refuse, naming the cell: the default, so that nothing is made up silently. */
        ERROR("error"),
        /** Leave out the rows that have one (before splitting). */
        DROP("drop"),
        /** Fill a number with the mean of its column's training values (text: the most frequent). */
        MEAN("mean"),
        /** Fill a number with the median of its column's training values (text: the most frequent). */
        MEDIAN("median"),
        /** Fill with the most frequent training value (the smallest of equals, as scikit-learn). */
        MOST_FREQUENT("most-frequent");

        private final String key;

        Missing(String key) {
            this.key = key;
        }

        /** The name: {@code error}, {@code drop}, {@code mean}, {@code median} or {@code most-frequent}. */
        public String key() {
            return key;
        }

        /**
         * The strategy called {@code name}.
         *
         * @throws InvalidSettingException naming the accepted names
         */
        public static Missing parse(String name) {
            for (Missing m : values()) {
                if (m.key.equals(name == null ? "" : name.strip().toLowerCase(Locale.ROOT))) {
                    return m;
                }
            }
            throw new InvalidSettingException("missing", name, "unknown; expected error, drop, mean, median or most-frequent");
        }
    }

    /** What to do with a category not seen in training, as {@code OneHotEncoder(handle_unknown=...)}. */
    public enum Unknown {
        /** Refuse, naming the value and the column. */
        ERROR("error"),
        /** Give the row zeros in every input of that column. */
        IGNORE("ignore");

        private final String key;

        Unknown(String key) {
            this.key = key;
        }

        /** The name: {@code error} or {@code ignore}. */
        public String key() {
            return key;
        }

        /**
         * The handling called {@code name}.
         *
         * @throws InvalidSettingException naming the accepted names
         */
        public static Unknown parse(String name) {
            for (Unknown u : values()) {
                if (u.key.equals(name == null ? "" : name.strip().toLowerCase(Locale.ROOT))) {
                    return u;
                }
            }
            throw new InvalidSettingException("unknown", name, "unknown; expected error or ignore");
        }
    }

    /**
     * How one input column becomes model inputs.
     *
     * @param name the column
     * @param categories null for a number column; the sorted categories of a text column
     * @param fill what fills a missing cell (a number, or a category), or null to refuse one
     */
    public record ColumnPlan(String name, List<String> categories, String fill) {
        /** Copies the categories. */
        public ColumnPlan {
            categories = categories == null ? null : List.copyOf(categories);
        }

        /** True for a number column. */
        public boolean numeric() {
            return categories == null;
        }
    }

    private final List<ColumnPlan> plans;
    private final Unknown unknown;
    private final List<String> outputs = new ArrayList<>();
    private final List<Map<String, Integer>> positions = new ArrayList<>();

    private Preprocessor(List<ColumnPlan> plans, Unknown unknown) {
        this.plans = List.copyOf(plans);
        this.unknown = unknown;
        Set<String> names = new HashSet<>();
        for (ColumnPlan p : this.plans) {
            if (!names.add(p.name())) {
                throw new IllegalArgumentException("column " + Table.quoted(p.name()) + " is named twice");
            }
            Map<String, Integer> at = new HashMap<>();
            if (p.numeric()) {
                outputs.add(p.name());
            } else {
                for (String c : p.categories()) {
                    if (at.putIfAbsent(c, at.size()) != null) {
                        throw new IllegalArgumentException("column " + Table.quoted(p.name()) + " names the category '"
                                + c + "' twice");
                    }
                    outputs.add(p.name() + "=" + c);
                }
                if (p.fill() != null && !at.containsKey(p.fill())) {
                    throw new IllegalArgumentException("column " + Table.quoted(p.name()) + " is filled with '" + p.fill()
                            + "', not one of its categories");
                }
            }
            positions.add(at);
        }
    }

    /**
     * A preprocessor with these plans (a saved model's).
     *
     * @throws IllegalArgumentException when a column is named twice, a category repeats, or a text
     *     column's fill is not one of its categories
     */
    public static Preprocessor of(List<ColumnPlan> plans, Unknown unknown) {
        return new Preprocessor(plans, unknown);
    }

    /** The identity on columns of numbers without missing cells: what a table of plain numbers needs. */
    public static Preprocessor identity(List<String> columns) {
        return new Preprocessor(columns.stream().map(c -> new ColumnPlan(c, null, null)).toList(), Unknown.ERROR);
    }

    /**
     * Learns, from the training rows {@code features}, each text column's categories and the fill
     * values {@code missing} asks for ({@link Missing#ERROR} and {@link Missing#DROP} fill nothing).
     *
     * @throws InvalidSettingException when a cell is missing and {@code missing} is ERROR (naming
     *     where), or a column has no value at all to fill from
     */
    public static Preprocessor fit(Table features, Missing missing, Unknown unknown) {
        return fit(features, null, missing, unknown);
    }

    /**
     * Learns as {@link #fit(Table, Missing, Unknown)} does, from the rows of {@code features} that
     * {@code rows} lists (null: all of them), without copying the table: a large file's training
     * rows are read where they are.
     *
     * @throws InvalidSettingException as {@link #fit(Table, Missing, Unknown)}
     */
    public static Preprocessor fit(Table features, int[] rows, Missing missing, Unknown unknown) {
        int n = rows == null ? features.rows() : rows.length;
        List<ColumnPlan> plans = new ArrayList<>();
        for (Table.Column c : features.columns()) {
            if (missing == Missing.ERROR || missing == Missing.DROP) {
                for (int i = 0; i < n; i++) {
                    if (c.isMissing(row(rows, i))) {
                        throw missingCell(features, c, row(rows, i), missing);
                    }
                }
            }
            if (c instanceof Table.Numbers numbers) {
                plans.add(new ColumnPlan(c.name(), null, numericFill(features, numbers, rows, missing)));
            } else {
                TreeMap<String, Integer> counts = new TreeMap<>();
                for (int i = 0; i < n; i++) {
                    if (!c.isMissing(row(rows, i))) {
                        counts.merge(c.text(row(rows, i)), 1, Integer::sum);
                    }
                }
                if (counts.isEmpty()) {
                    throw new InvalidSettingException("missing", missing.key(), "column " + Table.quoted(c.name())
                            + " of " + features.source() + " has no values at all to learn from; leave it out");
                }
                String fill = missing == Missing.ERROR || missing == Missing.DROP ? null : mostFrequent(counts);
                plans.add(new ColumnPlan(c.name(), new ArrayList<>(counts.keySet()), fill));
            }
        }
        return new Preprocessor(plans, unknown);
    }

    /** Row i of the rows chosen: {@code rows[i]}, or i itself when all rows are (null). */
    private static int row(int[] rows, int i) {
        return rows == null ? i : rows[i];
    }

    private static String numericFill(Table table, Table.Numbers c, int[] rows, Missing missing) {
        int n = rows == null ? c.size() : rows.length;
        if ((missing == Missing.ERROR || missing == Missing.DROP) && n > 0) {
            return null; // every cell was found present, and there is nothing to fill
        }
        double[] present = new double[n];
        int count = 0;
        for (int i = 0; i < n; i++) {
            double v = c.values()[row(rows, i)];
            if (!Double.isNaN(v)) {
                present[count++] = v;
            }
        }
        present = Arrays.copyOf(present, count);
        if (present.length == 0) {
            throw new InvalidSettingException("missing", missing.key(), "column " + Table.quoted(c.name()) + " of "
                    + table.source() + " has no values at all to learn from; leave it out");
        }
        return switch (missing) {
            case ERROR, DROP -> null; // not reached: returned above, there being nothing to fill
            case MEAN -> Double.toString(Arrays.stream(present).sum() / present.length);
            case MEDIAN -> Double.toString(median(present));
            case MOST_FREQUENT -> {
                TreeMap<Double, Integer> counts = new TreeMap<>();
                for (double v : present) {
                    counts.merge(v, 1, Integer::sum);
                }
                yield Double.toString(mostFrequent(counts));
            }
        };
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** The most frequent key; of equals, the smallest (the map is sorted). */
    private static <K> K mostFrequent(SortedMap<K, Integer> counts) {
        K best = null;
        int most = 0;
        for (Map.Entry<K, Integer> e : counts.entrySet()) {
            if (e.getValue() > most) {
                best = e.getKey();
                most = e.getValue();
            }
        }
        return best;
    }

    private static InvalidSettingException missingCell(Table table, Table.Column c, int row, Missing missing) {
        return new InvalidSettingException("missing", missing.key(), table.where(row) + ", column "
                + Table.quoted(c.name()) + " is empty (a missing value); leave such rows out with {missing} drop, or"
                + " fill them with {missing} mean, median or most-frequent");
    }

    /**
     * The model's inputs for every row of {@code table} (which must have this preprocessor's
     * columns, of the same kinds): {@code [rows, outputNames().size()]}.
     *
     * @throws InvalidSettingException for a missing cell without a fill, or a category not seen in
     *     training when unknown categories are an error, naming where
     * @throws IllegalArgumentException when a column is absent or text where numbers were trained
     */
    public Tensor transform(Table table) {
        return transform(table, null);
    }

    /**
     * The model's inputs for the rows of {@code table} that {@code rows} lists, in that order (null:
     * all rows): {@code [rows.length, outputNames().size()]}, without copying the table.
     *
     * @throws InvalidSettingException as {@link #transform(Table)}
     * @throws IllegalArgumentException as {@link #transform(Table)}
     */
    public Tensor transform(Table table, int[] rows) {
        int n = rows == null ? table.rows() : rows.length;
        int width = outputs.size();
        double[] out = new double[n * width];
        int offset = 0;
        for (int p = 0; p < plans.size(); p++) {
            ColumnPlan plan = plans.get(p);
            Table.Column c = table.column(plan.name());
            if (plan.numeric()) {
                if (!(c instanceof Table.Numbers numbers)) {
                    throw new IllegalArgumentException(table.source() + ", column " + Table.quoted(plan.name())
                            + " holds text (such as '" + firstText(c) + "') where the model was trained on numbers");
                }
                double fill = plan.fill() == null ? Double.NaN : Double.parseDouble(plan.fill());
                double[] values = numbers.values();
                for (int i = 0; i < n; i++) {
                    double v = values[row(rows, i)];
                    if (Double.isNaN(v)) {
                        if (plan.fill() == null) {
                            throw missingCell(table, c, row(rows, i), Missing.ERROR);
                        }
                        v = fill;
                    }
                    out[i * width + offset] = v;
                }
                offset++;
            } else {
                Map<String, Integer> at = positions.get(p);
                for (int i = 0; i < n; i++) {
                    int r = row(rows, i);
                    String v = c.isMissing(r) ? plan.fill() : c.text(r);
                    if (v == null) {
                        throw missingCell(table, c, r, Missing.ERROR);
                    }
                    Integer k = at.get(v);
                    if (k == null) {
                        if (unknown == Unknown.ERROR) {
                            throw new InvalidSettingException("unknown", unknown.key(), table.where(r) + ", column "
                                    + Table.quoted(plan.name()) + ": '" + v + "' was not seen in training (its categories"
                                    + " are " + Table.quotedList(plan.categories()) + "); give such rows zeros with"
                                    + " {unknown} ignore");
                        }
                        continue;
                    }
                    out[i * width + offset + k] = 1;
                }
                offset += plan.categories().size();
            }
        }
        return Tensor.wrap(out, Shape.of(n, width)); // built here and nowhere else: held once
    }

    private static String firstText(Table.Column c) {
        for (int r = 0; r < c.size(); r++) {
            if (!c.isMissing(r)) {
                return c.text(r);
            }
        }
        return "";
    }

    /** The input columns, in order. */
    public List<String> columns() {
        return plans.stream().map(ColumnPlan::name).toList();
    }

    /** The model's inputs: a number column's name, or {@code column=category} for each category. */
    public List<String> outputNames() {
        return List.copyOf(outputs);
    }

    /** How each column is turned into inputs. */
    public List<ColumnPlan> plans() {
        return plans;
    }

    /** What happens to a category not seen in training. */
    public Unknown unknown() {
        return unknown;
    }

    /** True when every column is a number column passed through unchanged (nothing to save beyond the names). */
    public boolean isIdentity() {
        return plans.stream().allMatch(p -> p.numeric() && p.fill() == null);
    }
}
