package dev.descent.cli.fit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.descent.DType;
import dev.descent.cli.CliRun;
import dev.descent.io.Predictor;
import dev.descent.io.SavedModel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fit --dtype float32}: a network trained, saved and used for prediction in float32, as PyTorch's default. */
class Float32FitTest {
    @TempDir
    Path dir;

    @Test
    void aNetworkTrainedInFloat32IsSavedInFloat32AndPredictsInIt() {
        Path model = dir.resolve("digits32.safetensors");
        CliRun fit = CliRun.of("fit", "--data", "digits", "--model", "mlp:32", "--dtype", "float32", "--lr", "0.01",
                "--epochs", "15", "--test-fraction", "0.25", "--save", model.toString(), "--json");
        assertThat(fit.status()).as(fit.err()).isZero();
        JsonNode j = fit.json();
        assertThat(j.get("dtype").asText()).isEqualTo("float32");
        assertThat(j.get("test").get("accuracy").asDouble()).isGreaterThan(0.9);
        assertThat(SavedModel.load(model).weights().values()).allMatch(t -> t.dtype() == DType.FLOAT32);
        assertThat(Predictor.load(model).dtype()).isEqualTo(DType.FLOAT32);

        JsonNode predicted = CliRun.of("predict", "--model", model.toString(), "--data", "digits", "--json").json();
        assertThat(predicted.get("metrics").get("accuracy").asDouble()).isGreaterThan(0.9);
        String text = CliRun.of("fit", "--data", "digits", "--model", "mlp:32", "--dtype", "float32", "--epochs", "1").out();
        assertThat(text).contains("in float32: the weights, the data and the optimizer's state");
    }

    @Test
    void float32FollowsFloat64ToFloat32sPrecision() {
        JsonNode f64 = CliRun.of("fit", "--data", "iris", "--model", "mlp:8", "--optimizer", "sgd", "--lr", "0.05",
                "--epochs", "5", "--json").json();
        JsonNode f32 = CliRun.of("fit", "--data", "iris", "--model", "mlp:8", "--optimizer", "sgd", "--lr", "0.05",
                "--epochs", "5", "--dtype", "float32", "--json").json();
        double a = f64.get("train").get("loss").asDouble();
        double b = f32.get("train").get("loss").asDouble();
        assertThat(b).isNotEqualTo(a).isCloseTo(a, org.assertj.core.api.Assertions.within(1e-4 * Math.max(1, a)));
    }

    @Test
    void anUnknownDtypeIsOneLineNamingTheOption() {
        CliRun run = CliRun.of("fit", "--data", "iris", "--model", "mlp:8", "--dtype", "float16");
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).startsWith("descent fit: --dtype float16").contains("expected float64 or float32")
                .hasLineCount(1);
    }
}
