package dev.descent.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DataLoaderTest {
    /** Row i holds (i, −i) and target 10·i, so every batch shows which samples it holds and that they stay paired. */
    private static TensorDataset numbered(int n) {
        Tensor index = Tensor.arange(n).reshape(n, 1);
        return new TensorDataset(Tensor.cat(List.of(index, index.neg()), 1), index.mul(10).reshape(n));
    }

    /** The sample indices of one epoch, batch by batch, checking that features and targets are paired. */
    private static List<int[]> epoch(DataLoader loader) {
        List<int[]> batches = new ArrayList<>();
        for (Batch batch : loader) {
            double[] x = batch.features().toArray();
            double[] y = batch.targets().toArray();
            int[] ids = new int[batch.size()];
            for (int r = 0; r < ids.length; r++) {
                ids[r] = (int) x[2 * r];
                assertThat(x[2 * r + 1]).isEqualTo(-ids[r]);
                assertThat(y[r]).isEqualTo(10.0 * ids[r]);
            }
            batches.add(ids);
        }
        return batches;
    }

    private static int[] flat(List<int[]> batches) {
        return batches.stream().flatMapToInt(Arrays::stream).toArray();
    }

    @Test
    void everySampleIsVisitedExactlyOncePerEpoch() {
        DataLoader loader = new DataLoader(numbered(23), DataLoader.Options.batchSize(5).withShuffle(7));
        for (int e = 0; e < 3; e++) {
            List<int[]> batches = epoch(loader);
            assertThat(batches).hasSize(5);
            assertThat(batches.get(4)).hasSize(3);
            int[] all = flat(batches);
            Arrays.sort(all);
            assertThat(all).containsExactly(java.util.stream.IntStream.range(0, 23).toArray());
        }
        assertThat(loader.epoch()).isEqualTo(3);
    }

    @Test
    void theSameSeedGivesTheSameOrdersAndEachEpochIsReshuffled() {
        DataLoader a = new DataLoader(numbered(50), DataLoader.Options.batchSize(8).withShuffle(42));
        DataLoader b = new DataLoader(numbered(50), DataLoader.Options.batchSize(8).withShuffle(42));
        int[] a0 = flat(epoch(a));
        int[] a1 = flat(epoch(a));
        assertThat(flat(epoch(b))).containsExactly(a0);
        assertThat(flat(epoch(b))).containsExactly(a1);
        assertThat(a1).isNotEqualTo(a0);
        assertThat(a0).isNotEqualTo(java.util.stream.IntStream.range(0, 50).toArray());
        DataLoader c = new DataLoader(numbered(50), DataLoader.Options.batchSize(8).withShuffle(43));
        assertThat(flat(epoch(c))).isNotEqualTo(a0);
    }

    @Test
    void withoutShufflingTheBatchesFollowTheDataSetsOrder() {
        DataLoader loader = new DataLoader(numbered(7), DataLoader.Options.batchSize(3));
        List<int[]> batches = epoch(loader);
        assertThat(batches).hasSize(3);
        assertThat(batches.get(0)).containsExactly(0, 1, 2);
        assertThat(batches.get(2)).containsExactly(6);
        assertThat(loader.numBatches()).isEqualTo(3);
    }

    @Test
    void dropLastLeavesOutTheSmallerLastBatch() {
        DataLoader loader = new DataLoader(numbered(23), DataLoader.Options.batchSize(5).withShuffle(1).withDropLast(true));
        assertThat(loader.numBatches()).isEqualTo(4);
        List<int[]> batches = epoch(loader);
        assertThat(batches).hasSize(4).allSatisfy(b -> assertThat(b).hasSize(5));
        assertThat(flat(batches)).doesNotHaveDuplicates().containsExactly(Arrays.copyOf(loader.order(0), 20));
    }

    @Test
    void aRestoredLoaderServesTheSameNextEpoch() {
        DataLoader a = new DataLoader(numbered(30), DataLoader.Options.batchSize(4).withShuffle(-123456789012345L));
        epoch(a);
        epoch(a);
        Map<String, Tensor> state = a.stateDict();
        int[] third = flat(epoch(a));
        DataLoader b = new DataLoader(numbered(30), DataLoader.Options.batchSize(4).withShuffle(-123456789012345L));
        b.loadStateDict(state);
        assertThat(b.epoch()).isEqualTo(2);
        assertThat(flat(epoch(b))).containsExactly(third);
        b.setEpoch(0);
        assertThat(flat(epoch(b))).containsExactly(a.order(0));
    }

    @Test
    void aStateFromAnotherSeedIsRejected() {
        DataLoader a = new DataLoader(numbered(10), DataLoader.Options.batchSize(4).withShuffle(1));
        DataLoader b = new DataLoader(numbered(10), DataLoader.Options.batchSize(4).withShuffle(2));
        assertThatThrownBy(() -> b.loadStateDict(a.stateDict())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("DataLoader.loadStateDict: the state was saved by a loader with seed 1 but this loader has"
                        + " seed 2; make the loader with withShuffle(1)");
    }

    @Test
    void aBatchSizeBelowOneIsRejected() {
        assertThatThrownBy(() -> DataLoader.Options.batchSize(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("DataLoader: batch size must be at least 1, got 0; use the number of samples for full-batch training");
    }

    @Test
    void featuresAndTargetsMustHaveTheSameNumberOfRows() {
        assertThatThrownBy(() -> new TensorDataset(Tensor.zeros(5, 3), Tensor.zeros(4)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("TensorDataset: features [5, 3] and targets [4] differ in their first dimension (5 != 4);"
                        + " each sample needs one row in both");
        assertThatThrownBy(() -> new TensorDataset(Tensor.zeros(5, 3), Tensor.of(1.0)))
                .hasMessageContaining("need a first dimension that counts the samples");
    }

    @Test
    void oneBatchOfAllRowsInOrderIsTheDataItselfNotACopy() {
        TensorDataset data = numbered(10);
        Batch batch = new DataLoader(data, DataLoader.Options.batchSize(10)).iterator().next();
        assertThat(batch.features()).isSameAs(data.features());
        assertThat(batch.targets()).isSameAs(data.targets());
        Batch shuffled = new DataLoader(data, DataLoader.Options.batchSize(10).withShuffle(1)).iterator().next();
        assertThat(shuffled.features()).isNotSameAs(data.features());
    }
}
