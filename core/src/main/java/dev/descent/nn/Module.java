package dev.descent.nn;

import dev.descent.DType;
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
 * A layer or a network of layers, PyTorch's {@code nn.Module}: it owns parameters (tensors that
 * require grad), buffers (state that is saved but not trained, such as BatchNorm's running
 * statistics) and child modules, each registered explicitly under a name.
 *
 * <p>Names follow PyTorch, so a {@code Sequential(Linear, ReLU, Linear)} has the parameters
 * {@code 0.weight, 0.bias, 2.weight, 2.bias}. A subclass registers its state in its constructor
 * and reads it back in {@link #forward(Tensor)} with {@link #parameter(String)} and
 * {@link #buffer(String)}; no reflection is involved.
 *
 * <pre>{@code
 * jshell> var rng = new Random(0);
 * jshell> var model = new Sequential(new Linear(2, 8, rng), new ReLU(), new Linear(8, 1, rng));
 * jshell> model.namedParameters().keySet()
 * $3 ==> [0.weight, 0.bias, 2.weight, 2.bias]
 * jshell> var loss = Loss.mse(model.forward(x), y);      // x: [batch, 2], y: [batch, 1]
 * jshell> model.zeroGrad(); loss.backward();
 * jshell> try (var scope = NoGrad.scope()) { for (var p : model.parameters()) p.subInPlace(p.grad().mul(0.1)); }
 * }</pre>
 */
public abstract class Module {
    private final Map<String, Tensor> parameters = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /** A module with no parameters, buffers or submodules yet; subclasses register theirs. */
    protected Module() {
        // registered by the subclass's constructor
    }

    /** Computes the module's output ({@code module(x)} in PyTorch). */
    public abstract Tensor forward(Tensor input);

    // ---------------------------------------------------------------- registration

    /**
     * Registers a trainable tensor ({@code register_parameter}); it is marked {@code requiresGrad(true)}.
     * Returns the tensor, so a constructor can keep working with it.
     */
    protected final Tensor registerParameter(String name, Tensor tensor) {
        checkNew("registerParameter", name, tensor);
        if (!tensor.isLeaf()) {
            throw new IllegalArgumentException("registerParameter: '" + name + "' was computed by '" + tensor.gradFn()
                    + "'; a parameter must be a leaf, such as tensor.detach()");
        }
        parameters.put(name, tensor.requiresGrad(true));
        return tensor;
    }

    /** Registers non-trainable state that {@link #stateDict()} saves ({@code register_buffer}). */
    protected final Tensor registerBuffer(String name, Tensor tensor) {
        checkNew("registerBuffer", name, tensor);
        buffers.put(name, tensor);
        return tensor;
    }

    /** Registers a child module ({@code add_module}); its names are prefixed with {@code name + "."}. */
    protected final <M extends Module> M registerModule(String name, M module) {
        checkNew("registerModule", name, module);
        if (module == this) {
            throw new IllegalArgumentException("registerModule: a module cannot be its own child ('" + name + "')");
        }
        children.put(name, module);
        return module;
    }

    private void checkNew(String op, String name, Object value) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException(op + ": name '" + name + "' must be non-empty and contain no '.'");
        }
        if (value == null) {
            throw new IllegalArgumentException(op + ": '" + name + "' is null");
        }
        if (parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException(op + ": '" + name + "' is already registered");
        }
    }

    /** This module's own parameter called {@code name} (not a child's). */
    protected final Tensor parameter(String name) {
        return lookup(parameters, name, "parameter");
    }

    /** This module's own buffer called {@code name}. */
    protected final Tensor buffer(String name) {
        return lookup(buffers, name, "buffer");
    }

    private Tensor lookup(Map<String, Tensor> map, String name, String kind) {
        Tensor t = map.get(name);
        if (t == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": no " + kind + " '" + name + "'");
        }
        return t;
    }

    /** The direct children in registration order ({@code children()}). */
    public final List<Module> children() {
        return List.copyOf(children.values());
    }

    // ---------------------------------------------------------------- parameters and state

    /** Every parameter of this module and its descendants, in registration order, each once ({@code parameters()}). */
    public List<Tensor> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /**
     * Every parameter under its dotted name ({@code named_parameters()}): this module's own first,
     * then each child's with the child's name as prefix. A tensor shared by two modules is listed
     * once, under its first name.
     */
    public Map<String, Tensor> namedParameters() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        collect("", out, seen, false);
        return out;
    }

    /**
     * Parameters and buffers by dotted name ({@code state_dict()}), each module's parameters
     * before its buffers and then its children, as PyTorch orders them. The values are detached
     * views: they share storage with the module, so copy them to keep a snapshot.
     */
    public Map<String, Tensor> stateDict() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        collect("", out, null, true);
        out.replaceAll((name, t) -> t.detach());
        return out;
    }

    private void collect(String prefix, Map<String, Tensor> out, Set<Tensor> seen, boolean withBuffers) {
        for (Map.Entry<String, Tensor> e : parameters.entrySet()) {
            if (seen == null || seen.add(e.getValue())) {
                out.put(prefix + e.getKey(), e.getValue());
            }
        }
        if (withBuffers) {
            buffers.forEach((name, t) -> out.put(prefix + name, t));
        }
        children.forEach((name, m) -> m.collect(prefix + name + ".", out, seen, withBuffers));
    }

    /**
     * Copies every tensor of {@code state} into this module's parameters and buffers, in place and
     * under {@link NoGrad} ({@code load_state_dict(state, strict=True)}). Nothing is changed unless
     * the keys are exactly those of {@link #stateDict()} and every shape matches.
     *
     * @throws IllegalArgumentException listing the missing keys, the unexpected keys and the shape mismatches
     */
    public void loadStateDict(Map<String, Tensor> state) {
        Map<String, Tensor> own = new LinkedHashMap<>();
        collect("", own, null, true);
        StateCheck.requireMatch("loadStateDict", own, state, true);
        Scope scope = NoGrad.scope();
        try (scope) {
            own.forEach((name, t) -> t.copyInPlace(state.get(name)));
        }
    }

    /**
     * Runs {@link #forward(Tensor)} with some parameters or buffers replaced by the given tensors,
     * like {@code torch.func.functional_call}: gradients then flow to the replacements, which is
     * how a layer is gradchecked with respect to its weights. The module is restored afterwards;
     * do not use it from another thread meanwhile.
     */
    public Tensor functionalCall(Map<String, Tensor> replacements, Tensor input) {
        Map<String, Tensor> own = new LinkedHashMap<>();
        collect("", own, null, true);
        StateCheck.requireMatch("functionalCall", own, replacements, false);
        List<Runnable> restore = new ArrayList<>();
        try {
            replacements.forEach((name, t) -> restore.add(swap(name, t)));
            return forward(input);
        } finally {
            restore.forEach(Runnable::run);
        }
    }

    /** Puts {@code t} in place of the tensor at dotted path {@code name}; returns how to undo it. */
    private Runnable swap(String name, Tensor t) {
        int dot = name.indexOf('.');
        if (dot >= 0) {
            return children.get(name.substring(0, dot)).swap(name.substring(dot + 1), t);
        }
        Map<String, Tensor> map = parameters.containsKey(name) ? parameters : buffers;
        Tensor old = map.put(name, t);
        return () -> map.put(name, old);
    }

    /**
     * Casts every parameter and buffer of this module and its descendants to {@code dtype}
     * ({@code module.to(dtype)}); returns this module. Each tensor of another type is replaced by a
     * new leaf of the new type (a tensor shared by two modules stays shared), keeping whether it
     * requires grad and dropping its gradient; tensors already of that type are kept. Build the
     * optimizer after the cast: one built before holds the old tensors. Unlike PyTorch, whose
     * {@code num_batches_tracked} is an integer buffer that {@code to} leaves alone, every buffer here
     * is cast: a float32 {@code BatchNorm1d} counts batches exactly up to 2²⁴.
     */
    public Module to(DType dtype) {
        convert(dtype, new IdentityHashMap<>());
        return this;
    }

    private void convert(DType dtype, Map<Tensor, Tensor> done) {
        parameters.replaceAll((name, t) -> cast(t, dtype, done));
        buffers.replaceAll((name, t) -> cast(t, dtype, done));
        children.values().forEach(m -> m.convert(dtype, done));
    }

    private static Tensor cast(Tensor t, DType dtype, Map<Tensor, Tensor> done) {
        if (t.dtype() == dtype) {
            return t;
        }
        return done.computeIfAbsent(t, x -> x.detach().to(dtype).requiresGrad(x.requiresGrad()));
    }

    /** Forgets the gradient of every parameter ({@code zero_grad(set_to_none=True)}). */
    public void zeroGrad() {
        for (Tensor p : parameters()) {
            p.zeroGrad();
        }
    }

    // ---------------------------------------------------------------- modes

    /** Training mode for this module and all descendants (Dropout drops, BatchNorm uses batch statistics). */
    public Module train() {
        return train(true);
    }

    /** Sets training mode ({@code true}) or evaluation mode ({@code false}) recursively ({@code train(mode)}). */
    public Module train(boolean mode) {
        training = mode;
        for (Module child : children.values()) {
            child.train(mode);
        }
        return this;
    }

    /** Evaluation mode for this module and all descendants ({@code eval()}). */
    public Module eval() {
        return train(false);
    }

    /** True in training mode, the default for a new module. */
    public boolean isTraining() {
        return training;
    }

    // ---------------------------------------------------------------- printing

    /** The settings shown between the parentheses of {@link #toString()}, such as {@code in=2, out=8}. */
    protected String extraRepr() {
        return "";
    }

    /** PyTorch's module printout: the class, its settings and each child on its own indented line. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append('(').append(extraRepr());
        if (!children.isEmpty()) {
            sb.append('\n');
            children.forEach((name, m) -> sb.append("  (").append(name).append("): ")
                    .append(m.toString().replace("\n", "\n  ")).append('\n'));
        }
        return sb.append(')').toString();
    }
}
