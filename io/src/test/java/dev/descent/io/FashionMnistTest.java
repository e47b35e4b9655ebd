package dev.descent.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fashion-MNIST from small hand-built files, its checks, and the real files when they are installed. */
class FashionMnistTest {
    private static final String HOW = "; install it with: sudo apt-get install dataset-fashion-mnist (Debian/Ubuntu),"
            + " or download the four files from https://github.com/zalandoresearch/fashion-mnist into that directory";
    private static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    @TempDir
    Path dir;

    /** Pixel p of image i. */
    private static int pixel(int i, int p) {
        return (i * 7 + p) % 256;
    }

    private static byte[] images(int n) {
        int[] pixels = new int[n * 784];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = pixel(i / 784, i % 784);
        }
        return IdxBytes.header(0x08, n, 28, 28).bytes(pixels).bytes();
    }

    /** Labels 9, 0, 1, 2, ... */
    private static byte[] labels(int n) {
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (i + 9) % 10;
        }
        return IdxBytes.header(0x08, n).bytes(labels).bytes();
    }

    /** Writes the four files into {@code dir}, gzipped (with {@code .gz}) or not. */
    private Path install(int train, int test, boolean gzip) throws IOException {
        write("train-images-idx3-ubyte", images(train), gzip);
        write("train-labels-idx1-ubyte", labels(train), gzip);
        write("t10k-images-idx3-ubyte", images(test), gzip);
        write("t10k-labels-idx1-ubyte", labels(test), gzip);
        return dir;
    }

    private Path write(String base, byte[] plain, boolean gzip) throws IOException {
        return Files.write(dir.resolve(gzip ? base + ".gz" : base), gzip ? IdxBytes.gzip(plain) : plain);
    }

    private static double[] row(Dataset data, int i) {
        return Arrays.copyOfRange(data.features().toArray(), i * 784, (i + 1) * 784);
    }

    @Test
    void theFourFilesLoadAsTwoDatasetsOfScaledPixels() throws IOException {
        FashionMnist.Split split = FashionMnist.load(install(3, 2, true));
        Dataset train = split.train();
        assertThat(train.name()).isEqualTo("fashion-mnist-train");
        assertThat(split.test().name()).isEqualTo("fashion-mnist-test");
        assertThat(train.features().shape().dims()).containsExactly(3, 784);
        assertThat(split.test().features().shape().dims()).containsExactly(2, 784);
        assertThat(train.featureNames()).hasSize(784).startsWith("pixel_0_0", "pixel_0_1").contains("pixel_1_0")
                .endsWith("pixel_27_27");
        assertThat(train.featureNames().get(28)).isEqualTo("pixel_1_0");
        assertThat(train.targetName()).isEqualTo("label");
        assertThat(train.classNames()).isEqualTo(CLASSES).isEqualTo(FashionMnist.classNames());
        assertThat(train.target().toArray()).containsExactly(9, 0, 1);
        double[] expected = new double[784];
        for (int p = 0; p < 784; p++) {
            expected[p] = pixel(2, p) / 255.0;
        }
        assertThat(row(train, 2)).containsExactly(expected);
    }

    @Test
    void decompressedCopiesWorkToo() throws IOException {
        FashionMnist.Split split = FashionMnist.load(install(2, 1, false));
        assertThat(split.train().size()).isEqualTo(2);
        assertThat(split.test().target().toArray()).containsExactly(9);
        assertThat(FashionMnist.installed(dir)).isTrue();
    }

    @Test
    void limitsTakeTheFirstRows() throws IOException {
        install(5, 4, true);
        FashionMnist.Split split = FashionMnist.load(dir, 2, 0);
        assertThat(split.train().features().shape().dims()).containsExactly(2, 784);
        assertThat(split.train().target().toArray()).containsExactly(9, 0);
        assertThat(row(split.train(), 1)).isEqualTo(row(FashionMnist.load(dir).train(), 1));
        assertThat(split.test().size()).isZero();
        assertThat(FashionMnist.load(dir, 100, 100).test().size()).isEqualTo(4);
        assertThatThrownBy(() -> FashionMnist.load(dir, -1, 0)).isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("fashion-mnist: the limits must be 0 or more, got trainLimit -1 and testLimit 0");
    }

    @Test
    void aMissingDirectorySaysHowToInstall() {
        Path missing = dir.resolve("nowhere");
        assertThat(FashionMnist.installed(missing)).isFalse();
        assertThatThrownBy(() -> FashionMnist.load(missing)).isExactlyInstanceOf(UncheckedIOException.class)
                .hasMessage("Fashion-MNIST is not installed in " + missing + HOW)
                .hasCauseInstanceOf(NoSuchFileException.class);
    }

    @Test
    void aMissingFileIsNamed() throws IOException {
        assertThatThrownBy(() -> FashionMnist.load(dir)).isExactlyInstanceOf(UncheckedIOException.class)
                .hasMessage("Fashion-MNIST is not installed in " + dir + " (train-images-idx3-ubyte.gz is missing)" + HOW);
        install(1, 1, true);
        Files.delete(dir.resolve("t10k-labels-idx1-ubyte.gz"));
        assertThat(FashionMnist.installed(dir)).isFalse();
        assertThatThrownBy(() -> FashionMnist.load(dir)).isExactlyInstanceOf(UncheckedIOException.class)
                .hasMessage("Fashion-MNIST is not installed in " + dir + " (t10k-labels-idx1-ubyte.gz is missing)" + HOW)
                .hasCauseInstanceOf(NoSuchFileException.class);
    }

    @Test
    void imagesMustBeUnsignedBytesOf28By28() throws IOException {
        install(2, 1, true);
        Path file = write("train-images-idx3-ubyte", IdxBytes.header(0x0C, 2, 28, 28).ints(new int[2 * 784]).bytes(),
                true);
        assertThatThrownBy(() -> FashionMnist.load(dir)).isExactlyInstanceOf(DataFormatException.class)
                .hasMessage(file + ": holds int32 (0x0C) values; Fashion-MNIST images are unsigned bytes (0x08)");
        write("train-images-idx3-ubyte", IdxBytes.header(0x08, 2, 28, 27).bytes(new int[2 * 28 * 27]).bytes(), true);
        assertThatThrownBy(() -> FashionMnist.load(dir)).isExactlyInstanceOf(DataFormatException.class)
                .hasMessage(file + ": has shape [2, 28, 27]; Fashion-MNIST images have shape [n, 28, 28]");
    }

    @Test
    void labelsMustBeUnsignedBytesOneForEachImage() throws IOException {
        install(2, 1, true);
        Path file = write("t10k-labels-idx1-ubyte", IdxBytes.header(0x09, 1).bytes(3).bytes(), true);
        assertThatThrownBy(() -> FashionMnist.load(dir)).isExactlyInstanceOf(DataFormatException.class)
                .hasMessage(file + ": holds signed byte (0x09) values; Fashion-MNIST labels are unsigned bytes (0x08)");
        write("t10k-labels-idx1-ubyte", IdxBytes.header(0x08, 1, 1).bytes(3).bytes(), true);
        assertThatThrownBy(() -> FashionMnist.load(dir)).isExactlyInstanceOf(DataFormatException.class)
                .hasMessage(file + ": has shape [1, 1]; Fashion-MNIST labels have shape [n]");
        write("t10k-labels-idx1-ubyte", labels(2), true);
        assertThatThrownBy(() -> FashionMnist.load(dir)).isExactlyInstanceOf(DataFormatException.class)
                .hasMessage(file + ": holds 2 labels, but t10k-images-idx3-ubyte.gz holds 1 images");
    }

    @Test
    void aLabelAboveNineIsNamedWithItsOffset() throws IOException {
        install(3, 1, true);
        Path file = write("train-labels-idx1-ubyte", IdxBytes.header(0x08, 3).bytes(1, 10, 2).bytes(), true);
        assertThatThrownBy(() -> FashionMnist.load(dir)).isExactlyInstanceOf(DataFormatException.class)
                .hasMessage(file + ": label 1 at byte 9 of the decompressed data is 10, not a class 0 to 9");
    }

    @Test
    void aBrokenFileIsNamed() throws IOException {
        install(2, 1, true);
        byte[] zipped = IdxBytes.gzip(images(2));
        Path file = Files.write(dir.resolve("train-images-idx3-ubyte.gz"), Arrays.copyOf(zipped, zipped.length / 2));
        assertThatThrownBy(() -> FashionMnist.load(dir)).isExactlyInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(file + ": the gzip stream ends early");
    }

    @Test
    void theRealFashionMnistHas60000And10000ImagesOfTenBalancedClasses() {
        Path home = FashionMnist.defaultDirectory();
        assumeTrue(FashionMnist.installed(), "Fashion-MNIST is not installed in " + home
                + " (sudo apt-get install dataset-fashion-mnist); skipping the test on the real files");
        long start = System.nanoTime();
        FashionMnist.Split split = FashionMnist.load();
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("FashionMnistTest: loaded 70,000 images in " + millis + " ms");
        Dataset train = split.train();
        Dataset test = split.test();
        assertThat(train.features().shape().dims()).containsExactly(60000, 784);
        assertThat(test.features().shape().dims()).containsExactly(10000, 784);
        assertThat(train.target().get(0)).isEqualTo(9.0);
        assertThat(train.classNames().get((int) train.target().get(0))).isEqualTo("Ankle boot");
        for (Dataset part : List.of(train, test)) {
            double[] x = part.features().toArray();
            assertThat(Arrays.stream(x).min().getAsDouble()).isEqualTo(0.0);
            assertThat(Arrays.stream(x).max().getAsDouble()).isEqualTo(1.0);
            int[] counts = new int[10];
            for (double y : part.target().toArray()) {
                counts[(int) y]++;
            }
            int each = part.size() / 10;
            assertThat(counts).containsOnly(each);
        }
        assertThat(FashionMnist.load(home, 10, 5).train().target().get(0)).isEqualTo(9.0);
    }
}
