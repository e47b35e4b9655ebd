package dev.descent.optim;

import dev.descent.InvalidSettingException;
import dev.descent.Tensor;
import java.util.List;
import java.util.Locale;

/**
 * An optimizer by name with its learning rate and weight decay, so that a run described in text
 * (a configuration, a checkpoint, the command line) can build it: {@code sgd}, {@code momentum}
 * (SGD with momentum 0.9), {@code adam}, {@code adamw}, {@code rmsprop} or {@code adagrad}, each
 * with PyTorch's other defaults.
 *
 * <pre>{@code
 * jshell> var adam = OptimizerSpec.of("adam").create(model.parameters());   // lr 1e-3, as torch.optim.Adam
 * jshell> OptimizerSpec.of("sgd").withLearningRate(0.1).create(List.of(w, b));
 * }</pre>
 *
 * @param name one of {@link #NAMES}
 * @param learningRate γ, finite and not negative
 * @param weightDecay λ, finite and not negative: an L2 penalty, decoupled for adamw
 */
public record OptimizerSpec(String name, double learningRate, double weightDecay) {
    /** The names {@link #of(String)} accepts. */
    public static final List<String> NAMES = List.of("sgd", "momentum", "adam", "adamw", "rmsprop", "adagrad");

    /**
     * Checks every value; the name is matched without regard to case.
     *
     * @throws InvalidSettingException for an unknown name, or a negative or non-finite rate or decay
     */
    public OptimizerSpec {
        name = canonical(name);
        if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
            throw new InvalidSettingException("learningRate", learningRate, "must be finite and not negative, such as 0.01");
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new InvalidSettingException("weightDecay", weightDecay, "must be finite and not negative; 0 turns it off");
        }
    }

    /**
     * The optimizer {@code name} with its default learning rate and weight decay (see
     * {@link #defaultLearningRate(String)}).
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public static OptimizerSpec of(String name) {
        return new OptimizerSpec(name, defaultLearningRate(name), defaultWeightDecay(name));
    }

    /**
     * PyTorch's default learning rate of the optimizer: 10⁻³ for adam and adamw, 10⁻² for rmsprop
     * and adagrad; SGD has none in PyTorch, and 10⁻² here (the course's rate).
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public static double defaultLearningRate(String name) {
        return switch (canonical(name)) {
            case "adam", "adamw" -> 1e-3;
            default -> 1e-2;
        };
    }

    /**
     * PyTorch's default weight decay: 10⁻² for adamw (decoupled), 0 for the others.
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public static double defaultWeightDecay(String name) {
        return canonical(name).equals("adamw") ? 1e-2 : 0.0;
    }

    /** This optimizer with another learning rate. */
    public OptimizerSpec withLearningRate(double value) {
        return new OptimizerSpec(name, value, weightDecay);
    }

    /** This optimizer with another weight decay. */
    public OptimizerSpec withWeightDecay(double value) {
        return new OptimizerSpec(name, learningRate, value);
    }

    /**
     * A new optimizer of this kind over {@code params}.
     *
     * @throws IllegalArgumentException for bad parameters (see {@link Optimizer})
     */
    public Optimizer create(List<Tensor> params) {
        return switch (name) {
            case "sgd" -> new Sgd(params, Sgd.Options.lr(learningRate).withWeightDecay(weightDecay));
            case "momentum" -> new Sgd(params, Sgd.Options.lr(learningRate).withMomentum(0.9).withWeightDecay(weightDecay));
            case "adam" -> new Adam(params, Adam.Options.lr(learningRate).withWeightDecay(weightDecay));
            case "adamw" -> new AdamW(params, AdamW.lr(learningRate).withWeightDecay(weightDecay));
            case "rmsprop" -> new RmsProp(params, RmsProp.Options.lr(learningRate).withWeightDecay(weightDecay));
            case "adagrad" -> new Adagrad(params, Adagrad.Options.lr(learningRate).withWeightDecay(weightDecay));
            default -> throw new AssertionError(name);
        };
    }

    private static String canonical(String name) {
        String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        if (!NAMES.contains(n)) {
            throw new InvalidSettingException("optimizer", name, "unknown; expected "
                    + String.join(", ", NAMES.subList(0, NAMES.size() - 1)) + " or " + NAMES.get(NAMES.size() - 1));
        }
        return n;
    }
}
