package dev.descent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TensorFormatTest {
    @Test
    void scalarsPrintLikePyTorch() {
        assertThat(Tensor.of(12.0)).hasToString("tensor(12.)");
        assertThat(Tensor.of(1.5)).hasToString("tensor(1.5000)");
    }

    @Test
    void matricesPrintRowByRowWithTheirShape() {
        assertThat(Tensor.of(new double[][] {{1, 2.5}, {-3, 4}})).hasToString(
                "tensor([[ 1.0000,  2.5000],\n        [-3.0000,  4.0000]], shape=[2, 2])");
    }

    @Test
    void variablesAndResultsSayHowTheyTakePartInAutograd() {
        Tensor x = Tensor.of(2.0).requiresGrad(true);
        assertThat(x).hasToString("tensor(2., requiresGrad=true)");
        assertThat(x.mul(x)).hasToString("tensor(4., gradFn=mul)");
    }

    @Test
    void largeTensorsAreSummarisedWithEllipses() {
        String s = Tensor.arange(2000).toString();
        assertThat(s).isEqualTo("tensor([   0.,    1.,    2., ..., 1997., 1998., 1999.], shape=[2000])");
    }

    @Test
    void tinyAndHugeValuesUseScientificNotation() {
        assertThat(Tensor.of(1e-9, 1.0).toString()).isEqualTo("tensor([1.0000e-09, 1.0000e+00], shape=[2])");
        assertThat(Tensor.of(Double.NaN, 1.5).toString()).isEqualTo("tensor([   nan, 1.5000], shape=[2])");
    }
}
