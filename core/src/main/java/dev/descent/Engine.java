package dev.descent;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

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
    static Map<Tensor, Tensor> run(Tensor root, Tensor seed, boolean retainGraph, boolean createGraph,
                                   List<Tensor> wanted) {
        Tensor[] order = topologicalOrder(root);
        Map<Tensor, Tensor> result = null;
        if (wanted != null) {
            result = new IdentityHashMap<>();
            for (Tensor w : wanted) {
                result.put(w, null);
            }
        }
        root.pendingGrad = seed;
        try (Scope mode = createGraph ? NoGrad.enableGrad() : NoGrad.scope()) {
            for (int i = order.length - 1; i >= 0; i--) {
                Tensor t = order[i];
                Tensor g = t.pendingGrad;
                if (g == null) {
                    continue;
                }
                t.pendingGrad = null;
                if (result != null && result.containsKey(t)) {
                    result.put(t, g);
                }
                Node node = t.node;
                if (node == null) {
                    if (result == null) {
                        t.accumulateGrad(g, createGraph);
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
                    gk = sumTo(gk, in.shape(), node.op);
                    in.pendingGrad = in.pendingGrad == null ? gk : in.pendingGrad.add(gk);
                }
            }
        } finally {
            for (Tensor t : order) {
                t.pendingGrad = null;
                if (!retainGraph && t.node != null) {
                    t.node.free();
                }
            }
        }
        return result;
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
                        + "; the forward operation was created at " + creationSite(node.createdAt));
            }
        }
    }

    private static String creationSite(Throwable createdAt) {
        for (StackTraceElement e : createdAt.getStackTrace()) {
            if (!e.getClassName().startsWith("dev.descent.") || e.getClassName().startsWith("dev.descent.cli")
                    || e.getClassName().endsWith("Test")) {
                return e.toString();
            }
        }
        StackTraceElement[] st = createdAt.getStackTrace();
        return st.length == 0 ? "(unknown)" : st[st.length - 1].toString();
    }

    /** Every tensor reachable from {@code root} that requires grad, inputs before the tensors made from them. */
    private static Tensor[] topologicalOrder(Tensor root) {
        Object visit = new Object();
        Tensor[] order = new Tensor[16];
        int size = 0;
        Tensor[] stack = new Tensor[16];
        int[] next = new int[16];
        int top = 0;
        stack[0] = root;
        root.visit = visit;
        while (top >= 0) {
            Tensor t = stack[top];
            Tensor[] inputs = t.node == null ? NO_INPUTS : t.node.inputs;
            Tensor child = null;
            while (next[top] < inputs.length) {
                Tensor in = inputs[next[top]++];
                if (in.requiresGrad() && in.visit != visit) {
                    child = in;
                    break;
                }
            }
            if (child != null) {
                child.visit = visit;
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
