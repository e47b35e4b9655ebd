package dev.descent.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.Tensor;
import dev.descent.data.Preprocessor;
import dev.descent.data.StandardScaler;
import dev.descent.data.Table;
import dev.descent.train.FitResult;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained model as one safetensors file: the weights under PyTorch's names ({@code 0.weight},
 * {@code 0.bias}, {@code 2.weight}, ...) so {@code torch}'s {@code load_state_dict} accepts them,
 * and in the header's {@code __metadata__} what is needed to predict with it again: the model's
 * architecture, the feature names, the target, the class names, the standardisation and the
 * preprocessing of the input columns (text columns' categories, fill values for missing cells).
 *
 * <p>Metadata values are strings, as the format requires; lists are JSON arrays in those strings,
 * with every double written so that it reads back bit for bit.
 *
 * @param architecture {@code linear}, or a network description such as {@code mlp:64,64;...}
 * @param features     the model's inputs, in order: a number column's name, or {@code column=category}
 *                     for each category of a text column
 * @param classes      class names for a classifier, empty for regression
 * @param scaler       the standardisation applied to the features, or null for none
 * @param preprocessor how the input columns become the features; null means the features are the
 *                     columns themselves, numbers without missing cells
 */
public record SavedModel(String architecture, List<String> features, String target, List<String> classes,
                         StandardScaler scaler, Map<String, Tensor> weights, Preprocessor preprocessor) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "descent.";

    /**
     * Copies the lists; a null preprocessor becomes the identity on the features.
     *
     * @throws IllegalArgumentException when the preprocessor's outputs are not the features
     */
    public SavedModel {
        features = List.copyOf(features);
        classes = List.copyOf(classes);
        weights = new LinkedHashMap<>(weights);
        preprocessor = preprocessor == null ? Preprocessor.identity(features) : preprocessor;
        if (!preprocessor.outputNames().equals(features)) {
            throw new IllegalArgumentException("the preprocessing makes the inputs " + preprocessor.outputNames()
                    + ", not the model's features " + features);
        }
    }

    /** A model whose features are number columns used as they are. */
    public SavedModel(String architecture, List<String> features, String target, List<String> classes,
                      StandardScaler scaler, Map<String, Tensor> weights) {
        this(architecture, features, target, classes, scaler, weights, null);
    }

    /**
     * The model a fit trained, ready to save: its architecture's description, PyTorch's parameter
     * names, the class names, the preprocessing and the scaler.
     *
     * <pre>{@code
     * FitResult fit = Fitting.fit(config, table, List.of(), Fitting.Hooks.NONE);
     * SavedModel.of(fit).save(Path.of("model.safetensors"));
     * }</pre>
     */
    public static SavedModel of(FitResult fit) {
        return new SavedModel(fit.architecture().describe(), fit.preprocessor().outputNames(), fit.config().target(),
                fit.classes(), fit.scaler(), fit.model().stateDict(), fit.preprocessor());
    }

    /** The input columns a table must have to predict with this model, in order. */
    public List<String> columns() {
        return preprocessor.columns();
    }

    /**
     * Writes the model atomically: an existing file is replaced only once the new one is complete
     * (see {@link AtomicFiles#write}).
     *
     * @throws IllegalArgumentException when a weight is NaN or infinite (the message names the
     *     tensor); nothing is written then
     * @throws java.io.UncheckedIOException when the file cannot be written
     */
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
        if (!preprocessor.isIdentity()) {
            meta.put(PREFIX + "preprocessing", preprocessing(preprocessor));
        }
        String bad = nonFinite(weights);
        if (bad != null) {
            throw new IllegalArgumentException(Messages.capped("save: " + bad + "; not writing " + file));
        }
        Safetensors.write(file, weights, meta);
    }

    /**
     * Reads a model written by {@link #save}; a path that is not a regular file (a pipe,
     * {@code /dev/stdin}) is read as a stream.
     *
     * @throws ModelFileException when the file is not a Descent model, is damaged, or holds NaN or
     *     infinite weights (the message names the tensor: such a model predicts NaN for every row)
     * @throws java.io.UncheckedIOException when the file cannot be read
     */
    public static SavedModel load(Path file) {
        return of(Safetensors.read(file), file.toString());
    }

    /**
     * Reads a model written by {@link #save} from a stream (standard input), front to back; the
     * stream is not closed.
     *
     * @param name names the stream in messages, e.g. {@code "-"}
     * @throws ModelFileException as {@link #load(Path)}
     * @throws java.io.UncheckedIOException when the stream cannot be read
     */
    public static SavedModel load(InputStream in, String name) {
        return of(Safetensors.read(in, name), name);
    }

    private static SavedModel of(SafetensorsFile f, String file) {
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
                throw new ModelFileException(file, "the scaler has " + mean.length + " means and " + scale.length
                        + " scales for " + features.size() + " features");
            }
            scaler = StandardScaler.of(Tensor.of(mean), Tensor.of(scale));
        }
        String bad = nonFinite(f.tensors());
        if (bad != null) {
            throw new ModelFileException(file, bad + "; a model with such weights predicts NaN for every row (was it"
                    + " trained until it diverged?)");
        }
        Preprocessor preprocessor = meta.containsKey(PREFIX + "preprocessing")
                ? preprocessing(file, meta.get(PREFIX + "preprocessing")) : null;
        try {
            return new SavedModel(architecture, features, target, classes, scaler, f.tensors(), preprocessor);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(file, e.getMessage(), e);
        }
    }

    /** The preprocessing as JSON: {"unknown": "error", "columns": [{"name": ..., "categories": [...], "fill": ...}]}. */
    private static String preprocessing(Preprocessor p) {
        List<Map<String, Object>> columns = new java.util.ArrayList<>();
        for (Preprocessor.ColumnPlan c : p.plans()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", c.name());
            m.put("categories", c.categories());
            m.put("fill", c.fill());
            columns.add(m);
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("unknown", p.unknown().key());
        o.put("columns", columns);
        return json(o);
    }

    private static Preprocessor preprocessing(String file, String text) {
        String key = "metadata '" + PREFIX + "preprocessing'";
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ModelFileException(file, key + " is not JSON", e);
        }
        JsonNode columns = root.path("columns");
        if (!columns.isArray() || columns.isEmpty() || !root.path("unknown").isTextual()) {
            throw new ModelFileException(file, key + " has no unknown setting or no columns");
        }
        List<Preprocessor.ColumnPlan> plans = new java.util.ArrayList<>();
        for (JsonNode c : columns) {
            String name = c.path("name").isTextual() ? c.get("name").asText() : null;
            JsonNode categories = c.path("categories");
            JsonNode fill = c.path("fill");
            if (name == null || !(categories.isNull() || categories.isArray()) || !(fill.isNull() || fill.isTextual())) {
                throw new ModelFileException(file, key + " holds a column without a name, categories or fill");
            }
            List<String> names = null;
            if (categories.isArray()) {
                names = new java.util.ArrayList<>();
                for (JsonNode v : categories) {
                    if (!v.isTextual()) {
                        throw new ModelFileException(file, key + ": column " + Table.quoted(name) + " has a category that"
                                + " is not text");
                    }
                    names.add(v.asText());
                }
            }
            String filled = fill.isNull() ? null : fill.asText();
            if (names == null && filled != null && !Numbers.isNumber(filled)) {
                throw new ModelFileException(file, key + " fills column " + Table.quoted(name) + " with '"
                        + Messages.shown(filled) + "', not a number");
            }
            plans.add(new Preprocessor.ColumnPlan(name, names, filled));
        }
        try {
            return Preprocessor.of(plans, Preprocessor.Unknown.parse(root.get("unknown").asText()));
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(file, key + ": " + e.getMessage(), e);
        }
    }

    /** "tensor 'w' holds 3 NaN or infinite values of 12" for the first such tensor, or null when all are finite. */
    private static String nonFinite(Map<String, Tensor> weights) {
        for (Map.Entry<String, Tensor> e : weights.entrySet()) {
            if (!e.getValue().allFinite()) {
                long count = Arrays.stream(e.getValue().toArray()).filter(v -> !Double.isFinite(v)).count();
                return "tensor '" + Messages.shown(e.getKey()) + "' holds " + count + " NaN or infinite value"
                        + (count == 1 ? "" : "s") + " of " + e.getValue().numel();
            }
        }
        return null;
    }

    private static String required(String file, Map<String, String> meta, String key) {
        String v = meta.get(PREFIX + key);
        if (v == null) {
            throw new ModelFileException(file, "not a Descent model (its metadata has no '" + PREFIX + key + "')");
        }
        return v;
    }

    private static List<String> strings(String file, String text, String key) {
        try {
            return JSON.readValue(text, new TypeReference<List<String>>() { });
        } catch (JsonProcessingException e) {
            throw new ModelFileException(file, "metadata '" + PREFIX + key + "' is not a list of names");
        }
    }

    private static double[] doubles(String file, String text, String key) {
        double[] values;
        try {
            values = JSON.readValue(text, double[].class);
        } catch (JsonProcessingException e) {
            throw new ModelFileException(file, "metadata '" + PREFIX + key + "' is not a list of numbers");
        }
        for (double v : values) {
            if (!Double.isFinite(v)) {
                throw new ModelFileException(file, "metadata '" + PREFIX + key + "' holds " + v + ", not a finite number");
            }
        }
        return values;
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode model metadata", e);
        }
    }
}
