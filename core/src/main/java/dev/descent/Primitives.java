package dev.descent;

import java.util.Set;

/**
 * The names of the primitive operations: the only ones with gradient rules of their own. Every
 * other tensor operation is composed from these. Kept small on purpose (tinygrad's lesson);
 * the gradcheck catalogue in the tests must cover each one.
 */
final class Primitives {
    static final Set<String> ALL = Set.of(
            "add", "sub", "mul", "div", "neg", "pow", "maximum", "minimum", "where",
            "exp", "log", "log1p", "sqrt", "sin", "cos", "tanh", "sigmoid",
            "sum", "max",
            "reshape", "permute", "expand", "slice", "cat", "indexSelect", "indexAdd", "gather", "scatterAdd",
            "matmul");

    private Primitives() {
    }
}
