package dev.descent.io;

import dev.descent.DType;
import dev.descent.NoGrad;
import dev.descent.Scope;
import dev.descent.Tensor;
import dev.descent.data.Preprocessor;
import dev.descent.data.Table;
import dev.descent.nn.Architecture;
import dev.descent.nn.Sequential;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A saved model rebuilt for prediction, like loading a PyTorch {@code state_dict} into a freshly
 * built module and calling {@code eval()}: the network from its architecture's description and its
 * weights, the standardisation of the features, and what its outputs mean (a number, one of K
 * classes from K logits, or one of two classes from one logit).
 *
 * <pre>{@code
 * Predictor p = Predictor.load(Path.of("iris.safetensors"));
 * Table rows = Csv.readTable(Path.of("new.csv"), p.columns(), p.textColumns());
 * Tensor logits = p.outputs(rows);         // preprocessing and standardisation as in training
 * List<String> species = p.labels(logits);
 * }</pre>
 */
public final class Predictor {
    /** What the model's outputs are. */
    public enum Kind {
        /** One number per row. */
        REGRESSION,
        /** One logit per class; the largest wins. */
        CLASSES,
        /** One logit for two classes; positive means the second. */
        BINARY
    }

    private final SavedModel saved;
    private final Sequential model;
    private final Kind kind;

    private Predictor(SavedModel saved, Sequential model, Kind kind) {
        this.saved = saved;
        this.model = model;
        this.kind = kind;
    }

    /**
     * Loads the model file {@code file} and rebuilds it.
     *
     * @throws ModelFileException when the file is not a readable model, or its architecture, weights,
     *     features or classes do not fit together
     */
    public static Predictor load(Path file) {
        return of(SavedModel.load(file), file.toString());
    }

    /**
     * Rebuilds a model (loaded, or made in memory); errors name it "the model".
     *
     * @throws ModelFileException when the architecture is unknown or broken, or the weights, features
     *     or classes do not fit it
     */
    public static Predictor of(SavedModel saved) {
        return of(saved, "the model");
    }

    /** Rebuilds {@code saved}, naming it {@code where} in errors. */
    static Predictor of(SavedModel saved, String where) {
        int f = saved.features().size();
        Map<String, Tensor> weights = saved.weights();
        Architecture arch;
        if (saved.architecture().equals("linear")) {
            // Files from before architectures were described: one layer named weight and bias.
            arch = Architecture.of("linear", Math.max(f, 1), 1);
            Map<String, Tensor> renamed = new LinkedHashMap<>();
            weights.forEach((name, t) -> renamed.put(name.equals("weight") || name.equals("bias") ? "0." + name : name, t));
            weights = renamed;
        } else {
            try {
                arch = Architecture.parse(saved.architecture());
            } catch (IllegalArgumentException e) {
                throw new ModelFileException(where, "cannot rebuild the model: " + e.getMessage()
                        + " (is it a model from a newer Descent?)", e);
            }
        }
        if (arch.inputs() != f) {
            throw new ModelFileException(where, "the architecture " + arch.describe() + " takes " + arch.inputs()
                    + " inputs but the model names " + f + " features");
        }
        Kind kind = kind(where, arch, saved.classes());
        requireShapes(where, arch, weights);
        Sequential model = arch.build(new Random(0));
        // A model trained in float32 predicts in float32, as it was trained.
        if (weights.values().stream().allMatch(t -> t.dtype() == DType.FLOAT32)) {
            model.to(DType.FLOAT32);
        }
        try {
            model.loadStateDict(weights);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(where, "the weights do not fit the architecture " + arch.describe() + ": "
                    + e.getMessage(), e);
        }
        model.eval();
        return new Predictor(saved, model, kind);
    }

    private static Kind kind(String where, Architecture arch, List<String> classes) {
        if (classes.isEmpty()) {
            if (arch.outputs() != 1) {
                throw new ModelFileException(where, "the architecture " + arch.describe() + " has " + arch.outputs()
                        + " outputs but the model names no classes");
            }
            return Kind.REGRESSION;
        }
        if (arch.outputs() == classes.size()) {
            return Kind.CLASSES;
        }
        if (arch.outputs() == 1 && classes.size() == 2) {
            return Kind.BINARY;
        }
        throw new ModelFileException(where, "the architecture " + arch.describe() + " has " + arch.outputs()
                + " outputs for " + classes.size() + " classes");
    }

