package dev.descent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/** Seeded random checks: each repetition draws new shapes and values from its own seed. */
class PropertyTest {
    private static int[] randomShape(Random rng, int maxRank) {
        int[] s = new int[rng.nextInt(maxRank + 1)];
        for (int i = 0; i < s.length; i++) {
            s[i] = 1 + rng.nextInt(4);
        }
        return s;
    }

    /** A shape that broadcasts with {@code s}: a suffix of it, with some dimensions set to 1. */
    private static int[] broadcastPartner(Random rng, int[] s) {
        int[] p = Arrays.copyOfRange(s, rng.nextInt(s.length + 1), s.length);
        for (int i = 0; i < p.length; i++) {
            if (rng.nextBoolean()) {
                p[i] = 1;
            }
        }
        return p;
    }

    @RepeatedTest(50)
    void broadcastAddReadsEachOperandAtItsBroadcastIndex(RepetitionInfo info) {
        Random rng = new Random(info.getCurrentRepetition());
        int[] s = randomShape(rng, 4);
        int[] p = broadcastPartner(rng, s);
        Tensor a = Tensor.randn(rng, s);
        Tensor b = Tensor.randn(rng, p);
        Tensor sum = rng.nextBoolean() ? a.add(b) : b.add(a);
        assertThat(sum.shape()).isEqualTo(Shape.of(s));
        int[] idx = new int[s.length];
        for (int flat = 0; flat < sum.numel(); flat++) {
            int rest = flat;
            for (int d = s.length - 1; d >= 0; d--) {
                idx[d] = rest % s[d];
                rest /= s[d];
            }
            int[] bi = new int[p.length];
            for (int d = 0; d < p.length; d++) {
                bi[d] = p[d] == 1 ? 0 : idx[d + s.length - p.length];
            }
            assertThat(sum.get(idx)).isEqualTo(a.get(idx) + b.get(bi));
        }
    }

