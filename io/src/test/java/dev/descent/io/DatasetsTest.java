package dev.descent.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatasetsTest {

    private static double[] firstRow(Tensor features) {
        int f = features.shape().size(1);
        return Arrays.copyOf(features.toArray(), f);
    }

    private static int[] classCounts(Dataset data) {
        int[] counts = new int[data.classNames().size()];
        for (double y : data.target().toArray()) {
            counts[(int) y]++;
        }
        return counts;
    }

    @Test
    void bostonHas506RowsOf13FeaturesAndTheMedvTarget() {
        Dataset boston = Datasets.boston();
        assertThat(boston.name()).isEqualTo("boston");
        assertThat(boston.features().shape().dims()).containsExactly(506, 13);
        assertThat(boston.target().shape().dims()).containsExactly(506);
        assertThat(boston.featureNames()).containsExactly("CRIM", "ZN", "INDUS", "CHAS", "NOX", "RM", "AGE", "DIS",
                "RAD", "TAX", "PTRATIO", "B", "LSTAT");
        assertThat(boston.targetName()).isEqualTo("MEDV");
        assertThat(firstRow(boston.features()))
                .containsExactly(0.00632, 18, 2.31, 0, 0.538, 6.575, 65.2, 4.09, 1, 296, 15.3, 396.9, 4.98);
        assertThat(boston.target().get(0)).isEqualTo(24.0);
        assertThat(boston.target().get(505)).isEqualTo(11.9);
        assertThat(boston.isClassification()).isFalse();
        assertThat(Arrays.stream(boston.target().toArray()).min().getAsDouble()).isEqualTo(5.0);
        assertThat(Arrays.stream(boston.target().toArray()).max().getAsDouble()).isEqualTo(50.0);
    }

    @Test
    void diabetesHas442RowsOf10RawFeatures() {
        Dataset diabetes = Datasets.diabetes();
        assertThat(diabetes.features().shape().dims()).containsExactly(442, 10);
        assertThat(diabetes.featureNames()).containsExactly("age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5",
                "s6");
        assertThat(diabetes.targetName()).isEqualTo("progression");
        assertThat(firstRow(diabetes.features())).containsExactly(59, 2, 32.1, 101.0, 157, 93.2, 38.0, 4.0, 4.8598, 87);
        assertThat(diabetes.target().get(0)).isEqualTo(151.0);
        assertThat(diabetes.target().get(441)).isEqualTo(57.0);
        assertThat(diabetes.classNames()).isEmpty();
    }

    @Test
    void digitsHas1797ImagesOf64PixelsInTenClasses() {
        Dataset digits = Datasets.digits();
        assertThat(digits.features().shape().dims()).containsExactly(1797, 64);
        assertThat(digits.featureNames()).hasSize(64).startsWith("pixel_0_0", "pixel_0_1").endsWith("pixel_7_7");
        assertThat(digits.targetName()).isEqualTo("digit");
        assertThat(digits.classNames()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        assertThat(firstRow(digits.features())).startsWith(0, 0, 5, 13, 9, 1, 0, 0, 0, 0, 13, 15, 10, 15, 5, 0);
        assertThat(digits.target().get(0)).isEqualTo(0.0);
        assertThat(classCounts(digits)).containsExactly(178, 182, 177, 183, 181, 182, 181, 179, 174, 180);
        assertThat(Arrays.stream(digits.features().toArray()).max().getAsDouble()).isEqualTo(16.0);
    }

    @Test
    void irisHas150FlowersOf4MeasurementsInThreeClassesOf50() {
        Dataset iris = Datasets.iris();
        assertThat(iris.features().shape().dims()).containsExactly(150, 4);
        assertThat(iris.featureNames()).containsExactly("sepal length (cm)", "sepal width (cm)", "petal length (cm)",
                "petal width (cm)");
        assertThat(iris.classNames()).containsExactly("setosa", "versicolor", "virginica");
        assertThat(firstRow(iris.features())).containsExactly(5.1, 3.5, 1.4, 0.2);
        assertThat(classCounts(iris)).containsExactly(50, 50, 50);
        assertThat(iris.isClassification()).isTrue();
    }

    @Test
    void wineHas178WinesOf13MeasurementsInThreeClasses() {
        Dataset wine = Datasets.wine();
        assertThat(wine.features().shape().dims()).containsExactly(178, 13);
        assertThat(wine.featureNames()).startsWith("alcohol", "malic_acid").endsWith("od280/od315_of_diluted_wines",
                "proline");
        assertThat(wine.classNames()).containsExactly("class_0", "class_1", "class_2");
        assertThat(firstRow(wine.features()))
                .containsExactly(14.23, 1.71, 2.43, 15.6, 127, 2.8, 3.06, 0.28, 2.29, 5.64, 1.04, 3.92, 1065);
        assertThat(classCounts(wine)).containsExactly(59, 71, 48);
    }

    @Test
    void breastCancerHas569TumoursOf30FeaturesInTwoClasses() {
        Dataset cancer = Datasets.breastCancer();
        assertThat(cancer.name()).isEqualTo("breast-cancer");
        assertThat(cancer.features().shape().dims()).containsExactly(569, 30);
        assertThat(cancer.featureNames()).hasSize(30).startsWith("mean radius", "mean texture")
                .contains("radius error", "fractal dimension error", "worst radius").endsWith("worst fractal dimension");
        assertThat(cancer.classNames()).containsExactly("malignant", "benign");
        assertThat(firstRow(cancer.features())).startsWith(17.99, 10.38, 122.8, 1001, 0.1184)
                .endsWith(0.4601, 0.1189);
        assertThat(classCounts(cancer)).containsExactly(212, 357);
    }

    @Test
    void loadFindsEveryDataSetByNameIgnoringCaseAndUnderscores() {
        assertThat(Datasets.names()).containsExactly("boston", "diabetes", "digits", "iris", "wine", "breast-cancer");
        for (String name : Datasets.names()) {
            assertThat(Datasets.load(name).name()).isEqualTo(name);
        }
        assertThat(Datasets.load("Breast_Cancer").name()).isEqualTo("breast-cancer");
        assertThat(Datasets.load(" IRIS ").name()).isEqualTo("iris");
    }

    @Test
    void anUnknownNameListsTheKnownOnes() {
        assertThatThrownBy(() -> Datasets.load("mnist")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown data set 'mnist'; the bundled data sets are boston, diabetes, digits, iris, wine,"
                        + " breast-cancer, the generated ones spirals, circles, xor, clusters (or give the path of a CSV"
                        + " file)");
    }

    @Test
    void theGeneratedSetsLoadByNameAsTheirDefaults() {
        Dataset xor = Datasets.load("XOR");
        assertThat(xor.name()).isEqualTo("xor");
        assertThat(xor.featureNames()).containsExactly("x1", "x2");
        assertThat(xor.targetName()).isEqualTo("class");
        assertThat(xor.classNames()).containsExactly("0", "1");
        assertThat(xor.size()).isEqualTo(Datasets.SYNTHETIC_POINTS);
        assertThat(xor.features().toArray()).isEqualTo(Datasets.synthetic("xor", Datasets.SYNTHETIC_POINTS,
                Datasets.SYNTHETIC_NOISE, 0).features().toArray());
        assertThat(Datasets.load("clusters").classNames()).containsExactly("0", "1", "2");
        assertThat(Datasets.origin("spirals")).isEqualTo("generated by Synthetic.spirals (200 points, noise 0.05, seed 0)");
        assertThat(Datasets.names()).doesNotContain("xor");
    }

    @Test
    void everyCallReturnsNewTensors() {
        assertThat(Datasets.iris().features()).isNotSameAs(Datasets.iris().features());
    }

    @Test
    void theBundledFilesAreByteForByteScikitLearnsOriginals() throws IOException, NoSuchAlgorithmException {
        Map<String, String> sha256 = Map.of(
                "boston_house_prices.csv", "d98212636026544fc9b9c0f372e5f819872e6fa6fa757ab025efdda22180f2d6",
                "breast_cancer.csv", "fed3eb72d0575ef6192293f5093c6e801b1476b577d0386bf4455504522172ed",
                "diabetes_data_raw.csv.gz", "fc08fc59c1cbfe65550d9ebb36321d505de9e8f004bf92c1566d2908962f08ff",
                "diabetes_target.csv.gz", "bf1ddd1f9d377278450a5f02c24b5e77b1501f2ad673fe9fdf4c4090d27eb5cc",
                "digits.csv.gz", "46abec6b12486ad9e51943373abcf22bbea1b5a51a1619b361570d8893f1464a",
                "iris.csv", "f13ffa8fdd56fd8e6c8d16d4081a3fbd3114bcd0aae4256c43205169cd9d1449",
                "wine_data.csv", "10e8a802908b34f86e5da8ce962f3c806694bc98450a18f61851af59f324bede");
        for (var e : sha256.entrySet()) {
            try (InputStream in = Datasets.class.getResourceAsStream("data/" + e.getKey())) {
                assertThat(in).as(e.getKey()).isNotNull();
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(in.readAllBytes());
                assertThat(HexFormat.of().formatHex(digest)).as(e.getKey()).isEqualTo(e.getValue());
            }
        }
    }

    @Test
    void aDatasetChecksThatNamesAndShapesAgree() {
        assertThatThrownBy(() -> new Dataset("x", List.of("a"), "y", Tensor.zeros(3, 2), Tensor.zeros(3), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dataset: features [3, 2] and target [3] do not fit 1 feature names; expected [n, 1] and [n]");
    }
}
