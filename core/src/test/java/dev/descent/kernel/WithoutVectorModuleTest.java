package dev.descent.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WithoutVectorModuleTest {
    /**
     * Entry point of the child JVM: blocked products on the scalar path, float64 checked against a triple
     * loop and float32 against float64, so that neither packs nor multiplies through a Vector API class.
     */
    public static void main(String[] args) {
        Random rng = new Random(6);
        int m = 70;
        int k = 300;
        int n = 50;
        double[] a = Reference.random(rng, m * k);
        double[] b = Reference.random(rng, k * n);
        double[] c = new double[m * n];
        MatMul.multiply(a, 0, true, b, 0, false, c, 0, m, k, n);
        Reference.assertProduct(a, 0, true, b, 0, false, c, 0, m, k, n);
        float[] af = MatMulFloat32Test.floats(a);
        float[] bf = MatMulFloat32Test.floats(b);
        float[] cf = new float[m * n];
        MatMul.multiply(af, 0, false, bf, 0, false, cf, 0, m, k, n);
        MatMulFloat32Test.assertCloseToFloat64(af, false, bf, false, cf, m, k, n);
        System.out.println("available=" + Kernels.vectorApiAvailable() + " enabled=" + Kernels.vectorApiEnabled());
    }

    @Test
    void productsRunOnTheScalarPathWhenTheVectorModuleIsAbsent() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                WithoutVectorModuleTest.class.getName())
                .redirectErrorStream(true)
                .start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output).contains("available=false enabled=false");
    }
}
