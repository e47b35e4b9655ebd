package dev.descent.train;

import dev.descent.InvalidSettingException;
import dev.descent.Tensor;
import dev.descent.nn.Loss;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.BinaryOperator;

/**
 * The losses a run described in text can train with, by name; the loss decides the task: the
 * regression losses compare numbers, cross-entropy picks one of K classes from K logits, bce one of
 * two classes from one logit.
 */
public enum LossFunction {
    /** Mean squared error, {@link Loss#mse}. */
    MSE("mse", Task.REGRESSION, Loss::mse),
    /** Mean absolute error, {@link Loss#l1}. */
    L1("l1", Task.REGRESSION, Loss::l1),
    /** Huber loss with δ = 1, {@link Loss#huber}. */
    HUBER("huber", Task.REGRESSION, Loss::huber),
    /** Cross-entropy of K logits, {@link Loss#crossEntropy}. */
    CROSS_ENTROPY("cross-entropy", Task.CLASSIFICATION, Loss::crossEntropy),
    /** Binary cross-entropy of one logit, {@link Loss#binaryCrossEntropyWithLogits}. */
    BCE("bce", Task.BINARY_CLASSIFICATION, Loss::binaryCrossEntropyWithLogits);

    private final String key;
    private final Task task;
    @SuppressWarnings("ImmutableEnumChecker") // a method reference to a static, stateless loss
    private final BinaryOperator<Tensor> function;

    LossFunction(String key, Task task, BinaryOperator<Tensor> function) {
        this.key = key;
        this.task = task;
        this.function = function;
    }

    /** The name: {@code mse}, {@code l1}, {@code huber}, {@code cross-entropy} or {@code bce}. */
    public String key() {
        return key;
    }

    /** What a model trained with this loss predicts. */
    public Task task() {
        return task;
    }

    /** True for cross-entropy and bce. */
    public boolean isClassification() {
        return task != Task.REGRESSION;
    }

    /** The loss as {@code (output, target) → scalar}, for a {@link Trainer}. */
    public BinaryOperator<Tensor> function() {
        return function;
    }

    /**
     * The loss called {@code name} (any case).
     *
     * @throws InvalidSettingException naming the accepted names
     */
    public static LossFunction parse(String name) {
        String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        for (LossFunction f : values()) {
            if (f.key.equals(n)) {
                return f;
            }
        }
        List<String> keys = Arrays.stream(values()).map(LossFunction::key).toList();
        throw new InvalidSettingException("loss", name, "unknown; expected " + String.join(", ", keys.subList(0, keys.size() - 1))
                + " or " + keys.get(keys.size() - 1));
    }
}
