package dev.descent.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Convolutional networks described in one line: {@code cnn:C1,C2,...|H1,...}. */
class CnnArchitectureTest {
    @Test
    void digitsAsImagesWithTwoConvolutionBlocksAndAHiddenLayer() {
        Architecture arch = Architecture.of("cnn:16,32|64", 64, 10);
        assertThat(arch.image()).isEqualTo(new Architecture.Image(1, 8, 8));
        assertThat(arch.describe()).isEqualTo("cnn(1x8x8):16,32|64;in=64;out=10;activation=relu;dropout=0.0");
        assertThat(Architecture.parse(arch.describe())).isEqualTo(arch);

        Sequential model = arch.build(new Random(0));
        // Unflatten, (Conv2d, ReLU, MaxPool2d) twice, Flatten, Linear, ReLU, Linear: PyTorch's indices
        assertThat(model.toString()).contains("Unflatten", "Conv2d", "MaxPool2d", "Flatten");
        Map<String, int[]> shapes = new LinkedHashMap<>();
        model.stateDict().forEach((name, t) -> shapes.put(name, t.shape().dims()));
        assertThat(shapes).containsOnlyKeys(arch.parameterShapes().keySet());
        arch.parameterShapes().forEach((name, dims) -> assertThat(shapes.get(name)).as(name).isEqualTo(dims));
        assertThat(arch.parameterShapes().keySet())
                .containsExactly("1.weight", "1.bias", "4.weight", "4.bias", "8.weight", "8.bias", "10.weight", "10.bias");
        // 8×8 → 4×4 → 2×2 with 32 channels: 128 features into the hidden layer
        assertThat(arch.parameterShapes().get("8.weight")).containsExactly(64, 128);
        long count = model.parameters().stream().mapToLong(Tensor::numel).sum();
        assertThat(arch.parameterCount()).isEqualTo(count);
        assertThat(model.forward(Tensor.zeros(5, 64)).shape().dims()).containsExactly(5, 10);
        assertThat(arch.sizes()).isEqualTo("1×8×8 → 16×4×4 → 32×2×2 → 64 → 10");
        assertThat(arch.activationsPerSample()).isEqualTo(16 * 8 * 8 + 32 * 4 * 4 + 64 + 10);
    }

    @Test
    void leNetKernelsAndAnImageShapeThatIsNotSquare() {
        Architecture lenet = Architecture.of("cnn:6k5,16k5|120,84", 784, 10);
        assertThat(lenet.model()).isEqualTo("cnn(1x28x28):6k5,16k5|120,84");
        assertThat(lenet.parameterShapes().get("4.weight")).containsExactly(16, 6, 5, 5);
        assertThat(lenet.parameterShapes().get("8.weight")).containsExactly(120, 16 * 7 * 7);

        Architecture rgb = Architecture.of("cnn(3x4x6):8k2", 72, 2).withDropout(0.0);
        // an even kernel with padding 1 grows the side by one before the pooling: 4 → 5 → 2, 6 → 7 → 3
        assertThat(rgb.parameterShapes().get("5.weight")).containsExactly(2, 8 * 2 * 3);
        assertThat(rgb.build(new Random(1)).forward(Tensor.zeros(2, 72)).shape().dims()).containsExactly(2, 2);
        assertThat(Architecture.parse(rgb.describe())).isEqualTo(rgb);
    }

    @Test
    void dropoutFollowsTheHiddenLayersOnly() {
        Architecture arch = Architecture.of("cnn:4|8", 16, 3).withDropout(0.25);
        List<String> layers = arch.build(new Random(2)).children().stream().map(m -> m.getClass().getSimpleName()).toList();
        assertThat(layers).containsExactly("Unflatten", "Conv2d", "ReLU", "MaxPool2d", "Flatten", "Linear", "ReLU",
                "Dropout", "Linear");
        assertThat(Architecture.hasHiddenLayers("cnn:4|8")).isTrue();
        assertThat(Architecture.hasHiddenLayers("cnn:4")).isFalse();
    }

    @Test
    void badDescriptionsSayWhatIsWrong() {
        assertThatThrownBy(() -> Architecture.of("cnn:16", 60, 10))
                .hasMessage("model cnn:16: the 60 features are not a square image; give the image's shape, such as"
                        + " cnn(3x32x32):16");
        assertThatThrownBy(() -> Architecture.of("cnn(3x8x8):16", 64, 10))
                .hasMessage("model cnn(3x8x8):16: an image of 3x8x8 holds 192 values, but the data has 64 features");
        assertThatThrownBy(() -> Architecture.of("cnn:8,8,8,8", 64, 10))
                .hasMessage("model cnn:8,8,8,8: an image of 1x8x8 is too small for 4 convolution blocks, as each one's"
                        + " 2×2 pooling halves it; use fewer");
        assertThatThrownBy(() -> Architecture.of("cnn:16,x", 64, 10))
                .hasMessage("model cnn:16,x: 'x' is not a convolution; write its channels, and kernel size after k when"
                        + " it is not 3: 32 or 16k5");
        assertThatThrownBy(() -> Architecture.of("cnn:", 64, 10)).hasMessageContaining("cnn needs at least one convolution");
        assertThatThrownBy(() -> Architecture.of("cnn(3x8):4", 64, 10))
                .hasMessageContaining("'3x8' is not an image shape");
        assertThatThrownBy(() -> Architecture.of("cnn:4|", 64, 10)).hasMessageContaining("'' is not a layer width");
        assertThatThrownBy(() -> Architecture.parse("cnn:4;in=64;out=10"))
                .hasMessageContaining("a convolutional network needs its image shape");
    }
}
