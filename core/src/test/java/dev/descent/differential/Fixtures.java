package dev.descent.differential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.DType;
import dev.descent.Shape;
import dev.descent.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads the PyTorch reference fixtures written by {@code core/src/test/python/pytorch_reference.py}
 * from {@code /differential/<name>.json} (or {@code .json.gz}) on the test class path.
 *
 * <p>A tensor is {@code {"shape": [2, 3], "data": [...]}} with the values row-major; NaN and the
 * infinities are the strings {@code "NaN"}, {@code "Infinity"} and {@code "-Infinity"}.
 */
final class Fixtures {
    static final String[] FILES = {"ops", "losses", "layers", "optimizers", "schedules", "convolution"};
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The type the fixture's tensors are made in on this thread: float64, or float32 for the float32 runs. */
    private static final ThreadLocal<DType> TYPE = ThreadLocal.withInitial(() -> DType.FLOAT64);

    private Fixtures() {
    }

    /** Runs {@code action} with every fixture tensor made in {@code dtype}. */
    static void inType(DType dtype, Runnable action) {
        TYPE.set(dtype);
        try {
            action.run();
        } finally {
            TYPE.remove();
        }
    }

    /** The type fixture tensors are made in on this thread. */
    static DType dtype() {
        return TYPE.get();
    }

    /** One fixture file: the document (torch version, tolerance) and its cases. */
    record File(String name, JsonNode document) {
        List<JsonNode> cases() {
            List<JsonNode> out = new ArrayList<>();
            document.get("cases").forEach(out::add);
            return out;
        }

        double rtol() {
            return document.get("tolerance").get("rtol").asDouble();
        }

        double atol() {
            return document.get("tolerance").get("atol").asDouble();
        }
    }

    static File load(String name) {
        try (InputStream plain = Fixtures.class.getResourceAsStream("/differential/" + name + ".json")) {
            if (plain != null) {
                return new File(name, JSON.readTree(plain));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (InputStream gz = Fixtures.class.getResourceAsStream("/differential/" + name + ".json.gz")) {
            if (gz == null) {
                throw new IllegalStateException("no fixture /differential/" + name + ".json(.gz) on the class path;"
                        + " regenerate with core/src/test/python/pytorch_reference.py");
            }
            return new File(name, JSON.readTree(new GZIPInputStream(gz)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fixture tensor as a new leaf (not requiring grad) in this thread's {@link #dtype()}; null for JSON null. */
    static Tensor tensor(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        return Tensor.of(values(node.get("data")), Shape.of(ints(node.get("shape")))).to(TYPE.get());
    }

    static int[] shape(JsonNode tensor) {
        return ints(tensor.get("shape"));
    }

    static double[] values(JsonNode array) {
        double[] v = new double[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = number(array.get(i));
        }
        return v;
    }

    static double number(JsonNode n) {
        if (n.isTextual()) {
            return switch (n.asText()) {
                case "NaN" -> Double.NaN;
                case "Infinity" -> Double.POSITIVE_INFINITY;
                case "-Infinity" -> Double.NEGATIVE_INFINITY;
                default -> throw new IllegalArgumentException("not a number in a fixture: " + n);
            };
        }
        return n.asDouble();
    }

    static int[] ints(JsonNode array) {
        int[] v = new int[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = array.get(i).asInt();
        }
        return v;
    }
}
