package dev.descent.expr;

import dev.descent.Tensor;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/** The functions an expression can call, each one tensor operation of one argument. */
enum Builtin {
    EXP(Tensor::exp),
    LOG(Tensor::log),
    SQRT(Tensor::sqrt),
    ABS(Tensor::abs),
    SIN(Tensor::sin),
    COS(Tensor::cos),
    TAN(Tensor::tan),
    TANH(Tensor::tanh),
    SIGMOID(Tensor::sigmoid),
    RELU(Tensor::relu);

    @SuppressWarnings("ImmutableEnumChecker") // a method reference to a stateless Tensor operation
    private final UnaryOperator<Tensor> op;

    Builtin(UnaryOperator<Tensor> op) {
        this.op = op;
    }

    /** The name written in expressions: {@code sin}. */
    String spelling() {
        return name().toLowerCase(Locale.ROOT);
    }

    Tensor apply(Tensor x) {
        return op.apply(x);
    }

    /** The function spelled {@code name}, if there is one (names are case-sensitive). */
    static Optional<Builtin> named(String name) {
        for (Builtin b : values()) {
            if (b.spelling().equals(name)) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }

    /** All spellings, comma-separated, for error messages. */
    static String spellings() {
        return Arrays.stream(values()).map(Builtin::spelling).collect(Collectors.joining(", "));
    }
}
