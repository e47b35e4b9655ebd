package dev.descent;

import dev.descent.kernel.Storage;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Reverse-mode differentiation over the recorded graph: an iterative topological sort (no
 * recursion, so a 100,000-step chain is fine), then each node's gradient rule in reverse order.
 */
final class Engine {
    private static final Tensor[] NO_INPUTS = new Tensor[0];

    private Engine() {
    }

    /**
     * Propagates {@code seed} (dL/d root) backwards. When {@code wanted} is null, gradients are added
     * into the {@code grad} of every leaf that requires grad; otherwise they are returned for the
     * wanted tensors only and no {@code grad} is touched.
     */
    static IdentityHashMap<Tensor, Tensor> run(Tensor root, Tensor seed, boolean retainGraph, boolean createGraph,
                                   List<Tensor> wanted) {
        if (root.node == null && wanted == null && !createGraph) {
            // A leaf's gradient is the seed itself: nothing to walk (a fused kernel hands its gradients over this way).
            root.accumulateGrad(inType(seed, root), false, false);
            return null;
        }
        Tensor[] order = topologicalOrder(root);
        IdentityHashMap<Tensor, Tensor> result = null;
        if (wanted != null) {
            result = new IdentityHashMap<>();
            for (Tensor w : wanted) {
                result.put(w, null);
            }
        }
        // This pass's working state: the gradient gathered so far for each tensor. It lives here, not
        // on the tensors, so passes on several threads through graphs that share leaves do not mix.
        IdentityHashMap<Tensor, Tensor> pending = new IdentityHashMap<>(order.length * 2);
        pending.put(root, inType(seed, root));
        Scope mode = createGraph ? NoGrad.enableGrad() : NoGrad.scope();
        // storage made on this thread from here on is this pass's own; ownedByPass tells which a leaf may keep
        try (mode; Storage.Pass pass = Storage.beginPass()) {
            for (int i = order.length - 1; i >= 0; i--) {
                Tensor t = order[i];
                Tensor g = pending.remove(t);
                if (g == null) {
                    continue;
                }
                if (result != null && result.containsKey(t)) {
                    result.put(t, g);
                }
                Node node = t.node;
                if (node == null) {
                    if (result == null) {
                        t.accumulateGrad(g, createGraph, ownedByPass(g, pass));
                    }
                    continue;
                }
                Tensor[] grads = node.backward(g);
                checkAnomaly(node, grads);
                for (int k = 0; k < node.inputs.length; k++) {
                    Tensor in = node.inputs[k];
                    Tensor gk = grads[k];
                    if (gk == null || !in.requiresGrad()) {
                        continue;
                    }
                    Tensor reduced = sumTo(gk, in.shape(), node.op);
                    if (reduced.data.elementBytes() != in.data.elementBytes()) {
                        // as PyTorch's engine: a gradient arrives in its input's type, whatever the rule made
                        reduced = reduced.to(in.dtype());
                    }
                    handOn(reduced, pass);
                    Tensor merged = pending.merge(in, reduced, Tensor::add);
                    if (merged != reduced) {
                        handOn(merged, pass);
                    }
                }
            }
        } finally {
            if (!retainGraph) {
                for (Tensor t : order) {
                    if (t.node != null) {
                        t.node.free();
                    }
                }
            }
        }
        return result;
    }

    /**
     * Whether a leaf may keep {@code g} as its {@code grad} instead of a copy, as PyTorch's
     * AccumulateGrad steals a gradient no one else references. Java cannot count references, so this
     * asks for what implies it: the storage was made by this pass, on its thread (so it is not the
     * seed, a value of the forward pass or anything a rule saved, and no rule keeps what it makes) and
     * was handed on exactly once (so no rule returned it for a second input or passed it through as
     * its own incoming gradient).
     */
    private static boolean ownedByPass(Tensor g, Storage.Pass pass) {
        return g.data.madeIn(pass) && g.data.handedOn() == 1;
    }

    /** Counts a gradient handed on, when its storage is this pass's own. */
    private static void handOn(Tensor g, Storage.Pass pass) {
        if (g.data.madeIn(pass)) {
            g.data.handOn();
        }
    }

    /** The seed in the root's element type. */
    private static Tensor inType(Tensor seed, Tensor root) {
        return seed.data.elementBytes() == root.data.elementBytes() ? seed : seed.detach().to(root.dtype());
    }

    /** Reduces a gradient of a broadcast result back to the shape of the input that was broadcast. */
    static Tensor sumTo(Tensor g, Shape target, String op) {
        Shape gs = g.shape();
        if (gs.equals(target)) {
            return g;
        }
        int lead = gs.rank() - target.rank();
        if (lead < 0) {
            throw new IllegalStateException(op + ": gradient of shape " + gs + " cannot be reduced to " + target);
        }
        int[] axes = new int[gs.rank()];
        int n = 0;
        for (int i = 0; i < gs.rank(); i++) {
            if (i < lead || (target.size(i - lead) == 1 && gs.size(i) != 1)) {
                axes[n++] = i;
            }
        }
        Tensor reduced = n == 0 ? g : Reductions.sum(g, java.util.Arrays.copyOf(axes, n), true);
        return reduced.shape().equals(target) ? reduced : reduced.reshape(target.dimsUnsafe());
    }

    private static void checkAnomaly(Node node, Tensor[] grads) {
        if (node.createdAt == null) {
            return;
        }
        for (int k = 0; k < grads.length; k++) {
            if (grads[k] != null && grads[k].hasNonFinite()) {
                throw new AnomalyException("backward: '" + node.op + "' produced a non-finite gradient (NaN or"
                        + " infinity) for its input " + k + " of shape " + node.inputs[k].shape()
                        + "; the forward operation was created at " + node.createdAt);
            }
        }
    }

    /** Every tensor reachable from {@code root} that requires grad, inputs before the tensors made from them. */
    private static Tensor[] topologicalOrder(Tensor root) {
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Tensor[] order = new Tensor[16];
        int size = 0;
        Tensor[] stack = new Tensor[16];
        int[] next = new int[16];
        int top = 0;
        stack[0] = root;
        seen.add(root);
        while (top >= 0) {
            Tensor t = stack[top];
            Tensor[] inputs = t.node == null ? NO_INPUTS : t.node.inputs;
            Tensor child = null;
            while (next[top] < inputs.length) {
                Tensor in = inputs[next[top]++];
                if (in.requiresGrad() && seen.add(in)) {
                    child = in;
                    break;
                }
            }
            if (child != null) {
                if (++top == stack.length) {
                    stack = Arrays.copyOf(stack, top * 2);
                    next = Arrays.copyOf(next, top * 2);
                }
                stack[top] = child;
                next[top] = 0;
            } else {
                if (size == order.length) {
                    order = Arrays.copyOf(order, size * 2);
                }
                order[size++] = t;
                top--;
            }
        }
        return Arrays.copyOf(order, size);
    }
}
