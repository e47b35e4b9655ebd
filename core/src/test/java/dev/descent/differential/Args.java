package dev.descent.differential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.descent.Tensor;
import dev.descent.nn.Loss;
import java.util.ArrayList;
import java.util.List;

/** The named arguments of a fixture case ({@code "args"}, a layer's {@code "config"}, an optimizer's {@code "options"}). */
final class Args {
    private final JsonNode node;

    Args(JsonNode node) {
        this.node = node == null ? NullNode.getInstance() : node;
    }

    private JsonNode get(String key) {
        JsonNode v = node.get(key);
        if (v == null) {
            throw new IllegalStateException("fixture argument '" + key + "' is missing in " + node);
        }
        return v;
    }

    int i(String key) {
        return get(key).asInt();
    }

    double d(String key) {
        return Fixtures.number(get(key));
    }

    /** The boolean under {@code key}, or {@code otherwise} when the fixture does not set it. */
    boolean b(String key, boolean otherwise) {
        return json().has(key) ? b(key) : otherwise;
    }

    boolean b(String key) {
        return get(key).asBoolean();
    }

    String s(String key) {
        return get(key).asText();
    }

    int[] ints(String key) {
        return Fixtures.ints(get(key));
    }

    /** The ints under {@code key}, or null where the fixture has JSON null. */
    int[] intsOrNull(String key) {
        return get(key).isNull() ? null : ints(key);
    }

    double[] doubles(String key) {
        return Fixtures.values(get(key));
    }

    double[][] rows(String key) {
        JsonNode rows = get(key);
        double[][] out = new double[rows.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = Fixtures.values(rows.get(i));
        }
        return out;
    }

    double[][][] blocks(String key) {
        JsonNode blocks = get(key);
        double[][][] out = new double[blocks.size()][][];
        for (int b = 0; b < out.length; b++) {
            JsonNode rows = blocks.get(b);
            out[b] = new double[rows.size()][];
            for (int i = 0; i < rows.size(); i++) {
                out[b][i] = Fixtures.values(rows.get(i));
            }
        }
        return out;
    }

    /** A tensor argument ({@code {"shape", "data"}}), or null for JSON null. */
    Tensor tensor(String key) {
        return Fixtures.tensor(get(key));
    }

    /** {@code "MEAN"}, {@code "SUM"} or {@code "NONE"}. */
    Loss.Reduction reduction() {
        return Loss.Reduction.valueOf(s("reduction"));
    }

    Args child(String key) {
        return new Args(get(key));
    }

    List<JsonNode> list(String key) {
        List<JsonNode> out = new ArrayList<>();
        get(key).forEach(out::add);
        return out;
    }

    JsonNode json() {
        return node;
    }
}
