package dev.descent.train;

import dev.descent.Tensor;
import dev.descent.nn.Module;
import java.util.LinkedHashMap;
import java.util.Map;

/** Copies of a model's state, and the check made before loading one. */
final class Snapshots {
    private Snapshots() {
    }

    /** A copy of {@code model.stateDict()} that later training does not change. */
    static Map<String, Tensor> of(Module model) {
        Map<String, Tensor> out = new LinkedHashMap<>(model.stateDict());
        out.replaceAll((name, t) -> t.detach().clone());
        return out;
    }

    /** Throws unless {@code given} has exactly the names and shapes of {@code own}. */
    static void requireSameKeys(Map<String, Tensor> own, Map<String, Tensor> given) {
        if (!own.keySet().equals(given.keySet())) {
            throw new IllegalArgumentException("the best weights have the entries " + given.keySet()
                    + " but the model has " + own.keySet());
        }
        own.forEach((name, t) -> {
            if (!t.shape().equals(given.get(name).shape())) {
                throw new IllegalArgumentException("the best weights' " + name + " has shape " + given.get(name).shape()
                        + " but the model's has shape " + t.shape());
            }
        });
    }
}
