package dev.descent.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.DType;
import dev.descent.NoGrad;
import dev.descent.Scope;
import dev.descent.Shape;
import dev.descent.Tensor;
import dev.descent.nn.AvgPool2d;
import dev.descent.nn.BatchNorm2d;
import dev.descent.nn.Conv2d;
import dev.descent.nn.Flatten;
import dev.descent.nn.Linear;
import dev.descent.nn.MaxPool2d;
import dev.descent.nn.Module;
import dev.descent.nn.ReLU;
import dev.descent.nn.Sequential;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A convolutional network PyTorch trained and saved ({@code state_dict} through
 * {@code safetensors.torch.save_file}) loads into the same {@link Sequential} in Descent and gives
 * PyTorch's eval-mode outputs. The file, the input batch and PyTorch's outputs come from
 * {@code io/src/test/python/pytorch_cnn_reference.py}: Conv2d (padding 1), BatchNorm2d with trained
 * running statistics, ReLU, MaxPool2d, a grouped dilated Conv2d, ReLU, AvgPool2d, Flatten, Linear.
 */
class PyTorchCnnStateDictTest {
    /**
     * float64: |Descent − PyTorch| ≤ 1e-12, absolute. The outputs are below 0.3 in magnitude and each
     * is a short chain of sums of at most 32 products, so both libraries are within a few units in
     * the last place (1e-16) of each other; 1e-12 only allows for their different summation orders.
     */
    private static final double FLOAT64_ABSOLUTE = 1e-12;
    /**
     * float32: |Descent − PyTorch float64| ≤ c·ε₃₂·max(1, max|PyTorch|), normwise as in core's float32
     * differential tests: the intermediate activations are of order 1 whatever the size of the
     * outputs, and every layer rounds them once more. PyTorch's own float32 model must meet the same
     * bound (it is off by 1.9e-8), so the bound asks nothing of Descent that PyTorch does not achieve.
     */
    private static final int FLOAT32_FACTOR = 16;

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(PyTorchCnnStateDictTest.class.getResource("/cnn/" + name).toURI());
    }

    private static JsonNode fixture() throws IOException {
        try (InputStream in = PyTorchCnnStateDictTest.class.getResourceAsStream("/cnn/torch-cnn-outputs.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    private static Tensor tensor(JsonNode node) {
        JsonNode data = node.get("data");
        double[] values = new double[data.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = data.get(i).asDouble();
        }
        JsonNode shape = node.get("shape");
        int[] dims = new int[shape.size()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = shape.get(i).asInt();
        }
        return Tensor.of(values, Shape.of(dims));
    }

    /** The script's network, layer for layer (the initialisation is overwritten by the file). */
    private static Sequential cnn() {
        Random random = new Random(0);
        return new Sequential(
                new Conv2d(1, 4, 3, Conv2d.Options.DEFAULT.withPadding(1), random),
                new BatchNorm2d(4),
                new ReLU(),
                new MaxPool2d(2),
                new Conv2d(4, 8, 3, Conv2d.Options.DEFAULT.withPadding(2).withDilation(2).withGroups(2), random),
                new ReLU(),
                new AvgPool2d(2),
                new Flatten(),
                new Linear(8 * 2 * 2, 10, random));
    }

    /** The network with the PyTorch-written state dict loaded, in eval mode. */
    private static Module loaded() throws URISyntaxException {
        SafetensorsFile file = Safetensors.read(resource("torch-cnn.safetensors"));
        Module network = cnn();
        network.loadStateDict(file.tensors());
        network.eval();
        return network;
    }

    private static Tensor outputs(Module network, Tensor input) {
        Scope scope = NoGrad.scope();
        try (scope) {
            return network.forward(input);
        }
    }

    @Test
    void theFileHoldsEveryTensorOfTheNetworkAfterTraining() throws Exception {
        SafetensorsFile file = Safetensors.read(resource("torch-cnn.safetensors"));
        assertThat(file.tensors().keySet()).containsExactlyInAnyOrderElementsOf(cnn().stateDict().keySet());
        assertThat(file.tensors().values()).allSatisfy(t -> assertThat(t.dtype()).isEqualTo(DType.FLOAT64));
        // trained: BatchNorm2d's buffers are not their defaults (zeros, ones, 0)
        assertThat(file.tensor("1.num_batches_tracked").item()).isEqualTo(5.0);
        assertThat(file.tensor("1.running_mean").abs().min().item()).isPositive();
        assertThat(file.tensor("1.running_var").sub(1.0).abs().min().item()).isPositive();
        assertThat(file.tensor("4.weight").shape().dims()).containsExactly(8, 2, 3, 3);
    }

    @Test
    void aPyTorchCnnStateDictGivesPyTorchsEvalOutputsInFloat64() throws Exception {
        JsonNode fixture = fixture();
        Tensor input = tensor(fixture.get("input"));
        Tensor expected = tensor(fixture.get("output"));
        Tensor actual = outputs(loaded(), input);
        assertThat(actual.dtype()).isEqualTo(DType.FLOAT64);
        assertThat(actual.shape().dims()).containsExactly(expected.shape().dims());
        double[] a = actual.toArray();
        double[] e = expected.toArray();
        for (int i = 0; i < e.length; i++) {
            assertThat(Math.abs(a[i] - e[i])).as("output %d: %s vs PyTorch %s", i, a[i], e[i])
                    .isLessThanOrEqualTo(FLOAT64_ABSOLUTE);
        }
        assertThat(actual.argmax(1, false).toArray()).containsExactly(expected.argmax(1, false).toArray());
    }

    @Test
    void aFloat32CopyOfTheLoadedCnnAgreesToFloat32Precision() throws Exception {
        JsonNode fixture = fixture();
        Tensor expected = tensor(fixture.get("output"));
        Tensor torch32 = tensor(fixture.get("outputFloat32"));
        Module network = loaded().to(DType.FLOAT32);
        assertThat(network.stateDict().values()).allSatisfy(t -> assertThat(t.dtype()).isEqualTo(DType.FLOAT32));
        Tensor actual = outputs(network, tensor(fixture.get("input")).to(DType.FLOAT32));
        assertThat(actual.dtype()).isEqualTo(DType.FLOAT32);
        double[] e = expected.toArray();
        double scale = 1;
        for (double v : e) {
            scale = Math.max(scale, Math.abs(v));
        }
        double tolerance = FLOAT32_FACTOR * DType.FLOAT32.eps() * scale;
        double[] a = actual.toArray();
        double[] t = torch32.toArray();
        for (int i = 0; i < e.length; i++) {
            assertThat(Math.abs(t[i] - e[i])).as("PyTorch float32 output %d: %s vs float64 %s", i, t[i], e[i])
                    .isLessThanOrEqualTo(tolerance);
            assertThat(Math.abs(a[i] - e[i])).as("float32 output %d: %s vs PyTorch float64 %s", i, a[i], e[i])
                    .isLessThanOrEqualTo(tolerance);
        }
    }
}
