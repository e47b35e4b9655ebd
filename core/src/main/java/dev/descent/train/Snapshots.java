package dev.descent.train;

import dev.descent.Tensor;
import dev.descent.nn.Module;
import dev.descent.optim.Divergence;
import dev.descent.optim.DivergenceException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Copies of a model's state, and the checks made before trusting one. */
final class Snapshots {
    private Snapshots() {
    }

    /** A copy of {@code model.stateDict()} that later training does not change. */
    static Map<String, Tensor> of(Module model) {
        Map<String, Tensor> out = new LinkedHashMap<>(model.stateDict());
        out.replaceAll((name, t) -> t.detach().clone());
        return out;
    }

    /** Throws a {@link DivergenceException} when a parameter holds NaN or infinity after {@code epoch}. */
    static void requireFinite(Module model, int epoch, double learningRate, String hint) {
        for (Map.Entry<String, Tensor> e : model.namedParameters().entrySet()) {
            Tensor p = e.getValue();
            if (!p.allFinite()) {
                throw new DivergenceException("fit: parameter " + e.getKey() + " became NaN or infinite at epoch " + epoch
                        + " (learning rate " + Divergence.number(learningRate) + "); " + hint, epoch, hint);
            }
        }
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