    @RepeatedTest(50)
    void reshapeAndPermuteRoundTripsGiveTheOriginalBack(RepetitionInfo info) {
        Random rng = new Random(100 + info.getCurrentRepetition());
        int[] s = randomShape(rng, 4);
        Tensor t = Tensor.randn(rng, s);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < s.length; i++) {
            order.add(i);
        }
        java.util.Collections.shuffle(order, rng);
        int[] perm = order.stream().mapToInt(Integer::intValue).toArray();
        int[] inverse = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            inverse[perm[i]] = i;
        }
        assertThat(t.permute(perm).permute(inverse).toArray()).containsExactly(t.toArray());
        assertThat(t.flatten().reshape(s).toArray()).containsExactly(t.toArray());
        assertThat(t.reshape(-1).numel()).isEqualTo(t.numel());
    }

    @RepeatedTest(30)
    void matmulAgreesWithATripleLoop(RepetitionInfo info) {
        Random rng = new Random(200 + info.getCurrentRepetition());
        int batch = 1 + rng.nextInt(3);
        int m = 1 + rng.nextInt(9);
        int k = rng.nextInt(9);
        int n = 1 + rng.nextInt(9);
        Tensor a = Tensor.randn(rng, batch, m, k);
        Tensor b = Tensor.randn(rng, k, n);
        Tensor c = a.matmul(b);
        for (int t = 0; t < batch; t++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int p = 0; p < k; p++) {
                        s += a.get(t, i, p) * b.get(p, j);
                    }
                    assertThat(c.get(t, i, j)).isCloseTo(s, org.assertj.core.api.Assertions.within(1e-12));
                }
            }
        }
    }

    @RepeatedTest(25)
    void randomExpressionGraphsWithSharedSubexpressionsPassGradcheck(RepetitionInfo info) {
        Random rng = new Random(300 + info.getCurrentRepetition());
        Tensor x = Tensor.uniform(rng, 0.5, 1.5, 3).requiresGrad(true);
        Tensor y = Tensor.uniform(rng, 0.5, 1.5, 2, 3).requiresGrad(true);
        long seed = rng.nextLong();
        Function<List<Tensor>, Tensor> f = in -> randomGraph(new Random(seed), in.get(0), in.get(1));
        GradCheck.Report first = GradCheck.check("random graph " + seed, f, List.of(x, y));
        assertThat(first.passed()).as(first.toString()).isTrue();
        GradCheck.Report second = GradCheck.checkSecondOrder("random graph " + seed, f, List.of(x, y));
        assertThat(second.passed()).as(second.toString()).isTrue();
    }

    /** Builds up to 8 nodes, each from two earlier nodes (so many are reused), with smooth operations. */
    private static Tensor randomGraph(Random rng, Tensor x, Tensor y) {
        List<Tensor> nodes = new ArrayList<>(List.of(x, y));
        int steps = 3 + rng.nextInt(6);
        for (int i = 0; i < steps; i++) {
            Tensor a = nodes.get(rng.nextInt(nodes.size()));
            Tensor b = nodes.get(rng.nextInt(nodes.size()));
            Tensor next = switch (rng.nextInt(7)) {
                case 0 -> a.add(b);
                case 1 -> a.mul(b);
                case 2 -> a.sub(b).tanh();
                case 3 -> a.sigmoid().mul(b);
                case 4 -> a.square().add(1).log();
                case 5 -> a.div(b.square().add(1));
                default -> a.sin().add(b.exp().mul(0.1));
            };
            nodes.add(next);
        }
        Tensor out = nodes.get(nodes.size() - 1);
        for (int i = 2; i < nodes.size() - 1; i += 2) {
            out = out.add(nodes.get(i).mean()); // reuse intermediate nodes once more
        }
        return out;
    }

    @RepeatedTest(3)
    void gatherAndIndexSelectPickAlongEveryDimensionAndTheirGradientsAddBack(RepetitionInfo info) {
        Random rng = new Random(400 + info.getCurrentRepetition());
        int[] dims = {2 + rng.nextInt(2), 3, 2 + rng.nextInt(3)};
        Tensor t = Tensor.randn(rng, dims).requiresGrad(true);
        for (int dim = 0; dim < 3; dim++) {
            int n = dims[dim];
            int[] indexDims = dims.clone();
            indexDims[dim] = 4;
            Tensor index = Tensor.randint(rng, 0, n, indexDims);
            Tensor weights = Tensor.randn(rng, indexDims);
            Tensor picked = t.gather(dim, index);
            int[] chosen = {n - 1, 0, n - 1};
            Tensor rows = t.indexSelect(dim, chosen);
            double[] expectedGrad = new double[t.numel()];
            int[] at = new int[3];
            for (int flat = 0; flat < picked.numel(); flat++) {
                at[0] = flat / (indexDims[1] * indexDims[2]);
                at[1] = flat / indexDims[2] % indexDims[1];
                at[2] = flat % indexDims[2];
                int[] source = at.clone();
                source[dim] = (int) index.get(at);
                assertThat(picked.get(at)).isEqualTo(t.get(source));
                expectedGrad[(source[0] * dims[1] + source[1]) * dims[2] + source[2]] += weights.get(at);
            }
            for (int flat = 0; flat < rows.numel(); flat++) {
                int[] rowDims = dims.clone();
                rowDims[dim] = chosen.length;
                at[0] = flat / (rowDims[1] * rowDims[2]);
                at[1] = flat / rowDims[2] % rowDims[1];
                at[2] = flat % rowDims[2];
                int[] source = at.clone();
                source[dim] = chosen[at[dim]];
                assertThat(rows.get(at)).isEqualTo(t.get(source));
            }
            java.util.List<Tensor> g = Autograd.grad(picked.mul(weights).sum(), java.util.List.of(t), false);
            assertThat(g.get(0).toArray()).containsExactly(expectedGrad, org.assertj.core.api.Assertions.within(1e-12));
        }
    }
}
