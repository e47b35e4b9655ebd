package dev.descent.cli.predict;

import static org.assertj.core.api.Assertions.assertThat;
import com.fasterxml.jackson.databind.JsonNode;
import dev.descent.cli.CliRun;
import dev.descent.data.Preprocessor;
import dev.descent.data.Table;
import dev.descent.io.Csv;
import dev.descent.io.Predictor;
import dev.descent.io.SavedModel;
import dev.descent.train.LossFunction;
import dev.descent.optim.OptimizerSpec;
import dev.descent.train.FitConfig;
import dev.descent.train.FitResult;
import dev.descent.train.Fitting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CSV as people have it: an id column, a column name with a comma, a text feature, missing
 * cells, and the class as a name (and, in another column, as labels 1, 2, 3). It is fitted and
 * predicted through the command line and through the Java API, and the model file carries what
 * prediction needs.
 */
class OwnDataTest {
    private static final List<String> SIZES = List.of("small", "medium", "large");
    private static final List<String> CITIES = List.of("Paris", "Lyon", "Nice");

    @TempDir
    Path dir;

    private Path csv;

    @BeforeEach
    void writeTheData() throws IOException {
        Random r = new Random(7);
        StringBuilder s = new StringBuilder("id,\"area, m2\",city,rooms,label,size\n");
        for (int i = 0; i < 90; i++) {
            int c = i % 3;
            String area = i % 17 == 5 ? "" : String.format(java.util.Locale.ROOT, "%.1f", 30 + 40 * c + 8 * r.nextGaussian());
            String city = i % 11 == 3 ? "NA" : CITIES.get(r.nextDouble() < 0.8 ? c : r.nextInt(3));
            String rooms = i % 13 == 7 ? "NaN" : Integer.toString(c + 1 + (r.nextDouble() < 0.2 ? 1 : 0));
            s.append("h-").append(String.format("%03d", i)).append(',').append(area).append(',').append(city).append(',')
                    .append(rooms).append(',').append(c + 1).append(',').append(SIZES.get(c)).append('\n');
        }
        csv = dir.resolve("houses.csv");
        Files.writeString(csv, s);
    }

    private CliRun fit(String target, Path model, String... more) {
        List<String> args = new ArrayList<>(List.of("fit", "--data", csv.toString(), "--target", target,
                "--feature", "area, m2", "--feature", "city", "--feature", "rooms", "--missing", "mean",
                "--model", "mlp:8", "--optimizer", "adam", "--lr", "0.05", "--epochs", "150", "--standardize",
                "--save", model.toString()));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void classNamesTextFeaturesAndMissingCellsThroughTheCommandLine() throws IOException {
        Path model = dir.resolve("size.safetensors");
        CliRun fit = fit("size", model, "--json");
        assertThat(fit.status()).as(fit.err()).isZero();
        JsonNode j = fit.json();
        assertThat(j.get("classes").toString()).isEqualTo("[\"large\",\"medium\",\"small\"]");
        assertThat(j.get("train").get("accuracy").asDouble()).isGreaterThan(0.85);

        Path out = dir.resolve("predicted.csv");
        CliRun predict = CliRun.of("predict", "--model", model.toString(), "--data", csv.toString(), "--keep", "id",
                "--probabilities", "--out", out.toString());
        assertThat(predict.status()).as(predict.err()).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines.get(0)).isEqualTo("id,size_predicted,large,medium,small");
        assertThat(lines).hasSize(91);
        for (int i = 0; i < 90; i++) {
            String[] cells = lines.get(i + 1).split(",", -1);
            assertThat(cells[0]).isEqualTo(String.format("h-%03d", i));
            assertThat(SIZES).contains(cells[1]);
        }
        // The metrics go to stderr, not into the CSV.
        assertThat(predict.err()).startsWith("the data has the target 'size': accuracy ");

        CliRun describe = CliRun.of("predict", "--model", model.toString(), "--describe");
        assertThat(describe.status()).as(describe.err()).isZero();
        assertThat(describe.out()).contains("'area, m2'  number; a missing cell becomes ")
                .contains("'city'  text, one-hot over 3 categories: 'Lyon', 'Nice', 'Paris'")
                .contains("3 classes: 'large', 'medium', 'small'");
    }

