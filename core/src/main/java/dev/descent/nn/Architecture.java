package dev.descent.nn;

import dev.descent.InvalidSettingException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * A network described in one line, the way a run's configuration names it and a model file's
 * metadata stores it: {@code linear} (one {@link Linear} layer: linear or logistic regression) or
 * {@code mlp:H1,H2,...} (a multilayer perceptron with hidden widths H1, H2, ...).
 *
 * <p>An MLP is Linear → activation → [Dropout] for each hidden layer, then a final Linear:
 * {@code [batch, in] → [batch, out]}. Dropout layers appear only when p &gt; 0, so without dropout
 * the parameter names are PyTorch's {@code 0.weight, 0.bias, 2.weight, ...}.
 * {@link #describe()} writes every setting ({@code mlp:64,64;in=64;out=10;activation=relu;dropout=0.0})
 * and {@link #parse(String)} reads it back, so a saved model can be rebuilt from its file.
 *
 * <pre>{@code
 * jshell> var arch = Architecture.of("mlp:64,64", 64, 10).withDropout(0.1);
 * jshell> arch.describe()
 * $2 ==> "mlp:64,64;in=64;out=10;activation=relu;dropout=0.1"
 * jshell> Sequential model = arch.build(new Random(0));
 * jshell> Architecture.parse(arch.describe()).equals(arch)
 * $4 ==> true
 * }</pre>
 *
 * @param hidden the widths of the hidden layers; empty for {@code linear}
 * @param inputs the number of input features, at least 1
 * @param outputs the number of outputs (classes, or regression targets), at least 1
 * @param activation the nonlinearity after each hidden layer
 * @param dropout the dropout probability after each hidden activation, in [0, 1)
 */
public record Architecture(List<Integer> hidden, int inputs, int outputs, Activation activation, double dropout) {
    private static final String EXAMPLES = "expected linear or mlp:H1,H2,... such as mlp:64,64";

    /** The nonlinearity between hidden layers, by name. */
    public enum Activation {
        RELU, TANH, SIGMOID;

        /** The lower-case name used in descriptions: {@code relu}, {@code tanh}, {@code sigmoid}. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** A new module computing this activation. */
        public Module create() {
            return switch (this) {
                case RELU -> new ReLU();
                case TANH -> new Tanh();
                case SIGMOID -> new Sigmoid();
            };
        }

        /**
         * The activation called {@code name} (relu, tanh or sigmoid; any case).
         *
         * @throws IllegalArgumentException naming the accepted values
         */
        public static Activation parse(String name) {
            for (Activation a : values()) {
                if (a.key().equalsIgnoreCase(name == null ? "" : name.strip())) {
                    return a;
                }
            }
            throw new InvalidSettingException("activation", name, "unknown; expected relu, tanh or sigmoid");
        }
    }

    /** Checks every value and copies the widths. */
    public Architecture {
        if (hidden == null || activation == null) {
            throw new IllegalArgumentException("Architecture: hidden widths and activation must not be null");
        }
        hidden = List.copyOf(hidden);
        for (int width : hidden) {
            if (width < 1) {
                throw new IllegalArgumentException("Architecture: hidden widths must be at least 1, got " + hidden);
            }
        }
        if (inputs < 1 || outputs < 1) {
            throw new IllegalArgumentException("Architecture: inputs and outputs must be at least 1, got " + inputs
                    + " and " + outputs);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("Architecture: dropout must be in [0, 1), got " + dropout);
        }
    }

    /**
     * The network {@code model} ({@code linear} or {@code mlp:H1,H2,...}) from {@code inputs}
     * features to {@code outputs}, with ReLU and no dropout.
     *
     * @throws InvalidSettingException such as {@code model mlp:64,x: 'x' is not a layer width; ...}
     */
    public static Architecture of(String model, int inputs, int outputs) {
        return new Architecture(widths(model), inputs, outputs, Activation.RELU, 0.0);
    }

    /**
     * Reads a {@link #describe()} string back:
     * {@code mlp:H1,...;in=N;out=K;activation=relu|tanh|sigmoid;dropout=p}. {@code in} and
     * {@code out} are required; activation and dropout default to relu and 0.
     *
     * @throws IllegalArgumentException naming the part that is wrong
     */
    public static Architecture parse(String description) {
        String where = "architecture " + description;
        if (description == null || description.isBlank()) {
            throw new IllegalArgumentException("architecture: the description is empty; " + EXAMPLES
                    + ";in=N;out=K");
        }
        String[] parts = description.strip().split(";", -1);
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            String key = eq < 0 ? parts[i].strip() : parts[i].substring(0, eq).strip();
            if (eq < 0 || !List.of("in", "out", "activation", "dropout").contains(key)) {
                throw new IllegalArgumentException(where + ": '" + parts[i] + "' is not a setting; expected"
                        + " in=N, out=K, activation=relu|tanh|sigmoid or dropout=p");
            }
            if (settings.put(key, parts[i].substring(eq + 1).strip()) != null) {
                throw new IllegalArgumentException(where + ": '" + key + "' is given twice");
            }
        }
        List<Integer> hidden;
        try {
            hidden = widths(parts[0]);
        } catch (InvalidSettingException e) {
            throw new IllegalArgumentException(where + ": " + e.problem(), e);
        }
        int in = size(where, "in", settings.get("in"));
        int out = size(where, "out", settings.get("out"));
        Activation activation = Activation.RELU;
        if (settings.containsKey("activation")) {
            try {
                activation = Activation.parse(settings.get("activation"));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": unknown activation '" + settings.get("activation")
                        + "'; expected relu, tanh or sigmoid", e);
            }
        }
        double p = settings.containsKey("dropout") ? probability(where, settings.get("dropout")) : 0.0;
        return new Architecture(hidden, in, out, activation, p);
    }

    /** This network with another activation between hidden layers. */
    public Architecture withActivation(Activation value) {
        return new Architecture(hidden, inputs, outputs, value, dropout);
    }

    /** This network with dropout probability {@code p} after each hidden activation. */
    public Architecture withDropout(double p) {
        return new Architecture(hidden, inputs, outputs, activation, p);
    }

    /** The number of weights and biases, Σ (in + 1)·out over the layers; a long, as a description may ask for billions. */
    public long parameterCount() {
        long count = 0;
        long width = inputs;
        for (int h : hidden) {
            count += (width + 1) * h;
            width = h;
        }
        return count + (width + 1) * outputs;
    }

    /** True for {@code linear}: no hidden layers. */
    public boolean isLinear() {
        return hidden.isEmpty();
    }

    /** A new network with weights drawn from {@code rng}: the same seed gives the same network. */
    public Sequential build(Random rng) {
        List<Module> layers = new ArrayList<>();
        int width = inputs;
        for (int h : hidden) {
            layers.add(new Linear(width, h, rng));
            layers.add(activation.create());
            if (dropout > 0) {
                layers.add(new Dropout(dropout, rng));
            }
            width = h;
        }
        layers.add(new Linear(width, outputs, rng));
        return new Sequential(layers.toArray(new Module[0]));
    }

    /** The model part of the description: {@code linear} or {@code mlp:64,64}. */
    public String model() {
        if (hidden.isEmpty()) {
            return "linear";
        }
        StringBuilder sb = new StringBuilder("mlp:");
        for (int i = 0; i < hidden.size(); i++) {
            sb.append(i > 0 ? "," : "").append(hidden.get(i));
        }
        return sb.toString();
    }

    /** Every setting in one line that {@link #parse(String)} reads back to an equal architecture. */
    public String describe() {
        return model() + ";in=" + inputs + ";out=" + outputs + ";activation=" + activation.key() + ";dropout=" + dropout;
    }

    @Override
    public String toString() {
        return describe();
    }

    private static List<Integer> widths(String model) {
        String m = model == null ? "" : model.strip();
        if (m.equals("linear")) {
            return List.of();
        }
        if (m.startsWith("linear:")) {
            throw new InvalidSettingException("model", model, "linear takes no layer widths; use mlp:"
                    + m.substring("linear:".length()) + " for hidden layers");
        }
        if (!m.startsWith("mlp")) {
            throw new InvalidSettingException("model", model, "unknown model '" + m + "'; " + EXAMPLES);
        }
        if (!m.startsWith("mlp:") || m.length() == "mlp:".length()) {
            throw new InvalidSettingException("model", model, "mlp needs at least one hidden layer width, such as mlp:64,64");
        }
        List<Integer> widths = new ArrayList<>();
        for (String w : m.substring("mlp:".length()).split(",", -1)) {
            int width = positive(w.strip());
            if (width < 1) {
                throw new InvalidSettingException("model", model, "'" + w.strip() + "' is not a layer width;"
                        + " widths are whole numbers from 1, such as mlp:64,64");
            }
            widths.add(width);
        }
        return widths;
    }

    private static int size(String where, String key, String value) {
        if (value == null) {
            throw new IllegalArgumentException(where + ": '" + key + "=N' is missing; a description names the"
                    + " number of inputs and outputs, such as mlp:64;in=64;out=10");
        }
        int n = positive(value);
        if (n < 1) {
            throw new IllegalArgumentException(where + ": " + key + "=" + value + " is not a number of features;"
                    + " expected a whole number from 1");
        }
        return n;
    }

    private static double probability(String where, String value) {
        double p;
        try {
            p = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            p = Double.NaN;
        }
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException(where + ": dropout=" + value + " is not a probability in [0, 1)");
        }
        return p;
    }

    // A positive int written with digits only, or -1.
    private static int positive(String s) {
        if (s.isEmpty() || s.length() > 9 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        int n = Integer.parseInt(s);
        return n >= 1 ? n : -1;
    }
}
