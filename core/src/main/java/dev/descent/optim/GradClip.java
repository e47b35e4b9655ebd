package dev.descent.optim;

import dev.descent.NoGrad;
import dev.descent.Scope;
import dev.descent.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Gradient clipping ({@code torch.nn.utils.clip_grad_norm_} and {@code clip_grad_value_}): limits
 * the size of the gradients in place, between {@code backward()} and {@code step()}, so that one
 * bad batch cannot throw the parameters far away.
 *
 * <pre>{@code
 * loss.backward();
 * double norm = GradClip.clipGradNorm(params, 1.0);   // ‖g‖ before clipping, for logging
 * optimizer.step();
 * }</pre>
 *
 * Parameters whose gradient is null are ignored.
 */
public final class GradClip {
    private GradClip() {
    }

    /** As {@link #clipGradNorm(List, double, double)} with the Euclidean norm (norm type 2). */
    public static double clipGradNorm(List<Tensor> params, double maxNorm) {
        return clipGradNorm(params, maxNorm, 2.0);
    }

    /**
     * Rescales all gradients together so that their joint norm is at most {@code maxNorm}
     * ({@code clip_grad_norm_}), and returns the joint norm before clipping.
     *
     * <pre>
     * ‖g‖ₚ = (Σ over every element of every gradient |gᵢ|ᵖ)^(1/p),   ‖g‖∞ = max |gᵢ|
     * c = min(1, maxNorm / (‖g‖ + 10⁻⁶)),   g ← c·g
     * </pre>
     * As in PyTorch, the 10⁻⁶ keeps the division finite, so a norm just above {@code maxNorm} ends
     * very slightly below it. A non-finite norm is returned, and the gradients are scaled by the
     * resulting factor just as PyTorch does; check the returned value to detect it.
     *
     * @param normType p ≥ 1, or {@link Double#POSITIVE_INFINITY} for the largest absolute value
     * @throws IllegalArgumentException when {@code maxNorm} is negative or NaN, or the norm type is below 1 or NaN
     */
    public static double clipGradNorm(List<Tensor> params, double maxNorm, double normType) {
        if (!(maxNorm >= 0)) {
            throw new IllegalArgumentException("clipGradNorm: maxNorm must not be negative, got " + maxNorm
                    + "; a typical value is 1.0");
        }
        if (!(normType >= 1)) {
            throw new IllegalArgumentException("clipGradNorm: norm type must be at least 1 (or infinity), got "
                    + normType + "; use 2.0 for the Euclidean norm");
        }
        List<Tensor> grads = gradients(params);
        if (grads.isEmpty()) {
            return 0.0;
        }
        Scope s = NoGrad.scope();
        try (s) {
            double total = totalNorm(grads, normType);
            double coefficient = Math.min(1.0, maxNorm / (total + 1e-6));
            if (coefficient < 1.0 || Double.isNaN(coefficient)) {
                for (Tensor g : grads) {
                    g.mulInPlace(coefficient);
                }
            }
            return total;
        }
    }

    /**
     * Limits every gradient element to [−clip, clip] ({@code clip_grad_value_}).
     *
     * @throws IllegalArgumentException when {@code clip} is negative or NaN
     */
    public static void clipGradValue(List<Tensor> params, double clip) {
        if (!(clip >= 0)) {
            throw new IllegalArgumentException("clipGradValue: clip must not be negative, got " + clip
                    + "; gradients are limited to [-clip, clip]");
        }
        Scope s = NoGrad.scope();
        try (s) {
            for (Tensor g : gradients(params)) {
                g.copyInPlace(g.clamp(-clip, clip));
            }
        }
    }

    private static List<Tensor> gradients(List<Tensor> params) {
        if (params == null) {
            throw new IllegalArgumentException("clipGrad: the parameter list is null; pass the optimizer's params()");
        }
        List<Tensor> grads = new ArrayList<>();
        for (Tensor p : params) {
            if (p.grad() != null) {
                grads.add(p.grad());
            }
        }
        return grads;
    }

    // The norm of the per-tensor norms, as PyTorch computes it: the same value as one norm over all elements.
    private static double totalNorm(List<Tensor> grads, double p) {
        if (p == Double.POSITIVE_INFINITY) {
            double max = 0;
            for (Tensor g : grads) {
                if (g.numel() > 0) {
                    double m = g.abs().max().item();
                    max = Double.isNaN(m) || Double.isNaN(max) ? Double.NaN : Math.max(max, m);
                }
            }
            return max;
        }
        double sum = 0;
        for (Tensor g : grads) {
            double norm = p == 2.0 ? g.square().sum().sqrt().item() : g.abs().pow(p).sum().pow(1 / p).item();
            sum += p == 2.0 ? norm * norm : Math.pow(norm, p);
        }
        return p == 2.0 ? Math.sqrt(sum) : Math.pow(sum, 1 / p);
    }
}
