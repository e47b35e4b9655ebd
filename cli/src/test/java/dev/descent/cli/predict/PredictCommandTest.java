package dev.descent.cli.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import com.fasterxml.jackson.databind.JsonNode;
import dev.descent.Tensor;
import dev.descent.cli.CliRun;
import dev.descent.io.SavedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictCommandTest {
    @TempDir
    Path dir;

    private Path iris;
    private JsonNode fitted;

    @BeforeEach
    void fitAnIrisClassifier() {
        iris = dir.resolve("iris.safetensors");
        CliRun fit = CliRun.of("fit", "--data", "iris", "--model", "mlp:8", "--lr", "0.05", "--epochs", "40",
                "--standardize", "--save", iris.toString(), "--json");
        assertThat(fit.status()).as(fit.err()).isZero();
        fitted = fit.json();
    }

    @Test
    void aClassifierPredictsClassNamesAndScoresItselfWhenTheDataHaveTheTarget() {
        CliRun run = CliRun.of("predict", "--model", iris.toString(), "--data", "iris");
        assertThat(run.status()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("target_predicted");
        assertThat(lines.subList(1, 151)).allMatch(l -> List.of("setosa", "versicolor", "virginica").contains(l));
        assertThat(lines.get(1)).isEqualTo("setosa");
        assertThat(lines).hasSize(151); // the CSV on stdout is predictions only; the score goes to stderr
        double accuracy = fitted.get("train").get("accuracy").asDouble();
        assertThat(run.err()).isEqualTo(String.format(java.util.Locale.ROOT,
                "the data has the target 'target': accuracy %.4f (%d of 150 right)", accuracy, Math.round(accuracy * 150))
                + System.lineSeparator());
    }

    @Test
    void probabilitiesSumToOneAndTheMostLikelyClassIsThePrediction() {
        JsonNode r = CliRun.of("predict", "--model", iris.toString(), "--data", "iris", "--probabilities", "--json").json();
        assertThat(r.get("classes").toString()).isEqualTo("[\"setosa\",\"versicolor\",\"virginica\"]");
        assertThat(r.get("predictions")).hasSize(150);
        for (int i = 0; i < 150; i++) {
            JsonNode p = r.get("probabilities").get(i);
            double sum = 0;
            int best = 0;
            for (int c = 0; c < 3; c++) {
                sum += p.get(c).asDouble();
                best = p.get(c).asDouble() > p.get(best).asDouble() ? c : best;
            }
            assertThat(sum).isCloseTo(1.0, within(1e-12));
            assertThat(r.get("predictions").get(i).asText()).isEqualTo(r.get("classes").get(best).asText());
        }
        JsonNode plain = CliRun.of("predict", "--model", iris.toString(), "--data", "iris", "--json").json();
        assertThat(plain.has("probabilities")).isFalse();
        assertThat(plain.get("predictions")).isEqualTo(r.get("predictions"));
    }

    @Test
    void predictionsOfAClassifierAreWrittenAsCsvWithClassNamesAndProbabilities() throws Exception {
        Path rows = dir.resolve("flowers.csv");
        Files.writeString(rows, "id,sepal length (cm),sepal width (cm),petal length (cm),petal width (cm)\n"
                + "\"a, small one\",5.1,3.5,1.4,0.2\nbig,7.7,3.0,6.1,2.3\n");
        Path out = dir.resolve("predicted.csv");
        CliRun run = CliRun.of("predict", "--model", iris.toString(), "--data", rows.toString(), "--out", out.toString(),
                "--probabilities");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("predicted 2 rows with " + iris + "; wrote " + out + System.lineSeparator());
        List<String> lines = Files.readAllLines(out);
        assertThat(lines.get(0)).isEqualTo(
                "target_predicted,setosa,versicolor,virginica");
        assertThat(lines.get(1)).startsWith("setosa,");
        assertThat(lines.get(2)).startsWith("virginica,");
        assertThat(lines).hasSize(3);
    }

    @Test
    void aNetworkTrainedWithDropoutPredictsWithoutIt() {
        Path model = dir.resolve("dropout.safetensors");
        CliRun fit = CliRun.of("fit", "--data", "wine", "--model", "mlp:16,16", "--activation", "tanh", "--dropout", "0.3",
                "--standardize", "--epochs", "20", "--save", model.toString(), "--json");
        assertThat(fit.status()).as(fit.err()).isZero();
        assertThat(SavedModel.load(model).weights().keySet())
                .containsExactly("0.weight", "0.bias", "3.weight", "3.bias", "6.weight", "6.bias");
        CliRun once = CliRun.of("predict", "--model", model.toString(), "--data", "wine", "--probabilities", "--json");
        CliRun twice = CliRun.of("predict", "--model", model.toString(), "--data", "wine", "--probabilities", "--json");
        assertThat(once.status()).as(once.err()).isZero();
        assertThat(once.out()).isEqualTo(twice.out());
        // evaluation mode: the accuracy over all rows is the one fit measured on its training rows (all of them)
        CliRun text = CliRun.of("predict", "--model", model.toString(), "--data", "wine");
        assertThat(text.err()).contains(String.format(java.util.Locale.ROOT, "accuracy %.4f",
                fit.json().get("train").get("accuracy").asDouble()));
    }

    @Test
    void aBinaryClassifierGivesTwoProbabilitiesFromItsOneLogit() {
        Path model = dir.resolve("cancer.safetensors");
        assertThat(CliRun.of("fit", "--data", "breast-cancer", "--model", "mlp:8", "--loss", "bce", "--standardize",
                "--epochs", "10", "--save", model.toString()).status()).isZero();
        JsonNode r = CliRun.of("predict", "--model", model.toString(), "--data", "breast-cancer", "--probabilities",
                "--json").json();
        assertThat(r.get("classes").toString()).isEqualTo("[\"malignant\",\"benign\"]");
        JsonNode first = r.get("probabilities").get(0);
        assertThat(first).hasSize(2);
        assertThat(first.get(0).asDouble() + first.get(1).asDouble()).isCloseTo(1.0, within(1e-15));
        assertThat(r.get("predictions").get(0).asText())
                .isEqualTo(first.get(1).asDouble() > 0.5 ? "benign" : "malignant");
    }

    @Test
    void aNetworkForRegressionPredictsNumbersAndReportsTheErrors() {
        Path model = dir.resolve("diabetes.safetensors");
        CliRun fit = CliRun.of("fit", "--data", "diabetes", "--model", "mlp:16", "--optimizer", "adamw", "--standardize",
                "--epochs", "30", "--save", model.toString(), "--json");
        assertThat(fit.status()).as(fit.err()).isZero();
        CliRun run = CliRun.of("predict", "--model", model.toString(), "--data", "diabetes");
        assertThat(run.out()).startsWith("progression_predicted\n".replace("\n", System.lineSeparator()));
        assertThat(run.err()).contains(String.format(java.util.Locale.ROOT, "R² %.6f", fit.json().get("train").get("r2").asDouble()));
    }

    @Test
    void aModelFromBeforeArchitecturesWereDescribedStillPredicts() {
        Path legacy = dir.resolve("legacy.safetensors");
        Map<String, Tensor> weights = new LinkedHashMap<>();
        weights.put("weight", Tensor.of(new double[][] {{2.0, -1.0}}));
        weights.put("bias", Tensor.of(new double[] {0.5}));
        new SavedModel("linear", List.of("rooms", "age"), "price", List.of(), null, weights).save(legacy);
        Path csv = dir.resolve("houses.csv");
        writeQuietly(csv, "rooms,age\n3,1\n4,10\n");
        JsonNode r = CliRun.of("predict", "--model", legacy.toString(), "--data", csv.toString(), "--json").json();
        assertThat(r.get("predictions").toString()).isEqualTo("[5.5,-1.5]");
    }

    @Test
    void theLinearRegressionPathSavesADescribedArchitectureThatPredictRebuilds() {
        Path model = dir.resolve("boston.safetensors");
        assertThat(CliRun.of("fit", "--data", "boston", "--method", "closed", "--save", model.toString()).status()).isZero();
        SavedModel saved = SavedModel.load(model);
        assertThat(saved.architecture()).isEqualTo("linear;in=13;out=1;activation=relu;dropout=0.0");
        assertThat(saved.weights().keySet()).containsExactly("0.weight", "0.bias");
        assertThat(CliRun.of("predict", "--model", model.toString(), "--data", "boston").err())
                .contains("the data has the target 'MEDV': MSE 21.894831");
    }

    @Test
    void aModelWithAnUnknownOrBrokenArchitectureIsOneLineWithStatusTwo() {
        Map<String, Tensor> weights = Map.of("0.weight", Tensor.zeros(3, 4), "0.bias", Tensor.zeros(3));
        List<String> features = List.of("a", "b", "c", "d");
        assertRefused(new SavedModel("transformer:12", features, "y", List.of(), null, weights),
                "cannot rebuild the model: architecture transformer:12: unknown model 'transformer:12'");
        assertRefused(new SavedModel("mlp:8;in=4", features, "y", List.of(), null, weights),
                "cannot rebuild the model: architecture mlp:8;in=4: 'out=N' is missing");
        assertRefused(new SavedModel("linear;in=4;out=3", features, "y", List.of("p", "q", "r"), null,
                Map.of("0.weight", Tensor.zeros(3, 5), "0.bias", Tensor.zeros(3))),
                "the weights do not fit the architecture linear;in=4;out=3;activation=relu;dropout=0.0: '0.weight' has"
                        + " shape [3, 5], expected [3, 4]");
        // a hostile description is refused before a billion-wide layer is built
        assertRefused(new SavedModel("mlp:999999999;in=4;out=3", features, "y", List.of("p", "q", "r"), null, weights),
                "'0.weight' has shape [3, 4], expected [999999999, 4], '0.bias' has shape [3], expected [999999999],"
                        + " '2.weight' is missing, '2.bias' is missing");
        assertRefused(new SavedModel("linear;in=3;out=3", features, "y", List.of("p", "q", "r"), null, weights),
                "takes 3 inputs but the model names 4 features");
        assertRefused(new SavedModel("linear;in=4;out=3", features, "y", List.of("p", "q"), null, weights),
                "has 3 outputs for 2 classes");
    }

    private void assertRefused(SavedModel model, String message) {
        Path file = dir.resolve("bad.safetensors");
        model.save(file);
        CliRun run = CliRun.of("predict", "--model", file.toString(), "--data", "iris");
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).startsWith("descent predict: " + file + ": ").contains(message).doesNotContain("Exception");
        assertThat(run.err().lines().count()).isEqualTo(1);
    }

    private static void writeQuietly(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
