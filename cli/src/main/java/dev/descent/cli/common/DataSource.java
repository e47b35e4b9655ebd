package dev.descent.cli.common;

import dev.descent.data.Table;
import dev.descent.io.Csv;
import dev.descent.io.Dataset;
import dev.descent.io.Datasets;
import dev.descent.io.FashionMnist;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** {@code --data}: a bundled data set by name, or a CSV file with a header row, read into a {@link Table}. */
public final class DataSource {
    /** The name {@code --data} knows Fashion-MNIST by; Debian's package dataset-fashion-mnist installs it. */
    public static final String FASHION_MNIST = "fashion-mnist";

    private DataSource() {
    }

    /**
     * Data to train on: a table of the feature columns and the target. The table can be handed on
     * ({@link #release}) so that, once training's tensors are made from it, a large file is not held
     * twice while it trains.
     */
    public static final class Data {
        private final String name;
        private final String target;
        private final List<String> features;
        private final List<String> classes;
        private final List<String> leftOut;
        private final boolean classification;
        private Table table;

        /**
         * @param name the bundled data set's name, or the file as given
         * @param classes the class names when the target holds class indices (a bundled classifier's
         *     convention), else empty: text or whole-number targets are classes in sorted order
         * @param leftOut the columns left out of the default features (ids)
         */
        Data(String name, Table table, String target, List<String> features, List<String> classes,
             List<String> leftOut) {
            this.name = name;
            this.table = table;
            this.target = target;
            this.features = List.copyOf(features);
            this.classes = List.copyOf(classes);
            this.leftOut = List.copyOf(leftOut);
            this.classification = !classes.isEmpty() || table.column(target) instanceof Table.Texts;
        }

        /** The bundled data set's name, or the file as given. */
        public String name() {
            return name;
        }

        /**
         * The table.
         *
         * @throws IllegalStateException after {@link #release}
         */
        public Table table() {
            if (table == null) {
                throw new IllegalStateException("the table of " + name + " was handed on");
            }
            return table;
        }

        /**
         * The table, which this no longer holds.
         *
         * @throws IllegalStateException when already handed on
         */
        public Table release() {
            Table t = table();
            table = null;
            return t;
        }

        /** The target column. */
        public String target() {
            return target;
        }

        /** The feature columns. */
        public List<String> features() {
            return features;
        }

        /** The class names when the target holds class indices, else empty. */
        public List<String> classes() {
            return classes;
        }

        /** The columns left out of the default features: a different text in every row (ids). */
        public List<String> leftOut() {
            return leftOut;
        }

        /** True when the target names classes: a bundled classifier, or a column of text. */
        public boolean classification() {
            return classification;
        }
    }

    /** True when {@code data} names a bundled data set (and no file of that name exists). */
    public static boolean isBundled(String data) {
        String name = bundledName(data);
        return !Files.exists(Path.of(data)) && (Datasets.names().contains(name) || Datasets.syntheticNames().contains(name));
    }

    /**
     * Loads {@code data} with the chosen target and features (null: the data set's own target, or
     * all other columns). A bundled name wins over a file of the same name only when no such file
     * exists.
     *
     * @throws UserError naming the option when the data, the target or a feature does not exist
     */
    public static Data load(String data, String target, List<String> features) {
        if (isBundled(data)) {
            Dataset d = Datasets.load(data);
            return bundled(d.name(), d.table(), d.featureNames(), d.targetName(), d.classNames(), target, features);
        }
        if (isFashionMnist(data)) {
            // 70,000 images read once, as one table whose last 10,000 rows are the published test set
            FashionMnist.Split split = FashionMnist.load();
            Dataset train = split.train();
            return bundled(FASHION_MNIST, split.table(), train.featureNames(), train.targetName(), train.classNames(),
                    target, features);
        }
        Path file = Path.of(data);
        if (!Files.exists(file)) {
            throw new UserError("--data " + data + ": no such file, and not a bundled data set (bundled: "
                    + String.join(", ", Datasets.names()) + "; generated: " + String.join(", ", Datasets.syntheticNames())
                    + "; and " + FASHION_MNIST + " when installed)");
        }
        if (target == null) {
            throw new UserError("--data " + data + ": name the column to predict with --target (columns: "
                    + quoted(Csv.columns(file)) + ")");
        }
        List<String> columns = null;
        if (features != null) {
            if (features.contains(target)) {
                throw new UserError("--features: " + Table.quoted(target) + " is the target (--target); predict it"
                        + " from the other columns");
            }
            columns = new ArrayList<>(features);
            columns.add(target);
        }
        Table table = Csv.readTable(file, columns, Set.of());
        if (!table.has(target)) {
            throw new UserError("--target " + target + ": " + data + " has no such column (columns: "
                    + quoted(table.names()) + ")");
        }
        List<String> leftOut = new ArrayList<>();
        List<String> names = features;
        if (names == null) {
            names = new ArrayList<>();
            for (String n : table.names()) {
                if (n.equals(target)) {
                    continue;
                }
                if (isId(table.column(n))) {
                    leftOut.add(n); // an id or a name: one-hot it and every new row is a category never seen
                } else {
                    names.add(n);
                }
            }
        }
        if (names.isEmpty()) {
            throw new UserError("--data " + data + ": the target " + Table.quoted(target) + " is its only column;"
                    + " there is nothing to predict it from");
        }
        return new Data(data, table, target, names, List.of(), leftOut);
    }

    private static Data bundled(String name, Table table, List<String> featureNames, String targetName,
                                List<String> classNames, String target, List<String> features) {
        if (target != null && !target.equals(targetName)) {
            throw new UserError("--target " + target + ": the bundled data set " + name + " predicts "
                    + targetName + "; choose features with --features");
        }
        List<String> names = features != null ? features : featureNames;
        List<String> absent = names.stream().filter(n -> !featureNames.contains(n)).toList();
        if (!absent.isEmpty()) {
            throw new UserError("--features: " + name + " has no column" + (absent.size() == 1 ? " " : "s ")
                    + quoted(absent) + " (columns: " + quoted(featureNames) + ")");
        }
        List<String> used = new ArrayList<>(names);
        used.add(targetName);
        return new Data(name, table.select(used), targetName, names, classNames, List.of());
    }

    /** True when {@code data} names Fashion-MNIST (and no file of that name exists). */
    public static boolean isFashionMnist(String data) {
        return !Files.exists(Path.of(data)) && bundledName(data).equals(FASHION_MNIST);
    }

    /** A text column with a different value in every row (of at least ten): an id, not a category. */
    private static boolean isId(Table.Column c) {
        if (!(c instanceof Table.Texts t) || t.size() < 10) {
            return false;
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String v : t.values()) {
            if (v == null || !seen.add(v)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Names as given to an option that splits at commas: a name in double quotes keeps its commas
     * ({@code "area, m2"}), as in a CSV header.
     */
    public static List<String> unquoted(List<String> names) {
        List<String> out = new ArrayList<>();
        for (String f : names) {
            String s = f.strip();
            out.add(s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")
                    ? s.substring(1, s.length() - 1).replace("\"\"", "\"") : s);
        }
        return out;
    }

    /** Every name in quotes, so that a name with a comma or a space reads as one. */
    public static String quoted(List<String> names) {
        return String.join(", ", names.stream().map(Table::quoted).toList());
    }

    private static String bundledName(String data) {
        return data.toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
