package dev.descent.io;

import dev.descent.Shape;
import dev.descent.Tensor;
import dev.descent.data.Table;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Zalando's Fashion-MNIST, read from its four IDX files: 60,000 training and 10,000 test images of
 * clothing, 28×28 grey pixels each, in ten classes; a drop-in replacement for MNIST's digits that
 * is harder to classify (Xiao, Rasul and Vollgraf, 2017, MIT licence).
 *
 * <p>The files are not bundled (they are 30 MB): Debian's package {@code dataset-fashion-mnist}
 * installs them in {@link #defaultDirectory()}, or download {@code train-images-idx3-ubyte.gz},
 * {@code train-labels-idx1-ubyte.gz}, {@code t10k-images-idx3-ubyte.gz} and
 * {@code t10k-labels-idx1-ubyte.gz} from {@code https://github.com/zalandoresearch/fashion-mnist}
 * into a directory of your own. Decompressed copies (the same names without {@code .gz}) work too.
 *
 * <p>Each part is a {@link Dataset} with features {@code [n, 784]}: the pixels row by row, scaled
 * from 0–255 to [0, 1] ({@code pixel / 255.0}) and named {@code pixel_r_c} (r, c from 0 to 27, as
 * {@link Datasets#digits()} names its pixels); the target {@code label} holds class indices 0–9,
 * named by {@link #classNames()}.
 *
 * <pre>{@code
 * jshell> var fashion = FashionMnist.load();
 * jshell> fashion.train().features().shape() + " " + fashion.test().size()
 * $2 ==> "[60000, 784] 10000"
 * }</pre>
 */
public final class FashionMnist {
    /** Where Debian's {@code dataset-fashion-mnist} installs the files. */
    private static final Path DEFAULT_DIRECTORY = Path.of("/usr/share/datasets/fashion-mnist");
    private static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    private static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    private static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    private static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
    private static final List<String> FILES = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);
    private static final int SIDE = 28;
    private static final int PIXELS = SIDE * SIDE;
    private static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    private static final List<String> PIXEL_NAMES = pixelNames();

    /**
     * The two parts of the data set, as published.
     *
     * @param train the training images ({@code fashion-mnist-train}, 60,000 rows)
     * @param test  the test images ({@code fashion-mnist-test}, 10,000 rows)
     */
    public record Split(Dataset train, Dataset test) {
        /**
         * Both parts as one table named {@code fashion-mnist}: the 784 pixel columns and the label,
         * the training rows first and the test rows last, marked as the data set's own test rows
         * ({@link Table#withTestRows}), so that training holds out exactly those.
         */
        public Table table() {
            Tensor pixels = Tensor.cat(List.of(train.features(), test.features()), 0);
            List<Table.Column> columns = new ArrayList<>(Table.of(pixels, train.featureNames()).columns());
            pixels = null; // the columns hold the values now
            Tensor labels = Tensor.cat(List.of(train.target(), test.target()), 0);
            columns.add(new Table.Numbers(train.targetName(), labels.toArray()));
            return Table.of("fashion-mnist", columns, null).withTestRows(test.size());
        }
    }

    private FashionMnist() {}

    /** {@code /usr/share/datasets/fashion-mnist}, where Debian's {@code dataset-fashion-mnist} installs the files. */
    public static Path defaultDirectory() {
        return DEFAULT_DIRECTORY;
    }

    /** True when the four files are in {@link #defaultDirectory()}. */
    public static boolean installed() {
        return installed(DEFAULT_DIRECTORY);
    }

    /** True when the four files ({@code .gz} or decompressed) are readable files in {@code dir}. */
    public static boolean installed(Path dir) {
        return FILES.stream().map(base -> file(dir, base)).allMatch(f -> f != null && Files.isReadable(f));
    }

    /** The ten class names, by class index: T-shirt/top, Trouser, Pullover, ..., Ankle boot. */
    public static List<String> classNames() {
        return CLASS_NAMES;
    }

    /**
     * Both parts from {@link #defaultDirectory()}.
     *
     * @throws UncheckedIOException when the files are not installed (caused by a
     *     {@link NoSuchFileException}); the message says how to install them
     * @throws DataFormatException when a file is not what Fashion-MNIST's files are; see {@link #load(Path)}
     */
    public static Split load() {
        return load(DEFAULT_DIRECTORY);
    }

    /**
     * Both parts from the files in {@code dir}, all 70,000 images (about 440 MB as float64).
     *
     * @throws UncheckedIOException when {@code dir} or one of the four files is missing (caused by a
     *     {@link NoSuchFileException}; the message says how to get them), or a file cannot be read
     * @throws DataFormatException naming the file when it is not valid IDX (see {@link Idx#read(Path)}),
     *     when the images are not unsigned bytes of shape {@code [n, 28, 28]} or the labels unsigned
     *     bytes of shape {@code [n]}, when the two files of a part hold different counts, or when a
     *     label is not 0 to 9
     */
    public static Split load(Path dir) {
        return load(dir, Integer.MAX_VALUE, Integer.MAX_VALUE);
    }

    /**
     * The first {@code trainLimit} training and {@code testLimit} test images from the files in
     * {@code dir} (all of them when a limit exceeds the count), for quick experiments and tests.
     * Only the rows asked for are read: the headers are checked in full, the data after the last row
     * taken is not.
     *
     * @throws IllegalArgumentException when a limit is negative
     * @throws UncheckedIOException when the files are missing or unreadable; see {@link #load(Path)}
     * @throws DataFormatException when a file is not valid; see {@link #load(Path)}
     */
    public static Split load(Path dir, int trainLimit, int testLimit) {
        if (trainLimit < 0 || testLimit < 0) {
            throw new IllegalArgumentException("fashion-mnist: the limits must be 0 or more, got trainLimit "
                    + trainLimit + " and testLimit " + testLimit);
        }
        List<Path> files = new ArrayList<>();
        for (String base : FILES) {
            Path file = file(dir, base);
            if (file == null) {
                throw notInstalled(dir, base);
            }
            files.add(file);
        }
        return new Split(part("fashion-mnist-train", files.get(0), files.get(1), trainLimit),
                part("fashion-mnist-test", files.get(2), files.get(3), testLimit));
    }

    /** One part: the images and labels files, checked against each other, the first {@code limit} rows. */
    private static Dataset part(String name, Path imagesFile, Path labelsFile, int limit) {
        try (IdxReader images = open(imagesFile); IdxReader labels = open(labelsFile)) {
            int[] shape = images.dims();
            if (images.type() != IdxReader.Type.UNSIGNED_BYTE) {
                throw images.error("holds " + images.type() + " values; Fashion-MNIST images are unsigned bytes (0x08)");
            }
            if (shape.length != 3 || shape[1] != SIDE || shape[2] != SIDE) {
                throw images.error("has shape " + Arrays.toString(shape) + "; Fashion-MNIST images have shape [n, 28,"
                        + " 28]");
            }
            if (labels.type() != IdxReader.Type.UNSIGNED_BYTE) {
                throw labels.error("holds " + labels.type() + " values; Fashion-MNIST labels are unsigned bytes (0x08)");
            }
            if (labels.dims().length != 1) {
                throw labels.error("has shape " + Arrays.toString(labels.dims()) + "; Fashion-MNIST labels have shape"
                        + " [n]");
            }
            if (labels.numel() != shape[0]) {
                throw labels.error("holds " + labels.numel() + " labels, but " + imagesFile.getFileName() + " holds "
                        + shape[0] + " images");
            }
            int n = Math.min(limit, shape[0]);
            double[] x = values(images, imagesFile, 255.0, (long) n * PIXELS);
            double[] y = values(labels, labelsFile, 1.0, n);
            for (int i = 0; i < n; i++) {
                if (y[i] >= CLASS_NAMES.size()) {
                    throw labels.error("label " + i + " " + labels.at(labels.headerBytes() + (long) i) + " is "
                            + (int) y[i] + ", not a class 0 to " + (CLASS_NAMES.size() - 1));
                }
            }
            return new Dataset(name, PIXEL_NAMES, "label", Tensor.wrap(x, Shape.of(n, PIXELS)),
                    Tensor.wrap(y, Shape.of(n)), CLASS_NAMES);
        } catch (IOException e) {
            // Only close() gets here; reads are mapped to the file they read.
            throw new UncheckedIOException(Messages.capped("cannot read " + imagesFile.getParent() + ": "
                    + e.getMessage()), e);
        }
    }

    /** The file's header read and checked; the stream stays open in the reader. */
    private static IdxReader open(Path file) {
        InputStream in = Inputs.open(file);
        try {
            return IdxReader.open(in, file.toString(), Files.size(file));
        } catch (IOException e) {
            try {
                in.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw Inputs.failure(file, e.getMessage(), e);
        }
    }

    private static double[] values(IdxReader reader, Path file, double divisor, long limit) {
        try {
            return reader.values(divisor, limit);
        } catch (IOException e) {
            throw Inputs.failure(file, e.getMessage(), e);
        }
    }

    /** {@code dir/base.gz}, else {@code dir/base}, when it is a file (readable or not: reading says); else null. */
    private static Path file(Path dir, String base) {
        for (Path candidate : List.of(dir.resolve(base + ".gz"), dir.resolve(base))) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static UncheckedIOException notInstalled(Path dir, String base) {
        boolean noDir = !Files.isDirectory(dir);
        String message = "Fashion-MNIST is not installed in " + dir
                + (noDir ? "" : " (" + base + ".gz is missing)")
                + "; install it with: sudo apt-get install dataset-fashion-mnist (Debian/Ubuntu), or download the four"
                + " files from https://github.com/zalandoresearch/fashion-mnist into that directory";
        return new UncheckedIOException(Messages.capped(message),
                new NoSuchFileException(noDir ? dir.toString() : dir.resolve(base + ".gz").toString()));
    }

    private static List<String> pixelNames() {
        List<String> names = new ArrayList<>(PIXELS);
        for (int r = 0; r < SIDE; r++) {
            for (int c = 0; c < SIDE; c++) {
                names.add("pixel_" + r + "_" + c);
            }
        }
        return List.copyOf(names);
    }
}
