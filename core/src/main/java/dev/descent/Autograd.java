package dev.descent;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.function.Function;

/**
 * The functional form of automatic differentiation, like {@code torch.autograd.grad} and
 * {@code jax.grad}: gradients are returned, no {@code grad} field is touched.
 *
 * <pre>{@code
 * var x = Tensor.of(2.0).requiresGrad(true);
 * var y = x.pow(3);                                             // y = x³
 * var dy = Autograd.grad(y, List.of(x), true).get(0);           // 3x² = 12, itself differentiable
 * var d2y = Autograd.grad(dy, List.of(x), false).get(0);        // 6x = 12
 * }</pre>
 */
public final class Autograd {
    private Autograd() {
    }

    /**
     * dOutput/dInput for each input ({@code output} must be a scalar). With {@code createGraph} the
     * results are recorded, so they can be differentiated again (second derivatives, Hessians); the
     * graph is then also kept, as PyTorch's {@code retain_graph} defaults to {@code create_graph}.
     * An input that the output does not depend on gets zeros.
     */
    public static List<Tensor> grad(Tensor output, List<Tensor> inputs, boolean createGraph) {
        return grad(output, inputs, createGraph, createGraph);
    }

    /** As {@link #grad(Tensor, List, boolean)} with an explicit choice to keep the graph. */
    public static List<Tensor> grad(Tensor output, List<Tensor> inputs, boolean createGraph, boolean retainGraph) {
        if (output.numel() != 1) {
            throw new ShapeException("grad: output has shape " + output.shape() + "; it must be a scalar such as loss.sum()");
        }
        for (Tensor in : inputs) {
            if (!in.requiresGrad()) {
                throw new IllegalArgumentException("grad: an input of shape " + in.shape() + " does not require grad;"
                        + " call requiresGrad(true) on it before computing the output");
            }
        }
        List<Tensor> result = new ArrayList<>(inputs.size());
        if (!output.requiresGrad()) {
            for (Tensor in : inputs) {
                result.add(Tensor.zerosLike(in));
            }
            return result;
        }
        IdentityHashMap<Tensor, Tensor> grads = Engine.run(output, Tensor.onesLike(output), retainGraph, createGraph, inputs);
        for (Tensor in : inputs) {
            Tensor g = grads.get(in);
            result.add(g == null ? Tensor.zerosLike(in) : g);
        }
        return result;
    }

    /** The gradient of a scalar function at {@code x}: a tensor of {@code x}'s shape ({@code jax.grad(f)(x)}). */
    public static Tensor gradient(Function<Tensor, Tensor> f, Tensor x) {
        Tensor v = x.detach().clone().requiresGrad(true);
        return grad(f.apply(v), List.of(v), false).get(0);
    }

    /**
     * The Hessian of a scalar function at {@code x}: the {@code n×n} matrix of second derivatives
     * ∂²f/∂xᵢ∂xⱼ, where {@code n = x.numel()}. It costs one backward per element, so it is meant for
     * small inputs.
     */
    public static Tensor hessian(Function<Tensor, Tensor> f, Tensor x) {
        Tensor v = x.detach().clone().requiresGrad(true);
        Tensor g = grad(f.apply(v), List.of(v), true).get(0).reshape(-1);
        int n = v.numel();
        double[] h = new double[n * n];
        for (int i = 0; i < n; i++) {
            Tensor gi = g.slice(0, i, i + 1).sum();
            Tensor row = grad(gi, List.of(v), false, true).get(0);
            System.arraycopy(row.data.values(), 0, h, i * n, n);
        }
        return Tensor.constant(h, Shape.of(n, n)).to(x.dtype());
    }

    /** The Hessian-vector product H·v of a scalar function at {@code x}, without forming H. */
    public static Tensor hessianVectorProduct(Function<Tensor, Tensor> f, Tensor x, Tensor vector) {
        if (!vector.shape().equals(x.shape())) {
            throw new ShapeException("hessianVectorProduct: vector has shape " + vector.shape() + " but x has shape " + x.shape());
        }
        Tensor v = x.detach().clone().requiresGrad(true);
        Tensor g = grad(f.apply(v), List.of(v), true).get(0);
        return grad(g.mul(vector.detach()).sum(), List.of(v), false).get(0);
    }

    /**
     * PyTorch's {@code torch.autograd.detect_anomaly()}: while the scope is open (on this thread),
     * every operation remembers where it was created, and a backward step that produces NaN or
     * infinity throws an {@link ArithmeticException} naming the operation and that place.
     */
    public static Scope detectAnomaly() {
        return Anomaly.enter();
    }
}
