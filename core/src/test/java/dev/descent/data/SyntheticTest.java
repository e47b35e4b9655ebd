package dev.descent.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SyntheticTest {
    @Test
    void everySetHasTwoFeaturesBalancedClassesAndTheSamePointsForTheSameSeed() {
        for (String name : new String[] {"spirals", "circles", "xor", "clusters"}) {
            TensorDataset a = Synthetic.of(name, 300, 0.05, new Random(7));
            TensorDataset b = Synthetic.of(name, 300, 0.05, new Random(7));
            assertThat(a.features().shape().dims()).containsExactly(300, 2);
            assertThat(a.features().toArray()).isEqualTo(b.features().toArray());
            int classes = name.equals("clusters") ? 3 : 2;
            int[] counts = new int[classes];
            for (double y : a.targets().toArray()) {
                counts[(int) y]++;
            }
            for (int c : counts) {
                assertThat(c).as(name).isBetween(300 / classes - 60, 300 / classes + 60);
            }
            for (double v : a.features().toArray()) {
                assertThat(Math.abs(v)).as(name).isLessThan(1.5);
            }
        }
    }

    @Test
    void withoutNoiseTheLabelsAreWhatTheGeometrySays() {
        TensorDataset xor = Synthetic.xor(500, 0, new Random(1));
        double[] x = xor.features().toArray();
        double[] y = xor.targets().toArray();
        for (int i = 0; i < y.length; i++) {
            assertThat(y[i]).isEqualTo(x[2 * i] * x[2 * i + 1] < 0 ? 1 : 0);
        }
        TensorDataset circles = Synthetic.circles(100, 0, new Random(1));
        double[] p = circles.features().toArray();
        double[] label = circles.targets().toArray();
        for (int i = 0; i < label.length; i++) {
            assertThat(Math.hypot(p[2 * i], p[2 * i + 1])).isCloseTo(label[i] == 0 ? 1 : 0.5,
                    within(1e-12));
        }
    }

    @Test
    void badArgumentsAreRefusedByName() {
        assertThatThrownBy(() -> Synthetic.of("moons", 10, 0, new Random(0)))
                .hasMessage("Synthetic: no set called 'moons'; the sets are spirals, circles, xor and clusters");
        assertThatThrownBy(() -> Synthetic.xor(1, 0, new Random(0)))
                .hasMessage("Synthetic.xor: n = 1 points; it needs at least 2");
        assertThatThrownBy(() -> Synthetic.spirals(10, Double.NaN, new Random(0)))
                .hasMessage("Synthetic.spirals: noise NaN must be finite and at least 0");
        assertThatThrownBy(() -> Synthetic.clusters(10, 1, 0, new Random(0)))
                .hasMessage("Synthetic.clusters: k = 1 classes; it needs at least 2");
    }
}