    /**
     * Checks the file's tensors against the shapes the architecture implies before anything is
     * built, so that a hostile description (a layer a billion wide) allocates nothing.
     */
    private static void requireShapes(String where, Architecture arch, Map<String, Tensor> weights) {
        Map<String, int[]> expected = arch.parameterShapes();
        List<String> problems = new ArrayList<>();
        expected.forEach((name, dims) -> {
            Tensor t = weights.get(name);
            if (t == null) {
                problems.add("'" + name + "' is missing");
            } else if (!Arrays.equals(t.shape().dims(), dims)) {
                problems.add("'" + name + "' has shape " + t.shape() + ", expected " + Arrays.toString(dims));
            }
        });
        for (String name : weights.keySet()) {
            if (!expected.containsKey(name)) {
                problems.add("'" + name + "' is not part of it");
            }
        }
        if (!problems.isEmpty()) {
            throw new ModelFileException(where, "the weights do not fit the architecture " + arch.describe() + ": "
                    + String.join(", ", problems));
        }
    }

    /**
     * The model's outputs for every row of {@code table}, which must hold the model's
     * {@link #columns()}: the saved preprocessing (categories one-hot, missing cells filled) and
     * standardisation are applied here.
     *
     * @throws IllegalArgumentException when a column is absent, or holds text where the model was
     *     trained on numbers
     * @throws dev.descent.InvalidSettingException when a cell is missing without a fill, or a
     *     category was not seen in training and unknown categories are an error (naming where)
     */
    public Tensor outputs(Table table) {
        List<String> absent = columns().stream().filter(c -> !table.has(c)).toList();
        if (!absent.isEmpty()) {
            throw new IllegalArgumentException(table.source() + " has no column" + (absent.size() == 1 ? " " : "s ")
                    + String.join(", ", absent.stream().map(Table::quoted).toList()) + ", which the model needs (it takes " + Table.quotedList(columns()) + ")");
        }
        return outputs(saved.preprocessor().transform(table));
    }

    /** The input columns the model needs, in order. */
    public List<String> columns() {
        return saved.columns();
    }

    /** The columns the model reads as text (categories): read them as text, so {@code 007} stays {@code 007}. */
    public Set<String> textColumns() {
        Set<String> out = new LinkedHashSet<>();
        for (Preprocessor.ColumnPlan p : saved.preprocessor().plans()) {
            if (!p.numeric()) {
                out.add(p.name());
            }
        }
        return out;
    }

    /** The model's outputs for the rows {@code x}: features {@code [n, f]} after the preprocessing; the saved standardisation is applied here. */
    public Tensor outputs(Tensor x) {
        Tensor z = (saved.scaler() == null ? x : saved.scaler().transform(x)).to(dtype());
        Scope s = NoGrad.scope();
        try (s) {
            return model.forward(z);
        }
    }

    /** The element type the model computes in: float32 for a model trained and saved in float32. */
    public DType dtype() {
        return model.parameters().isEmpty() ? DType.FLOAT64 : model.parameters().get(0).dtype();
    }

    /** The model file's contents: features, target, classes, scaler and weights. */
    public SavedModel saved() {
        return saved;
    }

    /** What the outputs are. */
    public Kind kind() {
        return kind;
    }

    /** True for the two kinds of classifier. */
    public boolean isClassifier() {
        return kind != Kind.REGRESSION;
    }

    /** The class names, index i for class i; empty for regression. */
    public List<String> classes() {
        return saved.classes();
    }

    /** The column name of the predictions: the target's name with {@code _predicted}. */
    public String outputName() {
        return saved.target() + "_predicted";
    }

    /** The network itself, in evaluation mode (for its {@code forward}, its state dict, or to train further). */
    public Sequential module() {
        return model;
    }

    /** One number per row (regression). */
    public double[] values(Tensor outputs) {
        return outputs.reshape(-1).toArray();
    }

    /** The predicted class index of each row: the largest logit, or a positive one for two classes from one logit. */
    public int[] classIndices(Tensor outputs) {
        int n = outputs.shape().size(0);
        int[] out = new int[n];
        double[] v = outputs.toArray();
        if (kind == Kind.BINARY) {
            for (int i = 0; i < n; i++) {
                out[i] = v[i] > 0 ? 1 : 0;
            }
            return out;
        }
        int k = outputs.shape().size(1);
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int c = 1; c < k; c++) {
                if (v[i * k + c] > v[i * k + best]) {
                    best = c;
                }
            }
            out[i] = best;
        }
        return out;
    }

    /** The predicted class name of each row. */
    public List<String> labels(Tensor outputs) {
        List<String> names = new ArrayList<>();
        for (int c : classIndices(outputs)) {
            names.add(saved.classes().get(c));
        }
        return names;
    }

    /** Each row's probability of each class: softmax of the logits, or σ(logit) for the second of two classes. */
    public double[][] probabilities(Tensor outputs) {
        if (kind == Kind.BINARY) {
            double[] p = outputs.sigmoid().reshape(-1).toArray();
            double[][] out = new double[p.length][];
            for (int i = 0; i < p.length; i++) {
                out[i] = new double[] {1 - p[i], p[i]};
            }
            return out;
        }
        return outputs.softmax(1).toArray2d();
    }
}
