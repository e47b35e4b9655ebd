package dev.descent.train;

import dev.descent.NoGrad;
import dev.descent.Scope;
import dev.descent.Tensor;
import dev.descent.nn.Module;
import dev.descent.optim.Divergence;
import dev.descent.optim.DivergenceException;
import dev.descent.optim.Optimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The state an epoch starts from, kept so that the epoch can be undone when it diverges or a
 * listener stops it: the model's parameters and buffers, the optimizer's state, the random state
 * and the data's epoch. The model's tensors are copied into copies allocated once per run, and
 * the model's structure is walked once: a fresh snapshot every epoch (name maps, new tensors, a
 * walk over the modules) cost as much as the arithmetic of a Boston epoch. It assumes what a fit
 * assumes throughout: the model keeps its tensors during the run (their values change in place).
 */
final class Rollback {
    private final Module model;
    private final Optimizer optimizer;
    private final GradientSource source;
    /** The model's parameters by name, for the check that they stayed finite. */
    private final Map<String, Tensor> parameters;
    /** The model's parameters and buffers (views of its storage) and their copies. */
    private final List<Tensor> live;
    private final List<Tensor> saved = new ArrayList<>();
    private final boolean stochastic;
    private Map<String, Tensor> optimizerState;
    private Map<String, Tensor> random;
    private int epoch;

    Rollback(Module model, Optimizer optimizer, GradientSource source) {
        this.model = model;
        this.optimizer = optimizer;
        this.source = source;
        parameters = model.namedParameters();
        live = List.copyOf(model.stateDict().values());
        for (Tensor t : live) {
            saved.add(t.clone());
        }
        stochastic = !RandomStates.save(model).isEmpty();
    }

    /** Keeps the current state as the one to return to. */
    void save() {
        copy(live, saved);
        optimizerState = optimizer.stateDict();
        random = stochastic ? RandomStates.save(model) : null;
        epoch = source.epoch();
    }

    /** Returns the model and the optimizer to the saved state, with no gradients. */
    void restoreWeights() {
        copy(saved, live);
        optimizer.loadStateDict(optimizerState);
        optimizer.zeroGrad();
    }

    /** Returns everything to the saved state: the weights, the random state and the data's epoch. */
    void restoreAll() {
        restoreWeights();
        if (stochastic) {
            RandomStates.load(model, random);
        }
        source.setEpoch(epoch);
    }

    /** Throws a {@link DivergenceException} when a parameter holds NaN or infinity after {@code epoch}. */
    void requireFinite(int epoch, double learningRate, String hint) {
        for (Map.Entry<String, Tensor> e : parameters.entrySet()) {
            if (!e.getValue().allFinite()) {
                throw new DivergenceException("fit: parameter " + e.getKey() + " became NaN or infinite at epoch " + epoch
                        + " (learning rate " + Divergence.number(learningRate) + "); " + hint, epoch, hint);
            }
        }
    }

    private static void copy(List<Tensor> from, List<Tensor> to) {
        Scope scope = NoGrad.scope();
        try (scope) {
            for (int i = 0; i < from.size(); i++) {
                to.get(i).copyInPlace(from.get(i));
            }
        }
    }
}
