package dev.descent.data;

import dev.descent.Tensor;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * Mini-batches of a {@link TensorDataset} ({@code torch.utils.data.DataLoader}): each pass of a
 * for-each loop is one epoch, which visits every sample once, in batches of
 * {@code batchSize} rows (the last one smaller unless {@code dropLast}).
 *
 * <pre>{@code
 * var loader = new DataLoader(train, DataLoader.Options.batchSize(32).withShuffle(7));
 * for (int epoch = 0; epoch < 10; epoch++) {
 *     for (Batch batch : loader) {
 *         Tensor loss = model.forward(batch.features()).sub(batch.targets()).square().mean();
 *         ...
 *     }
 * }
 * }</pre>
 *
 * <p>With shuffling, epoch e's order is a Fisher–Yates shuffle driven by a {@link Random} whose
 * seed is derived from the loader's seed and e alone. The order of an epoch therefore depends on
 * nothing but (seed, e): the same seed gives the same orders, every epoch is reshuffled, and a
 * checkpoint only needs the epoch counter ({@link #stateDict()}) to continue with the same batches.
 * Each call of {@link #iterator()} starts the next epoch.
 */
public final class DataLoader implements Iterable<Batch> {
    private final TensorDataset dataset;
    private final Options options;
    private int epoch;

    /**
     * How a loader batches: {@code DataLoader.Options.batchSize(32).withShuffle(seed).withDropLast(true)}.
     *
     * @param batchSize rows per batch, at least 1
     * @param shuffle reshuffle the samples every epoch
     * @param seed the seed of the shuffles (unused without shuffling)
     * @param dropLast leave out the last batch of an epoch when it is smaller than {@code batchSize}
     */
    public record Options(int batchSize, boolean shuffle, long seed, boolean dropLast) {
        /** Checks the batch size. */
        public Options {
            if (batchSize < 1) {
                throw new IllegalArgumentException("DataLoader: batch size must be at least 1, got " + batchSize
                        + "; use the number of samples for full-batch training");
            }
        }

        /** Batches of {@code batchSize} rows in the data set's order, keeping a smaller last batch. */
        public static Options batchSize(int batchSize) {
            return new Options(batchSize, false, 0, false);
        }

        /** These options, shuffled every epoch from {@code seed}. */
        public Options withShuffle(long seed) {
            return new Options(batchSize, true, seed, dropLast);
        }

        /** These options in the data set's order. */
        public Options withoutShuffle() {
            return new Options(batchSize, false, 0, dropLast);
        }

        /** These options, with the last smaller batch left out or kept. */
        public Options withDropLast(boolean value) {
            return new Options(batchSize, shuffle, seed, value);
        }
    }

    /** A loader over {@code dataset}, at epoch 0. */
    public DataLoader(TensorDataset dataset, Options options) {
        if (dataset == null || options == null) {
            throw new IllegalArgumentException("DataLoader: the data set and the options must not be null");
        }
        this.dataset = dataset;
        this.options = options;
    }

    /** The data set being batched. */
    public TensorDataset dataset() {
        return dataset;
    }

    /** The options this loader was made with. */
    public Options options() {
        return options;
    }

    /** The number of batches per epoch ({@code len(loader)}). */
    public int numBatches() {
        int n = dataset.size();
        int b = options.batchSize();
        return options.dropLast() ? n / b : (int) ((n + (long) b - 1) / b); // long: a batch size near 2³¹ must not overflow
    }

    /** The epoch the next {@link #iterator()} will serve: the number of epochs started so far. */
    public int epoch() {
        return epoch;
    }

    /** Makes the next {@link #iterator()} serve epoch {@code epoch} (PyTorch's {@code sampler.set_epoch}). */
    public void setEpoch(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("DataLoader.setEpoch: epoch must not be negative, got " + epoch);
        }
        this.epoch = epoch;
    }

    /** The order in which epoch {@code epoch} visits the samples (a new array). */
    public int[] order(int epoch) {
        int n = dataset.size();
        return options.shuffle() ? Permutations.shuffled(n, new Random(Permutations.epochSeed(options.seed(), epoch)))
                : Permutations.identity(n);
    }

    /**
     * Starts the next epoch: its batches in order, each made with {@link Tensor#indexSelect} (one
     * batch of all rows in order is the data set's own tensors).
     */
    @Override
    public Iterator<Batch> iterator() {
        int[] order = order(epoch);
        epoch++;
        int batches = numBatches();
        int size = options.batchSize();
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < batches;
            }

            @Override
            public Batch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("DataLoader: the epoch has " + batches + " batches");
                }
                int from = next * size;
                next++;
                int to = Math.min(from + size, order.length);
                if (!options.shuffle() && from == 0 && to == order.length) {
                    // All rows in order: the data themselves, not a copy of a large table every epoch.
                    return new Batch(dataset.features(), dataset.targets());
                }
                return dataset.batch(Arrays.copyOfRange(order, from, to));
            }
        };
    }

    /**
     * The loader's position for a checkpoint: {@code epoch}, and the seed as {@code seed_high} and
     * {@code seed_low} (its two 32-bit halves, exact in a double).
     */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("epoch", Tensor.of((double) epoch));
        out.put("seed_high", Tensor.of((double) (options.seed() >> 32)));
        out.put("seed_low", Tensor.of((double) (options.seed() & 0xFFFFFFFFL)));
        return out;
    }

    /**
     * Continues from a state saved by {@link #stateDict()}: the next epoch served is the saved one.
     *
     * @throws IllegalArgumentException when an entry is missing or malformed, or the state was saved
     *     by a loader with another seed (whose orders this loader cannot reproduce)
     */
    public void loadStateDict(Map<String, Tensor> state) {
        String where = "DataLoader.loadStateDict";
        if (state == null) {
            throw new IllegalArgumentException(where + ": the state is null; pass the map returned by stateDict()");
        }
        double e = wholeNumber(where, state, "epoch");
        long seed = ((long) wholeNumber(where, state, "seed_high") << 32) | (long) wholeNumber(where, state, "seed_low");
        if (e < 0 || e > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(where + ": entry 'epoch' is " + e + "; it must not be negative");
        }
        if (seed != options.seed()) {
            throw new IllegalArgumentException(where + ": the state was saved by a loader with seed " + seed
                    + " but this loader has seed " + options.seed() + "; make the loader with withShuffle(" + seed + ")");
        }
        this.epoch = (int) e;
    }

    private static double wholeNumber(String where, Map<String, Tensor> state, String key) {
        Tensor t = state.get(key);
        if (t == null || t.numel() != 1 || t.item() != Math.rint(t.item()) || Double.isInfinite(t.item())) {
            throw new IllegalArgumentException(where + ": entry '" + key + "' is "
                    + (t == null ? "missing" : t.numel() != 1 ? "of shape " + t.shape() : String.valueOf(t.item()))
                    + "; pass the map returned by stateDict()");
        }
        return t.item();
    }
}