    @Test
    void labelsOneToThreeAreThreeClassesAndPredictionsNameThem() throws IOException {
        Path model = dir.resolve("label.safetensors");
        // Numbers as the target mean regression unless the loss makes a classifier, as in PyTorch.
        CliRun fit = fit("label", model, "--loss", "cross-entropy", "--json");
        assertThat(fit.status()).as(fit.err()).isZero();
        assertThat(fit.json().get("classes").toString()).isEqualTo("[\"1\",\"2\",\"3\"]");
        CliRun predict = CliRun.of("predict", "--model", model.toString(), "--data", csv.toString(), "--json");
        assertThat(predict.status()).as(predict.err()).isZero();
        JsonNode p = predict.json();
        assertThat(p.get("predictions")).hasSize(90).allMatch(n -> Set.of("1", "2", "3").contains(n.asText()));
        assertThat(p.get("metrics").get("accuracy").asDouble()).isGreaterThan(0.85);
    }

    @Test
    void anUnseenCategoryIsAnErrorNamingItOrZerosWithUnknownIgnore() throws IOException {
        Path model = dir.resolve("size.safetensors");
        assertThat(fit("size", model).status()).isZero();
        Path fresh = dir.resolve("fresh.csv");
        Files.writeString(fresh, "id,\"area, m2\",city,rooms\nx1,75,Marseille,2\n");
        CliRun refused = CliRun.of("predict", "--model", model.toString(), "--data", fresh.toString());
        assertThat(refused.status()).isEqualTo(2);
        assertThat(refused.err()).contains("Marseille").contains("city").doesNotContain("\tat ");

        Path lenient = dir.resolve("lenient.safetensors");
        assertThat(fit("size", lenient, "--unknown", "ignore").status()).isZero();
        CliRun ok = CliRun.of("predict", "--model", lenient.toString(), "--data", fresh.toString(), "--keep", "all");
        assertThat(ok.status()).as(ok.err()).isZero();
        assertThat(ok.out().lines().findFirst()).hasValue("id,\"area, m2\",city,rooms,size_predicted");
    }

    @Test
    void missingCellsAreAnErrorNamingFileLineAndColumnByDefault() {
        CliRun run = CliRun.of("fit", "--data", csv.toString(), "--target", "size", "--feature", "area, m2",
                "--feature", "city", "--epochs", "1");
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains(csv.toString()).contains("line ").contains("area, m2").contains("--missing");
    }

    @Test
    void predictNamesEveryAbsentColumnAtOnce() throws IOException {
        Path model = dir.resolve("size.safetensors");
        assertThat(fit("size", model).status()).isZero();
        Path partial = dir.resolve("partial.csv");
        Files.writeString(partial, "id,rooms\nx,2\n");
        CliRun run = CliRun.of("predict", "--model", model.toString(), "--data", partial.toString());
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("'area, m2'").contains("'city'").hasLineCount(1);
    }

