package dev.descent.optim;

import dev.descent.Tensor;

/** The moment updates and bias-corrected step shared by {@link Adam} and {@link AdamW}. */
final class AdamRule {
    static final String EXP_AVG = "exp_avg";
    static final String EXP_AVG_SQ = "exp_avg_sq";
    static final String MAX_EXP_AVG_SQ = "max_exp_avg_sq";

    private AdamRule() {
    }

    /**
     * One Adam step on {@code param} with gradient {@code g} (weight decay already applied), in
     * place on {@code m}, {@code v} and (with AMSGrad, else null) {@code vMax}:
     * <pre>
     * m ← β₁·m + (1 − β₁)·g
     * v ← β₂·v + (1 − β₂)·g²
     * v̂ ← max(v̂, v)                                  (AMSGrad)
     * θ ← θ − (γ / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
     * </pre>
     * The bias corrections are applied as torch.optim.Adam does: to the step size and to √v
     * separately, so ε is added after the correction.
     */
    static void apply(Tensor param, Tensor g, Tensor m, Tensor v, Tensor vMax, long step, double lr,
                      double beta1, double beta2, double eps) {
        m.mulInPlace(beta1).addInPlace(g, 1 - beta1);
        v.mulInPlace(beta2).addInPlace(g.mul(g).mul(1 - beta2));
        double biasCorrection1 = 1 - Math.pow(beta1, step);
        double biasCorrection2 = 1 - Math.pow(beta2, step);
        double stepSize = lr / biasCorrection1;
        Tensor second = v;
        if (vMax != null) {
            vMax.copyInPlace(vMax.maximum(v));
            second = vMax;
        }
        Tensor denom = second.sqrt().div(Tensor.of(Math.sqrt(biasCorrection2))).add(eps);
        param.subInPlace(m.div(denom).mul(stepSize));
    }
}
