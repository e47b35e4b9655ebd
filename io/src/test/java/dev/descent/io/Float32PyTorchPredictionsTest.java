package dev.descent.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.DType;
import dev.descent.NoGrad;
import dev.descent.Scope;
import dev.descent.Tensor;
import dev.descent.nn.Linear;
import dev.descent.nn.Module;
import dev.descent.nn.ReLU;
import dev.descent.nn.Sequential;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * float32 models in files that both libraries read give the classes PyTorch float32 gives, and
 * logits within float32 rounding of PyTorch's. The fixture, the PyTorch-written file and the
 * reference outputs come from {@code io/src/test/python/pytorch_float32_predictions.py}.
 */
class Float32PyTorchPredictionsTest {
    /** Rounding of float32 sums of 64 and 32 products of pixels up to 16, in two different orders. */
    private static final double RTOL = 1e-5;
    private static final double ATOL = 1e-4;

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(Float32PyTorchPredictionsTest.class.getResource("/float32/" + name).toURI());
    }

    private static JsonNode reference(String file) throws IOException {
        try (InputStream in = Float32PyTorchPredictionsTest.class.getResourceAsStream("/float32/predictions.json")) {
            return new ObjectMapper().readTree(in).get(file);
        }
    }

    /** The predicted classes equal PyTorch's, row for row, and the logits of the first rows are close to its. */
    private static void assertLikePyTorch(Tensor logits, JsonNode expected) {
        int[] classes = Arrays.stream(logits.argmax(1, false).toArray()).mapToInt(c -> (int) c).toArray();
        int[] torch = new int[expected.get("classes").size()];
        for (int i = 0; i < torch.length; i++) {
            torch[i] = expected.get("classes").get(i).asInt();
        }
        assertThat(classes).containsExactly(torch);
        JsonNode rows = expected.get("logits");
        for (int i = 0; i < rows.size(); i++) {
            for (int j = 0; j < rows.get(i).size(); j++) {
                double want = rows.get(i).get(j).asDouble();
                assertThat(Math.abs(logits.get(i, j) - want)).as("row %d, logit %d", i, j)
                        .isLessThanOrEqualTo(ATOL + RTOL * Math.abs(want));
            }
        }
    }

    @Test
    void aModelFitInFloat32PredictsTheClassesPyTorchFloat32PredictsFromTheSameFile() throws Exception {
        Predictor model = Predictor.load(resource("descent-digits-mlp32.safetensors"));
        assertThat(model.dtype()).isEqualTo(DType.FLOAT32);
        Tensor logits = model.outputs(Datasets.digits().table());
        assertThat(logits.dtype()).isEqualTo(DType.FLOAT32);
        assertLikePyTorch(logits, reference("descent-digits-mlp32.safetensors"));
    }

    @Test
    void aPyTorchFloat32StateDictSavedWithSafetensorsLoadsIntoTheSameNetwork() throws Exception {
        SafetensorsFile file = Safetensors.read(resource("torch-digits-mlp16.safetensors"));
        assertThat(file.tensors().values()).allSatisfy(t -> assertThat(t.dtype()).isEqualTo(DType.FLOAT32));
        Random random = new Random(0);
        Module network = new Sequential(new Linear(64, 16, random), new ReLU(), new Linear(16, 10, random))
                .to(DType.FLOAT32);
        network.loadStateDict(file.tensors());
        Tensor logits;
        Scope scope = NoGrad.scope();
        try (scope) {
            logits = network.forward(Datasets.digits().features().to(DType.FLOAT32));
        }
        assertLikePyTorch(logits, reference("torch-digits-mlp16.safetensors"));
    }
}
