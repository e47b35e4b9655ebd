package dev.descent.cli;

import dev.descent.NoGrad;
import dev.descent.Scope;
import dev.descent.Tensor;
import dev.descent.io.ModelFileException;
import dev.descent.io.SavedModel;
import java.util.ArrayList;
import java.util.List;

/** A saved model rebuilt for prediction: standardise the features, then apply the model. */
final class Predictor {
    private final SavedModel saved;

    private Predictor(SavedModel saved) {
        this.saved = saved;
    }

    static Predictor of(SavedModel saved) {
        if (!saved.architecture().equals("linear")) {
            throw new ModelFileException("model", "unknown architecture '" + saved.architecture() + "'");
        }
        Tensor w = saved.weights().get("weight");
        Tensor b = saved.weights().get("bias");
        int f = saved.features().size();
        if (w == null || b == null || !w.shape().equals(dev.descent.Shape.of(1, f)) || b.numel() != 1) {
            throw new ModelFileException("model", "a linear model needs 'weight' of shape [1, " + f + "] and 'bias' of"
                    + " shape [1]");
        }
        return new Predictor(saved);
    }

    Tensor predict(Tensor x) {
        Tensor z = saved.scaler() == null ? x : saved.scaler().transform(x);
        try (Scope s = NoGrad.scope()) {
            return z.matmul(saved.weights().get("weight").transpose()).add(saved.weights().get("bias")).reshape(-1);
        }
    }

    boolean isClassifier() {
        return !saved.classes().isEmpty();
    }

    String outputName() {
        return saved.target() + "_predicted";
    }

    List<Object> jsonValues(Tensor predictions) {
        List<Object> out = new ArrayList<>();
        for (double v : predictions.toArray()) {
            out.add(v);
        }
        return out;
    }
}
