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
 * metadata stores it: {@code linear} (one {@link Linear} layer: linear or logistic regression),
 * {@code mlp:H1,H2,...} (a multilayer perceptron with hidden widths H1, H2, ...) or
 * {@code cnn:C1,C2,...|H1,...} (a convolutional network).
 *
 * <p>An MLP is Linear → activation → [Dropout] for each hidden layer, then a final Linear:
 * {@code [batch, in] → [batch, out]}. Dropout layers appear only when p &gt; 0, so without dropout
 * the parameter names are PyTorch's {@code 0.weight, 0.bias, 2.weight, ...}.
 *
 * <p>A CNN reads each row of {@code in} features as an image {@code C×H×W} ({@link Unflatten}; a
 * square {@code 1×s×s} when {@code in = s²}, else given as {@code cnn(3x32x32):...}). Each
 * convolution {@code C} or {@code CkK} is a block Conv2d(K×K, C channels, zero padding ⌊K/2⌋, K = 3
 * when not given) → activation → MaxPool2d(2), which halves the height and width; then Flatten and
 * the hidden widths after {@code |}, as an MLP's. LeNet-5 on 28×28 images is
 * {@code cnn:6k5,16k5|120,84}.
 * {@link #describe()} writes every setting ({@code mlp:64,64;in=64;out=10;activation=relu;dropout=0.0})
 * and {@link #parse(String)} reads it back, so a saved model can be rebuilt from its file.
 *
 * <pre>{@code
 * jshell> Architecture.of("cnn:16,32|64", 64, 10).describe()       // the 8×8 digits as images
 * $1 ==> "cnn(1x8x8):16,32|64;in=64;out=10;activation=relu;dropout=0.0"
 * jshell> var arch = Architecture.of("mlp:64,64", 64, 10).withDropout(0.1);
 * jshell> arch.describe()
 * $2 ==> "mlp:64,64;in=64;out=10;activation=relu;dropout=0.1"
 * jshell> Sequential model = arch.build(new Random(0));
 * jshell> Architecture.parse(arch.describe()).equals(arch)
 * $4 ==> true
 * }</pre>
 *
 * @param convolutions the convolution blocks; empty for {@code linear} and {@code mlp}
 * @param image the shape each row is read as, for a CNN; null otherwise
 * @param hidden the widths of the hidden fully connected layers; empty for {@code linear}
 * @param inputs the number of input features, at least 1
 * @param outputs the number of outputs (classes, or regression targets), at least 1
 * @param activation the nonlinearity after each hidden layer
 * @param dropout the dropout probability after each hidden activation, in [0, 1)
 */
public record Architecture(List<Conv> convolutions, Image image, List<Integer> hidden, int inputs, int outputs,
        Activation activation, double dropout) {
    private static final String EXAMPLES = "expected linear, mlp:H1,H2,... such as mlp:64,64, or cnn:C1,C2,...|H1,..."
            + " such as cnn:16,32|64";

    /**
     * One convolution block: Conv2d with {@code channels} output channels and a {@code kernel×kernel}
     * window, zero padding ⌊kernel/2⌋, then the activation and a 2×2 max pooling.
     *
     * @param channels output channels, at least 1
     * @param kernel   the window's side, at least 1
     */
    public record Conv(int channels, int kernel) {
        /**
         * Checks the values.
         *
         * @throws IllegalArgumentException for a value below 1
         */
        public Conv {
            if (channels < 1 || kernel < 1) {
                throw new IllegalArgumentException("Architecture: convolution channels and kernel must be at least 1, got "
                        + channels + "k" + kernel);
            }
        }

        /** The side of the block's output for an input side {@code size}: the padded convolution, halved by the pooling. */
        public int outputSize(int size) {
            // padding ⌊k/2⌋ keeps the size for an odd k and adds one for an even k
            return (size + 2 * (kernel / 2) - kernel + 1) / 2;
        }

        @Override
        public String toString() {
            return kernel == 3 ? Integer.toString(channels) : channels + "k" + kernel;
        }
    }

    /**
     * The shape of one image, {@code channels×height×width}.
     *
     * @param channels colour channels (1 for grey), at least 1
     * @param height   rows of pixels, at least 1
     * @param width    columns of pixels, at least 1
     */
    public record Image(int channels, int height, int width) {
        /**
         * Checks the values.
         *
         * @throws IllegalArgumentException for a value below 1
         */
        public Image {
            if (channels < 1 || height < 1 || width < 1) {
                throw new IllegalArgumentException("Architecture: image sizes must be at least 1, got " + channels + "x"
                        + height + "x" + width);
            }
        }

        /** The number of values, channels·height·width. */
        public long size() {
            return (long) channels * height * width;
        }

        @Override
        public String toString() {
            return channels + "x" + height + "x" + width;
        }
    }

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

    /**
     * Checks every value and copies the lists.
     *
     * @throws IllegalArgumentException for a value out of range, or an image that does not hold the
     *                                  inputs or is too small for the convolutions' poolings
     */
    public Architecture {
        if (convolutions == null || hidden == null || activation == null) {
            throw new IllegalArgumentException("Architecture: convolutions, hidden widths and activation must not be null");
        }
        convolutions = List.copyOf(convolutions);
        hidden = List.copyOf(hidden);
        if (!convolutions.isEmpty() && image == null) {
            throw new IllegalArgumentException("Architecture: a convolutional network needs the image shape");
        }
        if (image != null && image.size() != inputs) {
            throw new IllegalArgumentException("Architecture: an image of " + image + " holds " + image.size()
                    + " values, but there are " + inputs + " inputs");
        }
        if (image != null && convolutions.isEmpty()) {
            throw new IllegalArgumentException("Architecture: an image shape needs at least one convolution");
        }
        if (image != null) {
            int h = image.height();
            int w = image.width();
            for (Conv c : convolutions) {
                h = c.outputSize(h);
                w = c.outputSize(w);
            }
            if (h < 1 || w < 1) {
                throw new IllegalArgumentException("Architecture: an image of " + image + " is too small for "
                        + convolutions.size() + " convolution blocks, as each one's 2×2 pooling halves it; use fewer");
            }
        }
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
        Parsed p = Parsed.of(model);
        Image image = p.image;
        if (!p.convolutions.isEmpty() && image == null) {
            int side = (int) Math.round(Math.sqrt(inputs));
            if (side * side != inputs) {
                throw new InvalidSettingException("model", model, "the " + inputs + " features are not a square image;"
                        + " give the image's shape, such as cnn(3x32x32):" + model.strip().substring("cnn:".length()));
            }
            image = new Image(1, side, side);
        }
        if (image != null && image.size() != inputs) {
            throw new InvalidSettingException("model", model, "an image of " + image + " holds " + image.size()
                    + " values, but the data has " + inputs + " features");
        }
        try {
            return new Architecture(p.convolutions, image, p.hidden, inputs, outputs, Activation.RELU, 0.0);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException("model", model, e.getMessage().replace("Architecture: ", ""));
        }
    }

    /**
     * Whether {@code model} is a description {@link #of} accepts, up to the data's sizes; and whether
     * it has hidden layers (an MLP's or a CNN's fully connected ones) that dropout can act on.
     *
     * @throws InvalidSettingException such as {@code model mlp:64,x: 'x' is not a layer width; ...}
     */
    public static boolean hasHiddenLayers(String model) {
        return !Parsed.of(model).hidden.isEmpty();
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
            throw new IllegalArgumentException("architecture: the description is empty; expected a model and its sizes,"
                    + " such as mlp:64;in=64;out=10");
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
        Parsed model;
        try {
            model = Parsed.of(parts[0]);
        } catch (InvalidSettingException e) {
            throw new IllegalArgumentException(where + ": " + e.problem(), e);
        }
        if (!model.convolutions.isEmpty() && model.image == null) {
            throw new IllegalArgumentException(where + ": a convolutional network needs its image shape, such as"
                    + " cnn(1x28x28):...");
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
        return new Architecture(model.convolutions, model.image, model.hidden, in, out, activation, p);
    }

    /** This network with another activation between hidden layers. */
    public Architecture withActivation(Activation value) {
        return new Architecture(convolutions, image, hidden, inputs, outputs, value, dropout);
    }

    /** This network with dropout probability {@code p} after each hidden activation. */
    public Architecture withDropout(double p) {
        return new Architecture(convolutions, image, hidden, inputs, outputs, activation, p);
    }

    /**
     * The shape of every parameter, by its name in the built network's state dict
     * ({@code 0.weight → [64, 13]}), in order; computed without building anything, so that a hostile
     * description can be checked before memory is spent on it.
     */
    public Map<String, int[]> parameterShapes() {
        Map<String, int[]> shapes = new LinkedHashMap<>();
        new Walk(this) {
            @Override
            void conv(int index, int in, Conv c) {
                shapes.put(index + ".weight", new int[] {c.channels(), in, c.kernel(), c.kernel()});
                shapes.put(index + ".bias", new int[] {c.channels()});
            }

            @Override
            void linear(int index, int in, int out) {
                shapes.put(index + ".weight", new int[] {out, in});
                shapes.put(index + ".bias", new int[] {out});
            }
        }.run();
        return shapes;
    }

    /** The number of weights and biases; a long, as a description may ask for billions. */
    public long parameterCount() {
        long count = 0;
        for (int[] dims : parameterShapes().values()) {
            long n = 1;
            for (int d : dims) {
                n *= d;
            }
            count += n;
        }
        return count;
    }

    /**
     * The values each layer makes for one sample, summed over the layers: what a forward pass holds
     * per sample for the backward pass (before pooling and activation; an estimate of memory).
     */
    public long activationsPerSample() {
        long[] total = {0};
        new Walk(this) {
            @Override
            void conv(int index, int in, Conv c) {
                total[0] += (long) c.channels() * height * width;
            }

            @Override
            void linear(int index, int in, int out) {
                total[0] += out;
            }
        }.run();
        return total[0];
    }

    /**
     * The sizes from the inputs to the outputs, e.g. {@code 64 → 64 → 10} for {@code mlp:64}, or
     * {@code 1×8×8 → 16×4×4 → 32×2×2 → 64 → 10} for {@code cnn:16,32|64} (each block's output after pooling).
     */
    public String sizes() {
        StringBuilder sb = new StringBuilder();
        if (image == null) {
            sb.append(inputs);
        } else {
            sb.append(image.channels()).append('×').append(image.height()).append('×').append(image.width());
            int h = image.height();
            int w = image.width();
            for (Conv c : convolutions) {
                h = c.outputSize(h);
                w = c.outputSize(w);
                sb.append(" → ").append(c.channels()).append('×').append(h).append('×').append(w);
            }
        }
        for (int width : hidden) {
            sb.append(" → ").append(width);
        }
        return sb.append(" → ").append(outputs).toString();
    }

    /** True for {@code linear}: no hidden layers and no convolutions. */
    public boolean isLinear() {
        return hidden.isEmpty() && convolutions.isEmpty();
    }

    /** A new network with weights drawn from {@code rng}: the same seed gives the same network. */
    public Sequential build(Random rng) {
        List<Module> layers = new ArrayList<>();
        new Walk(this) {
            @Override
            void unflatten() {
                layers.add(new Unflatten(1, image.channels(), image.height(), image.width()));
            }

            @Override
            void conv(int index, int in, Conv c) {
                layers.add(new Conv2d(in, c.channels(), c.kernel(), Conv2d.Options.DEFAULT.withPadding(c.kernel() / 2),
                        rng));
                layers.add(activation.create());
                layers.add(new MaxPool2d(2));
            }

            @Override
            void flatten() {
                layers.add(new Flatten());
            }

            @Override
            void linear(int index, int in, int out) {
                layers.add(new Linear(in, out, rng));
            }

            @Override
            void hiddenEnd() {
                layers.add(activation.create());
                if (dropout > 0) {
                    layers.add(new Dropout(dropout, rng));
                }
            }
        }.run();
        return new Sequential(layers.toArray(new Module[0]));
    }

    /** The model part of the description: {@code linear}, {@code mlp:64,64} or {@code cnn(1x8x8):16,32|64}. */
    public String model() {
        if (isLinear()) {
            return "linear";
        }
        StringBuilder sb = new StringBuilder();
        if (convolutions.isEmpty()) {
            sb.append("mlp:");
        } else {
            sb.append("cnn(").append(image).append("):");
            for (int i = 0; i < convolutions.size(); i++) {
                sb.append(i > 0 ? "," : "").append(convolutions.get(i));
            }
            sb.append(hidden.isEmpty() ? "" : "|");
        }
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

    /**
     * Steps through the layers of a network in order, with their sizes: what {@link #build},
     * {@link #parameterShapes} and {@link #activationsPerSample} each turn into something.
     */
    private abstract static class Walk {
        private final Architecture arch;
        /** The image's height and width after the blocks so far. */
        int height;
        int width;

        Walk(Architecture arch) {
            this.arch = arch;
        }

        /** Before the convolutions: the rows become images of {@link Architecture#image()}. */
        void unflatten() {
        }

        abstract void conv(int index, int in, Conv c);

        void flatten() {
        }

        abstract void linear(int index, int in, int out);

        /** After a hidden fully connected layer: its activation and dropout. */
        void hiddenEnd() {
        }

        final void run() {
            int index = 0;
            long features = arch.inputs;
            if (arch.image != null) {
                unflatten();
                index++;
                height = arch.image.height();
                width = arch.image.width();
                int channels = arch.image.channels();
                for (Conv c : arch.convolutions) {
                    conv(index, channels, c);
                    index += 3;
                    height = c.outputSize(height);
                    width = c.outputSize(width);
                    channels = c.channels();
                }
                flatten();
                index++;
                features = (long) channels * height * width;
            }
            for (int h : arch.hidden) {
                linear(index, (int) features, h);
                hiddenEnd();
                index += arch.dropout > 0 ? 3 : 2;
                features = h;
            }
            linear(index, (int) features, arch.outputs);
        }
    }

    /** The model part of a description, read: convolutions, image (when given) and hidden widths. */
    private record Parsed(List<Conv> convolutions, Image image, List<Integer> hidden) {
        static Parsed of(String model) {
            String m = model == null ? "" : model.strip();
            if (m.equals("linear")) {
                return new Parsed(List.of(), null, List.of());
            }
            if (m.startsWith("linear:")) {
                throw new InvalidSettingException("model", model, "linear takes no layer widths; use mlp:"
                        + m.substring("linear:".length()) + " for hidden layers");
            }
            if (m.startsWith("cnn")) {
                return cnn(model, m);
            }
            if (!m.startsWith("mlp")) {
                throw new InvalidSettingException("model", model, "unknown model '" + m + "'; " + EXAMPLES);
            }
            if (!m.startsWith("mlp:") || m.length() == "mlp:".length()) {
                throw new InvalidSettingException("model", model, "mlp needs at least one hidden layer width, such as"
                        + " mlp:64,64");
            }
            return new Parsed(List.of(), null, widths(model, m.substring("mlp:".length())));
        }

        private static Parsed cnn(String model, String m) {
            int colon = m.indexOf(':');
            String head = colon < 0 ? m : m.substring(0, colon);
            Image image = null;
            if (!head.equals("cnn")) {
                if (!head.startsWith("cnn(") || !head.endsWith(")")) {
                    throw new InvalidSettingException("model", model, "expected cnn:C1,C2,... or cnn(CxHxW):C1,C2,...,"
                            + " such as cnn:16,32|64 or cnn(3x32x32):32,64");
                }
                image = image(model, head.substring(4, head.length() - 1));
            }
            String body = colon < 0 ? "" : m.substring(colon + 1);
            int bar = body.indexOf('|');
            String convs = bar < 0 ? body : body.substring(0, bar);
            if (convs.isBlank()) {
                throw new InvalidSettingException("model", model, "cnn needs at least one convolution, such as cnn:16,32"
                        + " (16 then 32 channels of 3×3) or cnn:6k5,16k5|120,84 (5×5 kernels, then hidden layers)");
            }
            List<Conv> list = new ArrayList<>();
            for (String token : convs.split(",", -1)) {
                String t = token.strip();
                int k = t.indexOf('k');
                int channels = positive(k < 0 ? t : t.substring(0, k));
                int kernel = k < 0 ? 3 : positive(t.substring(k + 1));
                if (channels < 1 || kernel < 1) {
                    throw new InvalidSettingException("model", model, "'" + t + "' is not a convolution; write its"
                            + " channels, and kernel size after k when it is not 3: 32 or 16k5");
                }
                list.add(new Conv(channels, kernel));
            }
            List<Integer> hidden = bar < 0 ? List.of() : widths(model, body.substring(bar + 1));
            return new Parsed(list, image, hidden);
        }

        private static Image image(String model, String text) {
            String[] parts = text.split("x", -1);
            if (parts.length == 3) {
                int c = positive(parts[0].strip());
                int h = positive(parts[1].strip());
                int w = positive(parts[2].strip());
                if (c > 0 && h > 0 && w > 0) {
                    return new Image(c, h, w);
                }
            }
            throw new InvalidSettingException("model", model, "'" + text + "' is not an image shape; write"
                    + " channels x height x width, such as cnn(3x32x32):32,64");
        }

        private static List<Integer> widths(String model, String list) {
            List<Integer> widths = new ArrayList<>();
            for (String w : list.split(",", -1)) {
                int width = positive(w.strip());
                if (width < 1) {
                    throw new InvalidSettingException("model", model, "'" + w.strip() + "' is not a layer width;"
                            + " widths are whole numbers from 1, such as mlp:64,64");
                }
                widths.add(width);
            }
            return widths;
        }
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
