package dev.descent.io;

import dev.descent.Tensor;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The small tabular data sets that ship inside the jar, loaded by name: Descent's
 * {@code sklearn.datasets.load_boston()}, {@code load_diabetes()}, {@code load_digits()},
 * {@code load_iris()}, {@code load_wine()} and {@code load_breast_cancer()}.
 *
 * <p>The files are scikit-learn's own (Debian 12's python3-sklearn 1.2.1, BSD-3-Clause), byte
 * for byte; see {@code data/README.md} next to them. Every call parses the file afresh and returns
 * new tensors, so callers may change them freely. Values are the raw ones (diabetes is not
 * scaled as scikit-learn does by default).
 *
 * <pre>{@code
 * jshell> var boston = Datasets.load("boston");
 * jshell> boston.features().shape() + " -> " + boston.targetName()
 * $2 ==> "[506, 13] -> MEDV"
 * }</pre>
 */
public final class Datasets {
    private static final List<String> NAMES = List.of("boston", "diabetes", "digits", "iris", "wine", "breast-cancer");

    private static final List<String> DIABETES_FEATURES =
            List.of("age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6");
    private static final List<String> IRIS_FEATURES =
            List.of("sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)");
    private static final List<String> WINE_FEATURES = List.of("alcohol", "malic_acid", "ash", "alcalinity_of_ash",
            "magnesium", "total_phenols", "flavanoids", "nonflavanoid_phenols", "proanthocyanins", "color_intensity",
            "hue", "od280/od315_of_diluted_wines", "proline");
    private static final List<String> CANCER_MEASURES = List.of("radius", "texture", "perimeter", "area",
            "smoothness", "compactness", "concavity", "concave points", "symmetry", "fractal dimension");

    private Datasets() {}

    /** The names {@link #load(String)} accepts: boston, diabetes, digits, iris, wine, breast-cancer. */
    public static List<String> names() {
        return NAMES;
    }

    /**
     * Where the bundled data set {@code name} comes from, in one line (the original source; the file
     * is scikit-learn's copy).
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public static String origin(String name) {
        return switch (load(name).name()) {
            case "boston" -> "Harrison and Rubinfeld (1978), Boston housing census tracts";
            case "diabetes" -> "Efron, Hastie, Johnstone and Tibshirani (2004), Least Angle Regression";
            case "digits" -> "UCI Optical Recognition of Handwritten Digits (Alpaydin and Kaynak, 1998)";
            case "iris" -> "Fisher (1936), measurements by Anderson";
            case "wine" -> "UCI Wine (Forina et al.), three cultivars from Italy";
            default -> "UCI Breast Cancer Wisconsin (Diagnostic) (Street, Wolberg and Mangasarian, 1993)";
        };
    }

    /**
     * The bundled data set called {@code name} (case does not matter; {@code breast_cancer} works
     * too).
     *
     * @throws IllegalArgumentException for an unknown name; the message lists the known ones
     */
    public static Dataset load(String name) {
        return switch (name.strip().toLowerCase(Locale.ROOT).replace('_', '-')) {
            case "boston" -> boston();
            case "diabetes" -> diabetes();
            case "digits" -> digits();
            case "iris" -> iris();
            case "wine" -> wine();
            case "breast-cancer" -> breastCancer();
            default -> throw new IllegalArgumentException("unknown data set '" + Messages.shown(name)
                    + "'; the bundled data sets are " + String.join(", ", NAMES) + " (or give the path of a CSV file)");
        };
    }

    /**
     * Boston housing: 506 suburbs × 13 features, regression target {@code MEDV} (median home value
     * in $1000s). The feature {@code B} is derived from the proportion of Black residents, which is
     * why scikit-learn removed {@code load_boston}; it is here as the course's linear-regression
     * example only.
     */
    public static Dataset boston() {
        try (CsvRows rows = open("boston_house_prices.csv", ',')) {
            CsvRows.Row counts = rows.next();
            int n = count(rows, counts, 0);
            int f = count(rows, counts, 1);
            CsvRows.Row header = rows.next();
            List<String> columns = new ArrayList<>();
            for (String cell : header.cells()) {
                columns.add(cell.strip());
            }
            if (columns.size() != f + 1) {
                throw rows.error(header.line(), null, "names " + columns.size() + " columns but line " + counts.line()
                        + " announces " + f + " features and a target");
            }
            return split("boston", rows, columns, n, List.of());
        }
    }

    /** Diabetes: 442 patients × 10 raw (unscaled) features, regression target {@code progression} one year later. */
    public static Dataset diabetes() {
        Tensor x;
        Tensor y;
        try (CsvRows rows = open("diabetes_data_raw.csv.gz", ' ')) {
            x = numbers(rows, DIABETES_FEATURES, NumericRows.Group.of(range(DIABETES_FEATURES.size())));
        }
        try (CsvRows rows = open("diabetes_target.csv.gz", ' ')) {
            y = numbers(rows, List.of("progression"), NumericRows.Group.vector(0, false));
            if (y.shape().size(0) != x.shape().size(0)) {
                throw rows.error(0, null, "has " + y.shape().size(0) + " targets for " + x.shape().size(0)
                        + " rows of features");
            }
        }
        return new Dataset("diabetes", DIABETES_FEATURES, "progression", x, y, List.of());
    }

