package dev.descent;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Checks analytic gradients against central finite differences in float64, like PyTorch's
 * {@code gradcheck} and {@code gradgradcheck}; inputs of another type are checked as float64 copies,
 * since float32's 7 digits cannot resolve a difference quotient.
 *
 * <p>A non-scalar output is reduced to {@code L = Σ f(x)·w} with fixed random weights {@code w},
 * so the check covers the whole Jacobian: a wrong entry changes dL/dx for almost every {@code w}.
 * Each element of each input that requires grad is perturbed by ±h and
 * {@code (L(x+h) - L(x-h)) / 2h} is compared with the analytic value.
 *
 * <pre>{@code
 * var x = Tensor.randn(new Random(0), 3, 4).requiresGrad(true);
 * GradCheck.Report r = GradCheck.check("tanh", in -> in.get(0).tanh(), List.of(x));
 * r.passed();   // true
 * }</pre>
 */
public final class GradCheck {
    private GradCheck() {
    }

    /** Step and tolerances: an element passes when |analytic - numeric| ≤ atol + rtol·|numeric|. */
    public record Options(double step, double atol, double rtol) {
        /** h = 1e-6, atol = 1e-5, rtol = 1e-3. */
        public static final Options DEFAULT = new Options(1e-6, 1e-5, 1e-3);

        public Options {
            if (!(step > 0) || !(atol >= 0) || !(rtol >= 0)) {
                throw new IllegalArgumentException("gradcheck: step must be > 0 and tolerances >= 0, got step " + step
                        + ", atol " + atol + ", rtol " + rtol);
            }
        }
    }

    /** One element whose analytic and numeric derivatives disagree. */
    public record Mismatch(int input, int element, double analytic, double numeric) {
        @Override
        public String toString() {
            return "input " + input + ", element " + element + ": analytic " + analytic + ", numeric " + numeric;
        }
    }

    /** The outcome of a check: passed, or the elements that disagree. */
    public record Report(String op, int order, List<Mismatch> mismatches) {
        public boolean passed() {
            return mismatches.isEmpty();
        }

        @Override
        public String toString() {
            String what = (order == 1 ? "gradcheck" : "gradgradcheck") + " of " + op;
            if (passed()) {
                return what + ": passed";
            }
            StringBuilder sb = new StringBuilder(what + ": " + mismatches.size() + " mismatches");
            mismatches.stream().limit(5).forEach(m -> sb.append("\n  ").append(m));
            return sb.toString();
        }
    }

    /** First-order check with the default options. */
    public static Report check(String op, Function<List<Tensor>, Tensor> f, List<Tensor> inputs) {
        return check(op, f, inputs, Options.DEFAULT);
    }

    /** First-order check: backward of {@code f} against central differences. */
    public static Report check(String op, Function<List<Tensor>, Tensor> f, List<Tensor> inputs, Options options) {
        Function<List<Tensor>, Tensor> loss = scalarized(f, inputs);
        return compare(op, 1, loss, inputs, options);
    }

    /** Second-order check with the default options. */
    public static Report checkSecondOrder(String op, Function<List<Tensor>, Tensor> f, List<Tensor> inputs) {
        return checkSecondOrder(op, f, inputs, Options.DEFAULT);
    }

    /**
     * Second-order check: differentiates {@code M = Σᵢ Σ (dL/dxᵢ)·uᵢ} (with fixed random {@code u})
     * through the recorded gradient, against central differences of M computed from first-order
     * gradients.
     */
    public static Report checkSecondOrder(String op, Function<List<Tensor>, Tensor> f, List<Tensor> inputs,
                                          Options options) {
        Function<List<Tensor>, Tensor> loss = scalarized(f, inputs);
        List<Tensor> wanted = differentiable(inputs);
        Random rng = new Random(20240607L);
        List<Tensor> u = new ArrayList<>();
        for (Tensor t : wanted) {
            u.add(Tensor.uniform(rng, 0.5, 1.5, t.dims()));
        }
        Function<List<Tensor>, Tensor> m = xs -> {
            List<Tensor> ws = differentiable(xs);
            List<Tensor> g = Autograd.grad(loss.apply(xs), ws, true);
            Tensor total = Tensor.of(0.0);
            for (int i = 0; i < g.size(); i++) {
                total = total.add(g.get(i).mul(u.get(i)).sum());
            }
            return total;
        };
        return compare(op, 2, m, inputs, options);
    }

    private static Function<List<Tensor>, Tensor> scalarized(Function<List<Tensor>, Tensor> f, List<Tensor> inputs) {
        Tensor probe;
        Scope s = NoGrad.scope();
        try (s) {
            probe = f.apply(inputs);
        }
        if (probe.numel() == 1) {
            return xs -> f.apply(xs).sum();
        }
        Tensor w = Tensor.uniform(new Random(20240601L), 0.5, 1.5, probe.dims());
        return xs -> f.apply(xs).mul(w).sum();
    }

    private static List<Tensor> differentiable(List<Tensor> xs) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor t : xs) {
            if (t.requiresGrad()) {
                out.add(t);
            }
        }
        return out;
    }

    private static Report compare(String op, int order, Function<List<Tensor>, Tensor> loss, List<Tensor> inputs,
                                  Options o) {
        List<Tensor> fresh = leaves(inputs, -1, 0, 0);
        List<Tensor> wanted = differentiable(fresh);
        if (wanted.isEmpty()) {
            throw new IllegalArgumentException("gradcheck: no input requires grad; mark at least one with requiresGrad(true)");
        }
        List<Tensor> analytic = Autograd.grad(loss.apply(fresh), wanted, false);
        List<Mismatch> bad = new ArrayList<>();
        int w = 0;
        for (int i = 0; i < inputs.size(); i++) {
            if (!inputs.get(i).requiresGrad()) {
                continue;
            }
            double[] a = analytic.get(w++).data.values();
            for (int e = 0; e < inputs.get(i).numel(); e++) {
                double plus = evaluate(loss, leaves(inputs, i, e, o.step()), order);
                double minus = evaluate(loss, leaves(inputs, i, e, -o.step()), order);
                double numeric = (plus - minus) / (2 * o.step());
                if (!(Math.abs(a[e] - numeric) <= o.atol() + o.rtol() * Math.abs(numeric))) {
                    bad.add(new Mismatch(i, e, a[e], numeric));
                }
            }
        }
        return new Report(op, order, bad);
    }

    private static double evaluate(Function<List<Tensor>, Tensor> loss, List<Tensor> xs, int order) {
        if (order == 1) {
            Scope s = NoGrad.scope();
            try (s) {
                return loss.apply(xs).item();
            }
        }
        return loss.apply(xs).item();
    }

    /** Fresh leaf copies of the inputs, element {@code e} of input {@code which} moved by {@code delta}. */
    private static List<Tensor> leaves(List<Tensor> inputs, int which, int e, double delta) {
        List<Tensor> out = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            Tensor t = inputs.get(i);
            double[] d = t.data.values();
            if (i == which) {
                d[e] += delta;
            }
            out.add(Tensor.constant(d, t.shape()).requiresGrad(t.requiresGrad()));
        }
        return out;
    }
}
