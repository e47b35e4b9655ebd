package dev.descent.cli.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import com.fasterxml.jackson.databind.JsonNode;
import dev.descent.cli.CliRun;
import dev.descent.io.SavedModel;
import dev.descent.nn.Architecture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FitNetworkCommandTest {
    @TempDir
    Path dir;

    private static final String[] IRIS = {"fit", "--data", "iris", "--model", "mlp:8", "--lr", "0.05", "--epochs", "30",
        "--test-fraction", "0.2", "--json"};

    private static String[] with(String[] base, String... more) {
        List<String> all = new ArrayList<>(List.of(base));
        all.addAll(List.of(more));
        return all.toArray(new String[0]);
    }

    @Test
    void aSixtyFourSixtyFourNetworkWithAdamClassifiesHeldOutDigitsAtLeastNinetySevenPercentRight() throws Exception {
        Path curves = dir.resolve("curves.png");
        Path model = dir.resolve("digits.safetensors");
        CliRun run = CliRun.of("fit", "--data", "digits", "--model", "mlp:64,64", "--loss", "cross-entropy", "--optimizer",
                "adam", "--lr", "1e-3", "--epochs", "60", "--batch-size", "32", "--test-fraction", "0.25", "--seed", "0",
                "--plot", curves.toString(), "--save", model.toString(), "--json");
        assertThat(run.status()).as(run.err()).isZero();
        JsonNode r = run.json();
        assertThat(r.get("task").asText()).isEqualTo("classification");
        assertThat(r.get("test").get("accuracy").asDouble()).isGreaterThanOrEqualTo(0.97);
        assertThat(r.get("train").get("loss").asDouble()).isLessThan(r.get("test").get("loss").asDouble());
        assertThat(r.get("epochs_run").asInt()).isEqualTo(60);
        assertThat(r.get("seconds").asDouble()).isPositive();
        assertThat(r.get("history").get("test").get("accuracy")).hasSize(60);
        // the confusion matrix counts the 450 held-out images; its diagonal is the accuracy
        JsonNode confusion = r.get("test").get("confusion");
        assertThat(confusion).hasSize(10);
        int total = 0;
        int right = 0;
        for (int i = 0; i < 10; i++) {
            assertThat(confusion.get(i)).hasSize(10);
            for (int j = 0; j < 10; j++) {
                total += confusion.get(i).get(j).asInt();
                right += i == j ? confusion.get(i).get(j).asInt() : 0;
            }
        }
        assertThat(total).isEqualTo(450).isEqualTo(r.get("test_samples").asInt());
        assertThat((double) right / total).isEqualTo(r.get("test").get("accuracy").asDouble());
        assertThat(Files.size(curves)).isGreaterThan(10_000);
        SavedModel saved = SavedModel.load(model);
        assertThat(Architecture.parse(saved.architecture())).isEqualTo(Architecture.of("mlp:64,64", 64, 10));
        assertThat(saved.classes()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        assertThat(saved.weights().keySet()).containsExactly("0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias");
    }

    @Test
    void aSmallNetworkOnDiabetesFitsTheTrainingDataAtLeastAsWellAsLeastSquares() {
        CliRun run = CliRun.of("fit", "--data", "diabetes", "--model", "mlp:32", "--loss", "mse", "--optimizer", "adamw",
                "--lr", "0.01", "--standardize", "--json");
        assertThat(run.status()).as(run.err()).isZero();
        JsonNode net = run.json();
        JsonNode leastSquares = CliRun.of("fit", "--data", "diabetes", "--method", "closed", "--json").json();
        assertThat(net.get("task").asText()).isEqualTo("regression");
        assertThat(net.get("weight_decay").asDouble()).isEqualTo(0.01);
        assertThat(net.get("epochs_run").asInt()).isEqualTo(100);
        assertThat(net.get("train").get("mse").asDouble()).isLessThan(leastSquares.get("train").get("mse").asDouble());
        assertThat(net.get("train").get("r2").asDouble()).isGreaterThan(leastSquares.get("train").get("r2").asDouble());
        assertThat(net.get("train").get("rmse").asDouble())
                .isCloseTo(Math.sqrt(net.get("train").get("mse").asDouble()), within(1e-9));
        assertThat(net.get("test").isNull()).isTrue();
    }

    @Test
    void theLossDecidesTheTaskAndDefaultsToCrossEntropyForClasses() {
        JsonNode byDefault = CliRun.of(IRIS).json();
        assertThat(byDefault.get("loss").asText()).isEqualTo("cross-entropy");
        assertThat(byDefault.get("task").asText()).isEqualTo("classification");
        assertThat(byDefault.get("classes").toString()).isEqualTo("[\"setosa\",\"versicolor\",\"virginica\"]");
        JsonNode regression = CliRun.of(with(IRIS, "--loss", "huber")).json();
        assertThat(regression.get("task").asText()).isEqualTo("regression");
        assertThat(regression.get("architecture").asText()).isEqualTo("mlp:8;in=4;out=1;activation=relu;dropout=0.0");
        assertThat(regression.get("test").has("r2")).isTrue();
        JsonNode logistic = CliRun.of("fit", "--data", "iris", "--model", "linear", "--lr", "0.1", "--epochs", "200",
                "--standardize", "--json").json();
        assertThat(logistic.get("task").asText()).isEqualTo("classification");
        assertThat(logistic.get("method").asText()).isEqualTo("gd");
        assertThat(logistic.get("optimizer").asText()).isEqualTo("sgd");
        assertThat(logistic.get("train").get("accuracy").asDouble()).isGreaterThan(0.9);
    }

    @Test
    void twoClassesWithBinaryCrossEntropyUseOneLogit() {
        CliRun run = CliRun.of("fit", "--data", "breast-cancer", "--model", "mlp:16", "--loss", "bce", "--standardize",
                "--epochs", "20", "--test-fraction", "0.25", "--json");
        assertThat(run.status()).as(run.err()).isZero();
        JsonNode r = run.json();
        assertThat(r.get("task").asText()).isEqualTo("binary classification");
        assertThat(r.get("architecture").asText()).startsWith("mlp:16;in=30;out=1;");
        assertThat(r.get("test").get("accuracy").asDouble()).isGreaterThan(0.9);
        assertThat(r.get("test").get("confusion")).hasSize(2);
        CliRun three = CliRun.of(with(IRIS, "--loss", "bce"));
        assertThat(three.status()).isEqualTo(2);
        assertThat(three.err()).contains("--loss bce: the target column 'target' has 3 classes (setosa, versicolor, virginica); bce is for two classes");
    }

    @Test
    void aCsvTargetOfClassIndicesCanBeClassifiedAndOtherNumbersCannot() throws Exception {
        Path csv = dir.resolve("points.csv");
        StringBuilder rows = new StringBuilder("label,x,y\n");
        for (int i = 0; i < 30; i++) {
            rows.append(i % 3).append(',').append(i % 3 * 2 + 0.1 * (i % 5)).append(',').append(i % 2).append('\n');
        }
        Files.writeString(csv, rows.toString());
        CliRun run = CliRun.of("fit", "--data", csv.toString(), "--target", "label", "--model", "mlp:8", "--loss",
                "cross-entropy", "--lr", "0.05", "--epochs", "50", "--json");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.json().get("classes").toString()).isEqualTo("[\"0\",\"1\",\"2\"]");
        assertThat(run.json().get("train").get("accuracy").asDouble()).isEqualTo(1.0);
        Files.writeString(csv, "label,x\n0,1\n1.5,2\n");
        assertError("--loss cross-entropy: the target column 'label' holds 1.5, not a class label (a whole number or text); predict numbers with --loss mse", "fit",
                "--data", csv.toString(), "--target", "label", "--loss", "cross-entropy");
    }

    @Test
    void theTextReportShowsEpochsFinalScoresAndTheConfusionMatrixWithClassNames() {
        CliRun run = CliRun.of("fit", "--data", "iris", "--model", "mlp:8", "--lr", "0.05", "--epochs", "30",
                "--test-fraction", "0.2");
        assertThat(run.status()).as(run.err()).isZero();
        String out = run.out();
        assertThat(out).contains("fit iris: 150 samples (120 for training, 30 for testing), 4 features, 3 classes")
                .contains("model mlp:8: 4 → 8 → 3, relu, 67 parameters")
                .contains("training: cross-entropy loss, adam, learning rate 0.05, 30 epochs of shuffled mini-batches of 32")
                .contains("trained 30 epochs in")
                .contains("confusion matrix on the test rows (rows: true class, columns: predicted class):")
                .containsPattern("test: +loss [0-9.]+ +accuracy [0-9.]+ \\(\\d+ of 30 right\\)")
                .containsPattern("\\n +setosa +versicolor +virginica\\n +setosa +\\d+ +\\d+ +\\d+\\n");
        assertThat(out.lines().filter(l -> l.matches(" +\\d+ +[0-9.]+ +[0-9.]+ +[0-9.]+ +[0-9.]+ +0\\.05"))).hasSize(11);
    }

    @Test
    void theSameSeedGivesTheSameModelFileByteForByte() throws Exception {
        Path a = dir.resolve("a.safetensors");
        Path b = dir.resolve("b.safetensors");
        String[] args = with(IRIS, "--dropout", "0.3", "--schedule", "cosine", "--warmup", "3", "--batch-size", "16");
        assertThat(CliRun.of(with(args, "--save", a.toString())).status()).isZero();
        assertThat(CliRun.of(with(args, "--save", b.toString())).status()).isZero();
        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
        Path other = dir.resolve("other.safetensors");
        assertThat(CliRun.of(with(args, "--save", other.toString(), "--seed", "1")).status()).isZero();
        assertThat(Files.readAllBytes(other)).isNotEqualTo(Files.readAllBytes(a));
    }

    @Test
    void schedulesSetTheLearningRateOfEveryEpoch() {
        JsonNode step = CliRun.of("fit", "--data", "iris", "--model", "mlp:4", "--optimizer", "sgd", "--lr", "0.1",
                "--epochs", "9", "--schedule", "step", "--json").json();
        assertThat(step.get("history").get("learning_rate").toString())
                .isEqualTo("[0.1,0.1,0.1,0.010000000000000002,0.010000000000000002,0.010000000000000002,"
                        + "0.0010000000000000002,0.0010000000000000002,0.0010000000000000002]");
        JsonNode cosine = CliRun.of("fit", "--data", "iris", "--model", "mlp:4", "--lr", "0.1", "--epochs", "12",
                "--schedule", "cosine", "--warmup", "2", "--json").json();
        JsonNode rates = cosine.get("history").get("learning_rate");
        assertThat(rates.get(0).asDouble()).isCloseTo(0.1 / 3, within(1e-15));
        assertThat(rates.get(1).asDouble()).isCloseTo(0.2 / 3, within(1e-15));
        assertThat(rates.get(2).asDouble()).isEqualTo(0.1);
        assertThat(rates.get(7).asDouble()).isCloseTo(0.05, within(1e-15));
        JsonNode exponential = CliRun.of("fit", "--data", "iris", "--model", "mlp:4", "--lr", "0.1", "--epochs", "10",
                "--schedule", "exponential", "--json").json();
        // decays to 1 % after the last epoch: 0.1 · 0.01^(9/10) in the last one
        assertThat(exponential.get("history").get("learning_rate").get(9).asDouble())
                .isCloseTo(0.1 * Math.pow(0.01, 0.9), within(1e-15));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sgd", "momentum", "adam", "adamw", "rmsprop", "adagrad"})
    void everyOptimizerLowersTheTrainingLoss(String optimizer) {
        CliRun run = CliRun.of("fit", "--data", "iris", "--model", "mlp:8", "--optimizer", optimizer, "--lr", "0.01",
                "--epochs", "15", "--standardize", "--json");
        assertThat(run.status()).as(run.err()).isZero();
        JsonNode loss = run.json().get("history").get("train").get("loss");
        assertThat(loss.get(14).asDouble()).isLessThan(loss.get(0).asDouble());
        assertThat(run.json().get("optimizer").asText()).isEqualTo(optimizer);
    }

    @Test
    void earlyStoppingWatchesTheHeldOutLossAndKeepsTheBestEpochsWeights() {
        CliRun run = CliRun.of("fit", "--data", "iris", "--model", "mlp:32", "--lr", "0.05", "--epochs", "500",
                "--test-fraction", "0.3", "--early-stopping", "5", "--json");
        assertThat(run.status()).as(run.err()).isZero();
        JsonNode r = run.json();
        int ran = r.get("epochs_run").asInt();
        int best = r.get("best_epoch").asInt();
        assertThat(r.get("stopped_early").asBoolean()).isTrue();
        assertThat(ran).isLessThan(500).isEqualTo(best + 5);
        JsonNode testLoss = r.get("history").get("test").get("loss");
        for (int e = 0; e < ran; e++) {
            assertThat(testLoss.get(e).asDouble()).isGreaterThanOrEqualTo(testLoss.get(best - 1).asDouble());
        }
        assertThat(r.get("test").get("loss").asDouble()).isEqualTo(testLoss.get(best - 1).asDouble());
        CliRun withoutTest = CliRun.of("fit", "--data", "iris", "--model", "mlp:8", "--early-stopping", "5");
        assertThat(withoutTest.status()).isEqualTo(2);
        assertThat(withoutTest.err()).contains("--early-stopping 5: early stopping watches the loss on held-out rows;"
                + " hold some out with --test-fraction");
    }

    @Test
    void settingsThatDoNotFitAreOneLineErrors() {
        assertError("descent fit: --method closed solves linear regression with the mse loss by least squares; it does"
                + " not combine with --model mlp:8", "fit", "--data", "boston", "--model", "mlp:8", "--method", "closed");
        assertError("it does not combine with --loss cross-entropy", "fit", "--data", "iris", "--method", "closed");
        assertError("--dropout 0.5: --model linear has no hidden layers to drop units from; use --model mlp:H,...", "fit", "--data", "iris", "--dropout", "0.5");
        assertError("--warmup 20: the warm-up must be from 0 to fewer than the 10 epochs", "fit", "--data", "iris",
                "--model", "mlp:4", "--epochs", "10", "--warmup", "20");
        assertError("--optimizer adamax: unknown; expected sgd, momentum, adam, adamw, rmsprop or adagrad", "fit", "--data",
                "iris", "--optimizer", "adamax");
        assertError("--loss hinge: unknown; expected mse, l1, huber, cross-entropy or bce", "fit", "--data", "iris",
                "--loss", "hinge");
        assertError("--model mlp:8,x: 'x' is not a layer width", "fit", "--data", "iris", "--model", "mlp:8,x");
        assertError("--activation gelu: unknown; expected relu, tanh or sigmoid", "fit", "--data", "iris",
                "--model", "mlp:8", "--activation", "gelu");
        assertError("--loss cross-entropy: diabetes is a regression data set (its target progression is a number, not a"
                + " class); use --loss mse, l1 or huber", "fit", "--data", "diabetes", "--loss", "cross-entropy");
        assertError("--data is required", "fit", "--model", "mlp:8");
    }

    @Test
    void aMissingOutputFolderIsReportedBeforeAnyTraining() {
        Path model = dir.resolve("missing").resolve("model.safetensors");
        assertError("--save " + model + ": folder " + model.getParent() + " does not exist", "fit", "--data", "digits",
                "--model", "mlp:64", "--epochs", "1000", "--save", model.toString());
        assertError("--plot " + model.resolveSibling("curves.png") + ": folder", "fit", "--data", "boston", "--plot",
                model.resolveSibling("curves.png").toString());
    }

    private static void assertError(String message, String... args) {
        CliRun run = CliRun.of(args);
        assertThat(run.status()).as(String.join(" ", args)).isEqualTo(2);
        assertThat(run.err()).contains(message).doesNotContain("Exception");
        assertThat(run.err().lines().count()).isEqualTo(1);
    }

    @Test
    void aDivergingNetworkExitsTwoAndLeavesAnExistingModelFileAsItWas() throws Exception {
        Path model = dir.resolve("model.safetensors");
        Files.writeString(model, "the previous model");
        CliRun run = CliRun.of("fit", "--data", "diabetes", "--model", "mlp:16", "--optimizer", "sgd", "--lr", "10",
                "--save", model.toString(), "--plot", dir.resolve("curves.png").toString());
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("learning rate 10)").contains("try a smaller --lr");
        assertThat(Files.readString(model)).isEqualTo("the previous model");
        assertThat(dir.resolve("curves.png")).doesNotExist();
        try (var files = Files.list(dir)) {
            assertThat(files).hasSize(1);
        }
    }

    @Test
    void theCurvesOfAClassifierShowLossAndAccuracyForTrainAndTest() throws Exception {
        Path svg = dir.resolve("curves.svg");
        assertThat(CliRun.of(with(IRIS, "--plot", svg.toString())).status()).isZero();
        String drawn = Files.readString(svg);
        assertThat(drawn.startsWith("<?xml") && drawn.strip().endsWith("</svg>")).as("a whole SVG file").isTrue();
        assertThat(drawn).contains("mlp:8 on iris (cross-entropy, adam)").contains(">train<").contains(">test<");
        // two panels (loss above accuracy), each with a train and a test curve in the legend's two colours
        assertThat(drawn.split("clipPath id=", -1)).hasSize(6);
        assertThat(drawn).contains("stroke:rgb(31,119,180)").contains("stroke:rgb(255,127,14)");
    }
}