    /** Handwritten digits: 1797 images of 8×8 pixels (0–16) as 64 features {@code pixel_r_c}, 10 classes "0"–"9". */
    public static Dataset digits() {
        List<String> columns = new ArrayList<>();
        for (int r = 0; r < 8; r++) {
            for (int c = 0; c < 8; c++) {
                columns.add("pixel_" + r + "_" + c);
            }
        }
        columns.add("digit");
        List<String> classes = new ArrayList<>();
        for (int d = 0; d < 10; d++) {
            classes.add(Integer.toString(d));
        }
        try (CsvRows rows = open("digits.csv.gz", ',')) {
            return split("digits", rows, columns, -1, classes);
        }
    }

    /** Iris: 150 flowers × 4 measurements in cm, 3 classes setosa, versicolor, virginica. */
    public static Dataset iris() {
        return withCountHeader("iris", "iris.csv", IRIS_FEATURES);
    }

    /** Wine: 178 wines × 13 chemical measurements, 3 classes (cultivars) class_0, class_1, class_2. */
    public static Dataset wine() {
        return withCountHeader("wine", "wine_data.csv", WINE_FEATURES);
    }

    /** Breast cancer (Wisconsin diagnostic): 569 tumours × 30 features, 2 classes malignant (0) and benign (1). */
    public static Dataset breastCancer() {
        List<String> features = new ArrayList<>();
        for (String prefix : new String[] {"mean %s", "%s error", "worst %s"}) {
            for (String measure : CANCER_MEASURES) {
                features.add(String.format(prefix, measure));
            }
        }
        return withCountHeader("breast-cancer", "breast_cancer.csv", features);
    }

    /** scikit-learn's layout: a first line {@code rows,features,class names...}, then the rows, target last. */
    private static Dataset withCountHeader(String name, String file, List<String> features) {
        try (CsvRows rows = open(file, ',')) {
            CsvRows.Row counts = rows.next();
            int n = count(rows, counts, 0);
            int f = count(rows, counts, 1);
            if (f != features.size()) {
                throw rows.error(counts.line(), null, "announces " + f + " features, expected " + features.size());
            }
            List<String> classes = new ArrayList<>();
            for (int i = 2; i < counts.cells().length; i++) {
                classes.add(counts.cells()[i].strip());
            }
            List<String> columns = new ArrayList<>(features);
            columns.add("target");
            return split(name, rows, columns, n, classes);
        }
    }

    /** Reads the remaining rows; the last column is the target, the others the features. */
    private static Dataset split(String name, CsvRows rows, List<String> columns, int expectedRows,
            List<String> classes) {
        int f = columns.size() - 1;
        List<Tensor> read = NumericRows.read(rows, columns,
                List.of(NumericRows.Group.of(range(f)), NumericRows.Group.vector(f, false)), "the data set");
        int n = read.isEmpty() ? 0 : read.get(0).shape().size(0);
        if (expectedRows >= 0 && n != expectedRows) {
            throw rows.error(0, null, "has " + n + " data rows but its first line announces " + expectedRows);
        }
        if (n == 0) {
            throw rows.error(0, null, "has no data rows");
        }
        double[] y = read.get(1).toArray();
        for (int i = 0; i < n && !classes.isEmpty(); i++) {
            if (y[i] != Math.rint(y[i]) || y[i] < 0 || y[i] >= classes.size()) {
                throw rows.error(0, columns.get(f), "data row " + (i + 1) + " holds " + y[i] + ", not a class index 0 to "
                        + (classes.size() - 1));
            }
        }
        return new Dataset(name, columns.subList(0, f), columns.get(f), read.get(0), read.get(1), classes);
    }

    /** One group of the remaining rows, which must not be empty. */
    private static Tensor numbers(CsvRows rows, List<String> columns, NumericRows.Group group) {
        List<Tensor> read = NumericRows.read(rows, columns, List.of(group), "the data set");
        if (read.isEmpty()) {
            throw rows.error(0, null, "has no data rows");
        }
        return read.get(0);
    }

    private static int count(CsvRows rows, CsvRows.Row row, int index) {
        if (row == null || row.cells().length <= index) {
            throw rows.error(row == null ? 0 : row.line(), null, "the count header (rows, features) is missing");
        }
        try {
            return Integer.parseInt(row.cells()[index].strip());
        } catch (NumberFormatException e) {
            throw rows.error(row.line(), null, "field " + (index + 1) + " of the count header is '" + row.cells()[index]
                    + "', not a whole number");
        }
    }

    private static int[] range(int n) {
        int[] indices = new int[n];
        for (int i = 0; i < n; i++) {
            indices[i] = i;
        }
        return indices;
    }

    private static CsvRows open(String file, char delimiter) {
        InputStream in = Datasets.class.getResourceAsStream("data/" + file);
        if (in == null) {
            throw new IllegalStateException("the bundled file dev/descent/io/data/" + file
                    + " is missing from the descent-io jar; rebuild it");
        }
        return CsvRows.open(in, file, delimiter);
    }
}