    @Test
    void anIdColumnIsLeftOutOfTheDefaultFeaturesAndSaidSo() {
        CliRun run = CliRun.of("fit", "--data", csv.toString(), "--target", "size", "--missing", "mean", "--model",
                "mlp:4", "--epochs", "2", "--json");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.err()).startsWith("leaving out 'id': a different text in every row");
        assertThat(run.json().get("features").toString()).doesNotContain("\"id\"");
    }

    @Test
    void predictKeepsColumnsByQuotedNameOrAllAndRefusesAClash() throws IOException {
        Path model = dir.resolve("size.safetensors");
        assertThat(fit("size", model).status()).isZero();
        CliRun quoted = CliRun.of("predict", "--model", model.toString(), "--data", csv.toString(), "--keep",
                "id,\"area, m2\"", "--json");
        assertThat(quoted.status()).as(quoted.err()).isZero();
        assertThat(quoted.json().get("kept").get("id").get(0).asText()).isEqualTo("h-000");
        assertThat(quoted.json().get("kept").has("area, m2")).isTrue();
        CliRun all = CliRun.of("predict", "--model", model.toString(), "--data", csv.toString(), "--keep", "all");
        assertThat(all.out().lines().findFirst()).hasValue("id,\"area, m2\",city,rooms,label,size,size_predicted");
        Path clash = Files.writeString(dir.resolve("clash.csv"), "\"area, m2\",city,rooms,large\n50,Paris,2,x\n");
        CliRun refused = CliRun.of("predict", "--model", model.toString(), "--data", clash.toString(), "--keep", "all",
                "--probabilities");
        assertThat(refused.status()).isEqualTo(2);
        assertThat(refused.err()).contains("'large'").contains("name of a prediction column");
    }

    @Test
    void predictsMessagesSpeakOfHowTheModelWasFittedAndRowsWithoutALabelAreNotScored() throws IOException {
        Path model = dir.resolve("size.safetensors");
        assertThat(fit("size", model).status()).isZero();
        Path fresh = Files.writeString(dir.resolve("fresh.csv"), "\"area, m2\",city,rooms,size\n75,Marseille,2,small\n");
        CliRun unseen = CliRun.of("predict", "--model", model.toString(), "--data", fresh.toString());
        assertThat(unseen.err()).contains("'Marseille' was not seen in training")
                .contains("give such rows zeros with descent fit --unknown ignore").doesNotContain("unknown error");
        Path gaps = Files.writeString(dir.resolve("gaps.csv"), "\"area, m2\",city,rooms,size\n30,Lyon,1,small\n"
                + "110,Paris,3,\n");
        CliRun scored = CliRun.of("predict", "--model", model.toString(), "--data", gaps.toString());
        assertThat(scored.status()).as(scored.err()).isZero();
        assertThat(scored.err()).contains("of 1 right; 1 row without a label left out)");
        Path regression = dir.resolve("label-as-number.safetensors");
        assertThat(fit("label", regression).status()).isZero(); // numbers and mse: a regression
        CliRun probabilities = CliRun.of("predict", "--model", regression.toString(), "--data", csv.toString(),
                "--probabilities");
        assertThat(probabilities.status()).isEqualTo(2);
        assertThat(probabilities.err()).contains("--probabilities: ").contains("predicts numbers (regression)");
    }

    @Test
    void theSameThroughTheJavaApi() throws IOException {
        Table table = Csv.readTable(csv);
        FitConfig config = FitConfig.of("size", "mlp:8", LossFunction.CROSS_ENTROPY, OptimizerSpec.of("adam")
                        .withLearningRate(0.05), 150)
                .withFeatures(List.of("area, m2", "city", "rooms"))
                .withPreprocessing(Preprocessor.Missing.MEAN, Preprocessor.Unknown.ERROR)
                .withStandardize(true);
        FitResult fit = Fitting.fit(config, table, List.of(), Fitting.Hooks.NONE);
        assertThat(fit.classes()).containsExactly("large", "medium", "small");
        Path file = dir.resolve("api.safetensors");
        SavedModel.of(fit).save(file);

        Predictor p = Predictor.load(file);
        assertThat(p.columns()).containsExactly("area, m2", "city", "rooms");
        Table rows = Csv.readTable(csv, p.columns(), p.textColumns());
        List<String> predicted = p.labels(p.outputs(rows));
        Table.Column truth = table.column("size");
        int right = 0;
        for (int i = 0; i < predicted.size(); i++) {
            right += predicted.get(i).equals(truth.text(i)) ? 1 : 0;
        }
        assertThat(right).isGreaterThan(75);
    }
}
