package dev.descent.cli.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import com.fasterxml.jackson.databind.JsonNode;
import dev.descent.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FitCommandTest {
    @TempDir
    Path dir;

    @Test
    void gradientDescentOnStandardisedBostonReachesTheLeastSquaresSolution() {
        JsonNode gd = CliRun.of("fit", "--data", "boston", "--target", "MEDV", "--method", "gd", "--standardize",
                "--lr", "0.1", "--epochs", "3000", "--json").json();
        JsonNode closed = CliRun.of("fit", "--data", "boston", "--method", "closed", "--standardize", "--json").json();
        assertThat(gd.get("train").get("mse").asDouble())
                .isCloseTo(closed.get("train").get("mse").asDouble(), within(1e-9));
        for (Map.Entry<String, JsonNode> w : closed.get("weights").properties()) {
            assertThat(gd.get("weights").get(w.getKey()).asDouble()).as(w.getKey())
                    .isCloseTo(w.getValue().asDouble(), within(1e-5));
        }
        assertThat(gd.get("closed_form").get("max_weight_difference").asDouble()).isLessThan(1e-5);
    }

    @Test
    void standardisedWeightsConvertBackToTheOriginalUnitsOfTheUnscaledFit() {
        JsonNode scaled = CliRun.of("fit", "--data", "boston", "--method", "closed", "--standardize", "--json").json();
        JsonNode raw = CliRun.of("fit", "--data", "boston", "--method", "closed", "--json").json();
        assertThat(scaled.get("standardized").asBoolean()).isTrue();
        assertThat(scaled.get("weights_original_units").get("RM").asDouble())
                .isCloseTo(raw.get("weights").get("RM").asDouble(), within(1e-9));
        assertThat(scaled.get("bias_original_units").asDouble()).isCloseTo(raw.get("bias").asDouble(), within(1e-8));
        assertThat(raw.has("weights_original_units")).isFalse();
    }

    @Test
    void theJsonHasTheDocumentedKeys() {
        JsonNode r = CliRun.of("fit", "--data", "diabetes", "--method", "sgd", "--standardize", "--lr", "0.01",
                "--epochs", "20", "--test-fraction", "0.2", "--seed", "1", "--json").json();
        assertThat(r.get("method").asText()).isEqualTo("sgd");
        assertThat(r.get("features")).hasSize(10);
        assertThat(r.get("weights").size()).isEqualTo(10);
        assertThat(r.get("epochs").asInt()).isEqualTo(20);
        for (String key : new String[] {"mse", "rmse", "mae", "r2"}) {
            assertThat(r.get("train").has(key)).isTrue();
            assertThat(r.get("test").has(key)).isTrue();
        }
        assertThat(r.get("train").get("rmse").asDouble())
                .isCloseTo(Math.sqrt(r.get("train").get("mse").asDouble()), within(1e-12));
        assertThat(CliRun.of("fit", "--data", "diabetes", "--method", "closed", "--json").json().get("test").isNull())
                .isTrue();
    }

    @Test
    void saveThenPredictReproducesTheFittedPredictionsBitForBit() throws Exception {
        Path csv = dir.resolve("houses.csv");
        Files.writeString(csv, "price,rooms,age\n10,3,40\n14,4,30\n20,6,10\n13,4,35\n25,7,5\n17,5,20\n");
        Path model = dir.resolve("model.safetensors");
        Path predictions = dir.resolve("predictions.csv");
        CliRun fit = CliRun.of("fit", "--data", csv.toString(), "--target", "price", "--method", "gd", "--standardize",
                "--lr", "0.1", "--epochs", "500", "--save", model.toString(), "--json");
        assertThat(fit.status()).isZero();
        JsonNode r = fit.json();
        CliRun predict = CliRun.of("predict", "--model", model.toString(), "--data", csv.toString(), "--json");
        JsonNode p = predict.json().get("predictions");
        double[][] rows = {{3, 40}, {4, 30}, {6, 10}, {4, 35}, {7, 5}, {5, 20}};
        for (int i = 0; i < rows.length; i++) {
            double expected = r.get("bias_original_units").asDouble()
                    + r.get("weights_original_units").get("rooms").asDouble() * rows[i][0]
                    + r.get("weights_original_units").get("age").asDouble() * rows[i][1];
            assertThat(p.get(i).asDouble()).isCloseTo(expected, within(1e-9));
        }
        assertThat(CliRun.of("predict", "--model", model.toString(), "--data", csv.toString(), "--out",
                predictions.toString()).status()).isZero();
        String written = Files.readString(predictions);
        assertThat(written.lines().findFirst()).contains("price_predicted");
        for (int i = 0; i < rows.length; i++) {
            assertThat(Double.parseDouble(written.lines().skip(i + 1).findFirst().orElseThrow()))
                    .isEqualTo(p.get(i).asDouble());
        }
        // the same fit twice gives the same file, byte for byte
        Path again = dir.resolve("again.safetensors");
        CliRun.of("fit", "--data", csv.toString(), "--target", "price", "--method", "gd", "--standardize", "--lr", "0.1",
                "--epochs", "500", "--save", again.toString());
        assertThat(Files.readAllBytes(again)).isEqualTo(Files.readAllBytes(model));
    }

    @Test
    void aBadCsvCellIsNamedByFileLineAndColumnWithStatusTwo() throws Exception {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "y,x\n1,2\n3,abc\n");
        CliRun run = CliRun.of("fit", "--data", csv.toString(), "--target", "y");
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("bad.csv line 3, column x: 'abc' is not a number").doesNotContain("Exception");
        assertThat(run.err().lines().count()).isEqualTo(1);
    }

    @Test
    void unknownDataTargetsAndColumnsAreOneLineErrors() throws Exception {
        assertThat(CliRun.of("fit", "--data", "nowhere").err()).contains("no such file, and not a bundled data set");
        Path csv = dir.resolve("ok.csv");
        Files.writeString(csv, "y,x\n1,2\n3,4\n");
        assertThat(CliRun.of("fit", "--data", csv.toString()).err()).contains("name the column to predict with --target");
        assertThat(CliRun.of("fit", "--data", "boston", "--features", "RM,NOPE").err()).contains("has no column 'NOPE'");
        assertThat(CliRun.of("fit", "--data", "boston", "--lr", "-1").status()).isEqualTo(2);
    }

    @Test
    void divergenceExitsTwoAndWritesNoModel() {
        Path model = dir.resolve("never.safetensors");
        CliRun run = CliRun.of("fit", "--data", "boston", "--lr", "10", "--save", model.toString());
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("(learning rate 10); try a smaller --lr");
        assertThat(model).doesNotExist();
    }

    @Test
    void theLossCurveAndThePredictedAgainstActualPlotAreWritten() throws Exception {
        Path loss = dir.resolve("loss.png");
        Path scatter = dir.resolve("scatter.svg");
        assertThat(CliRun.of("fit", "--data", "boston", "--standardize", "--lr", "0.1", "--epochs", "100",
                "--plot", loss.toString()).status()).isZero();
        assertThat(CliRun.of("fit", "--data", "boston", "--method", "closed", "--plot", scatter.toString())
                .status()).isZero();
        assertThat(Files.size(loss)).isGreaterThan(10_000);
        assertThat(Files.readString(scatter)).contains("<svg").contains("Linear regression on boston (closed)");
    }
}
