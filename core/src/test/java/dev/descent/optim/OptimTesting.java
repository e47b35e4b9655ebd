package dev.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.descent.Tensor;

/** Helpers for the optimizer tests: parameters, gradients set to chosen values, close comparisons. */
final class OptimTesting {
    /** The parameter's starting values and the gradients of three steps used by the update-rule tests. */
    static final double[] START = {1.0, -2.0, 0.5};
    static final double[][] GRADS = {{0.3, -1.0, 2.0}, {-0.2, 0.01, 1.5}, {0.5, 0.02, -0.4}};

    private OptimTesting() {
    }

    static Tensor param(double... values) {
        return Tensor.of(values).requiresGrad(true);
    }

    /** Makes {@code p.grad()} exactly {@code g}: the gradient of Σ gᵢ·pᵢ. */
    static void setGrad(Tensor p, double... g) {
        p.zeroGrad();
        p.mul(Tensor.of(g)).sum().backward();
    }

    /** Runs {@code optimizer} for the three gradient steps of {@link #GRADS} on {@code p}. */
    static void runThreeSteps(Optimizer optimizer, Tensor p) {
        for (double[] g : GRADS) {
            setGrad(p, g);
            optimizer.step();
        }
    }

    /** Equal up to the last few bits: the reference and the tensor code may round in another order. */
    static void assertValues(Tensor actual, double[] expected) {
        double[] a = actual.toArray();
        assertThat(a).hasSameSizeAs(expected);
        for (int i = 0; i < a.length; i++) {
            assertThat(a[i]).as("element %d", i).isCloseTo(expected[i], within(1e-14 * Math.max(1, Math.abs(expected[i]))));
        }
    }
}
