package dev.descent.optim;

import dev.descent.NoGrad;
import dev.descent.Scope;
import dev.descent.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The common part of every optimizer, like {@code torch.optim.Optimizer}: it holds the parameters,
 * the learning rate and each parameter's state (step count and buffers such as Adam's moments).
 *
 * <p>The training loop of the course is forward, {@code loss.backward()}, {@link #step()},
 * {@link #zeroGrad()}:
 * <pre>{@code
 * var optimizer = new Sgd(List.of(w, b), Sgd.Options.lr(0.01).withMomentum(0.9));
 * for (int epoch = 0; epoch < 100; epoch++) {
 *     Tensor loss = x.matmul(w).add(b).sub(y).square().mean();
 *     loss.backward();
 *     optimizer.step();
 *     optimizer.zeroGrad();
 * }
 * }</pre>
 *
 * <p>Updates run in place under {@link NoGrad#scope()} and are written as whole-tensor operations
 * ({@code m.mulInPlace(β₁).addInPlace(g, 1 − β₁)}): each is one tight kernel loop over a
 * {@code double[]}, with no per-element calls and no copies out through {@code toArray()}; the
 * scaled add {@code addInPlace(g, α)} needs no temporary {@code α·g}. A step costs a handful of
 * passes over each parameter (Adam about a dozen); fused per-optimizer kernels would need access
 * to tensor storage, which this layer deliberately does not have. Parameters whose gradient is null (not reached by the last backward) are skipped:
 * their step count and buffers do not change, as in PyTorch.
 *
 * <p>{@link #stateDict()} and {@link #loadStateDict(Map)} save and restore everything a step
 * depends on besides the options given at construction: the learning rate (which schedules
 * change), each parameter's step count and buffers. A restored optimizer continues bit for bit.
 */
public abstract class Optimizer {
    private static final String LR = "lr";
    private static final String STEP = "step";

    private final String name;
    private final List<Tensor> params;
    private final long[] steps;
    private final List<Map<String, Tensor>> buffers;
    private final boolean maximize;
    private double learningRate;

    /**
     * Checks the parameters and learning rate; subclasses pass their name (used in every error).
     * With {@code maximize}, every step follows −∇ (PyTorch's {@code maximize=True}).
     *
     * @throws IllegalArgumentException for an empty list, a duplicate parameter, a parameter that
     *     does not require grad or is not a leaf, or a learning rate that is negative or not finite
     */
    protected Optimizer(String name, List<Tensor> params, double learningRate, boolean maximize) {
        this.name = name;
        this.maximize = maximize;
        Hyper.learningRate(name, learningRate);
        if (params == null || params.isEmpty()) {
            throw new IllegalArgumentException(name + ": the parameter list is empty; pass the variables to train,"
                    + " e.g. List.of(w, b) or model.parameters()");
        }
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            if (p == null) {
                throw new IllegalArgumentException(name + ": parameter " + i + " is null");
            }
            if (!p.requiresGrad()) {
                throw new IllegalArgumentException(name + ": parameter " + i + " (shape " + p.shape()
                        + ") does not require grad, so it would never change; call requiresGrad(true) on it or leave it out");
            }
            if (!p.isLeaf()) {
                throw new IllegalArgumentException(name + ": parameter " + i + " was made by '" + p.gradFn()
                        + "'; optimizers update variables (leaves): pass the tensor you called requiresGrad(true) on");
            }
            if (!seen.add(p)) {
                throw new IllegalArgumentException(name + ": parameter " + i + " appears more than once in the list;"
                        + " pass each parameter once");
            }
        }
        this.params = List.copyOf(params);
        this.steps = new long[params.size()];
        this.buffers = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            buffers.add(new LinkedHashMap<>());
        }
        this.learningRate = learningRate;
    }

    /** Updates every parameter that has a gradient by one step of this optimizer's rule ({@code optimizer.step()}). */
    public final void step() {
        Scope s = NoGrad.scope();
        try (s) {
            for (int i = 0; i < params.size(); i++) {
                Tensor p = params.get(i);
                Tensor g = p.grad();
                if (g != null) {
                    steps[i]++;
                    update(i, p, maximize ? g.neg() : g, steps[i]);
                }
            }
        }
    }

    /** Clears every parameter's gradient ({@code optimizer.zero_grad()}, which sets them to None). */
    public final void zeroGrad() {
        for (Tensor p : params) {
            p.zeroGrad();
        }
    }

    /** The parameters this optimizer updates, in the order given (unmodifiable). */
    public final List<Tensor> params() {
        return params;
    }

    /** The current learning rate ({@code param_groups[0]["lr"]}). */
    public final double learningRate() {
        return learningRate;
    }

    /**
     * Sets the learning rate used by the next steps; schedules call this once per epoch. Zero is
     * allowed here (a cosine schedule ends at its minimum, which may be 0).
     *
     * @throws IllegalArgumentException when {@code lr} is negative, NaN or infinite
     */
    public final void setLearningRate(double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException(name + ": learning rate must be finite and not negative, got " + lr);
        }
        this.learningRate = lr;
    }

    /** The number of steps parameter {@code index} has taken (steps without a gradient do not count). */
    public final long stepCount(int index) {
        return steps[index];
    }

    /**
     * A copy of the optimizer's state ({@code optimizer.state_dict()}), flattened to names:
     * {@code lr}, then per parameter {@code state.<i>.step} and its buffers, e.g.
     * {@code state.0.exp_avg} (PyTorch's buffer names). Values are new tensors.
     */
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put(LR, Tensor.of(learningRate));
        for (int i = 0; i < params.size(); i++) {
            out.put("state." + i + "." + STEP, Tensor.of((double) steps[i]));
            for (Map.Entry<String, Tensor> e : buffers.get(i).entrySet()) {
                out.put("state." + i + "." + e.getKey(), e.getValue().detach().clone());
            }
        }
        return out;
    }

    /**
     * Restores a state saved by {@link #stateDict()} of an optimizer of the same kind over
     * parameters of the same shapes ({@code optimizer.load_state_dict}). Everything is checked
     * before anything changes; the tensors are copied.
     *
     * @throws IllegalArgumentException naming the offending entry when a name is unknown, a
     *     shape does not match its parameter, or the learning rate or a step count is missing
     */
    public final void loadStateDict(Map<String, Tensor> state) {
        StateDicts.Loaded loaded = StateDicts.parse(name, state, params, stateNames());
        this.learningRate = loaded.learningRate();
        for (int i = 0; i < params.size(); i++) {
            steps[i] = loaded.steps()[i];
            buffers.get(i).clear();
            buffers.get(i).putAll(loaded.buffers().get(i));
        }
    }

    /**
     * Applies the update rule to one parameter, in place; called under {@link NoGrad#scope()} for
     * each parameter with a gradient (already negated when maximizing), after its step count was
     * incremented to {@code step} (1 on the first update).
     */
    protected abstract void update(int index, Tensor param, Tensor grad, long step);

    /** The names of the per-parameter buffers this optimizer may keep (PyTorch's names). */
    protected abstract Set<String> stateNames();

    /** Buffer {@code bufferName} of parameter {@code index}, or null before it is first set. */
    protected final Tensor buffer(int index, String bufferName) {
        return buffers.get(index).get(bufferName);
    }

    /** Buffer {@code bufferName} of parameter {@code index}, created filled with {@code initial} on first use. */
    protected final Tensor buffer(int index, String bufferName, double initial) {
        return buffers.get(index).computeIfAbsent(bufferName,
                k -> Tensor.full(params.get(index).dtype(), initial, params.get(index).shape().dims()));
    }

    /** Sets buffer {@code bufferName} of parameter {@code index}; the optimizer owns {@code value} from now on. */
    protected final void setBuffer(int index, String bufferName, Tensor value) {
        buffers.get(index).put(bufferName, value);
    }
}
