package dev.descent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every operation of the gradcheck catalogue run in float32: the inputs rounded to float32, the
 * value and the gradients stay float32 and agree with the float64 run on the same rounded inputs
 * to within a few float32 roundings (c·ε₃₂ relative to each tensor's largest element, at least 1).
 */
class Float32CatalogueTest {
    /** ε₃₂ times this bounds the difference: each operation rounds once or twice, a case chains a few. */
    private static final double FACTOR = 64;

    static List<OpCatalogue.Case> cases() {
        return OpCatalogue.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void valueAndGradientsAgreeWithFloat64(OpCatalogue.Case c) {
        List<Tensor> in32 = new ArrayList<>();
        List<Tensor> in64 = new ArrayList<>();
        for (Tensor t : c.inputs()) {
            Tensor rounded = t.detach().to(DType.FLOAT32);
            in64.add(rounded.to(DType.FLOAT64).requiresGrad(t.requiresGrad()));
            in32.add(rounded.requiresGrad(t.requiresGrad()));
        }
        Tensor out32 = c.f().apply(in32);
        Tensor out64 = c.f().apply(in64);
        // a float64 constant with dimensions promotes, as in PyTorch
        assertThat(out32.dtype()).isEqualTo(c.label().contains("with a constant") ? DType.FLOAT64 : DType.FLOAT32);
        close("value", out32, out64);
        out32.sum().backward();
        out64.sum().backward();
        for (int i = 0; i < in32.size(); i++) {
            if (in32.get(i).requiresGrad()) {
                assertThat(in32.get(i).grad().dtype()).isEqualTo(DType.FLOAT32);
                close("gradient of input " + i, in32.get(i).grad(), in64.get(i).grad());
            }
        }
    }

    private static void close(String what, Tensor actual, Tensor expected) {
        double[] a = actual.toArray();
        double[] e = expected.toArray();
        double scale = 1;
        for (double v : e) {
            scale = Math.max(scale, Math.abs(v));
        }
        double tol = FACTOR * DType.FLOAT32.eps();
        for (int i = 0; i < e.length; i++) {
            assertThat(Math.abs(a[i] - e[i])).as(what + " at " + i + ": " + a[i] + " vs " + e[i])
                    .isLessThanOrEqualTo(tol * (Math.abs(e[i]) + scale));
        }
    }
}
