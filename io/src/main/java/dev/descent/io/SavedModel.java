package dev.descent.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.Tensor;
import dev.descent.data.StandardScaler;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained model as one safetensors file: the weights under PyTorch's names ({@code 0.weight},
 * {@code 0.bias}, {@code 2.weight}, ...) so {@code torch}'s {@code load_state_dict} accepts them,
 * and in the header's {@code __metadata__} what is needed to predict with it again: the model's
 * architecture, the feature names, the target, the class names and the standardisation.
 *
 * <p>Metadata values are strings, as the format requires; lists are JSON arrays in those strings,
 * with every double written so that it reads back bit for bit.
 *
 * @param architecture {@code linear}, or a network description such as {@code mlp:64,64;...}
 * @param scaler       the standardisation applied to the features, or null for none
 * @param classes      class names for a classifier, empty for regression
 */
public record SavedModel(String architecture, List<String> features, String target, List<String> classes,
                         StandardScaler scaler, Map<String, Tensor> weights) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "descent.";

    public SavedModel {
        features = List.copyOf(features);
        classes = List.copyOf(classes);
        weights = new LinkedHashMap<>(weights);
    }

    /** Writes the model atomically: an existing file is replaced only once the new one is complete. */
    public void save(Path file) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(PREFIX + "format", "1");
        meta.put(PREFIX + "architecture", architecture);
        meta.put(PREFIX + "features", json(features));
        meta.put(PREFIX + "target", target);
        meta.put(PREFIX + "classes", json(classes));
        if (scaler != null) {
            meta.put(PREFIX + "scaler.mean", json(scaler.mean().toArray()));
            meta.put(PREFIX + "scaler.scale", json(scaler.scale().toArray()));
        }
        for (Tensor t : weights.values()) {
            if (!t.allFinite()) {
                throw new IllegalArgumentException("save: the model has NaN or infinite weights; not writing " + file);
            }
        }
        Safetensors.write(file, weights, meta);
    }

    /** Reads a model written by {@link #save}; anything missing or malformed is a {@link ModelFileException}. */
    public static SavedModel load(Path file) {
        SafetensorsFile f = Safetensors.read(file);
        Map<String, String> meta = f.metadata();
        String architecture = required(file, meta, "architecture");
        List<String> features = strings(file, required(file, meta, "features"), "features");
        String target = required(file, meta, "target");
        List<String> classes = strings(file, meta.getOrDefault(PREFIX + "classes", "[]"), "classes");
        StandardScaler scaler = null;
        if (meta.containsKey(PREFIX + "scaler.mean")) {
            double[] mean = doubles(file, required(file, meta, "scaler.mean"), "scaler.mean");
            double[] scale = doubles(file, required(file, meta, "scaler.scale"), "scaler.scale");
            if (mean.length != features.size() || scale.length != features.size()) {
                throw new ModelFileException(file.toString(), "the scaler has " + mean.length + " means and " + scale.length
                        + " scales for " + features.size() + " features");
            }
            scaler = StandardScaler.of(Tensor.of(mean), Tensor.of(scale));
        }
        return new SavedModel(architecture, features, target, classes, scaler, f.tensors());
    }

    private static String required(Path file, Map<String, String> meta, String key) {
        String v = meta.get(PREFIX + key);
        if (v == null) {
            throw new ModelFileException(file.toString(), "not a Descent model (its metadata has no '" + PREFIX + key + "')");
        }
        return v;
    }

    private static List<String> strings(Path file, String text, String key) {
        try {
            return JSON.readValue(text, new TypeReference<List<String>>() { });
        } catch (JsonProcessingException e) {
            throw new ModelFileException(file.toString(), "metadata '" + PREFIX + key + "' is not a list of names");
        }
    }

    private static double[] doubles(Path file, String text, String key) {
        try {
            return JSON.readValue(text, double[].class);
        } catch (JsonProcessingException e) {
            throw new ModelFileException(file.toString(), "metadata '" + PREFIX + key + "' is not a list of numbers");
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode model metadata", e);
        }
    }
}
