package dev.descent.spark;

import dev.descent.train.DataParallel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each shard's order of its rows for the current epoch, kept on the worker between the epoch's
 * steps, so that a step draws it once per epoch rather than once per step.
 */
final class Orders {
    /** The last order drawn for each shard (by index), with what it was drawn for. */
    private static final Map<Integer, Drawn> LAST = new ConcurrentHashMap<>();

    private Orders() {
    }

    private record Drawn(int rows, long seed, int epoch, int[] order) {
    }

    /** {@link DataParallel#order} of {@code shard} in {@code epoch}, drawn once per epoch on this JVM. */
    static int[] of(Shard shard, long seed, int epoch) {
        Drawn d = LAST.get(shard.index());
        if (d == null || d.rows() != shard.rows() || d.seed() != seed || d.epoch() != epoch) {
            d = new Drawn(shard.rows(), seed, epoch, DataParallel.order(shard.rows(), shard.index(), seed, epoch));
            LAST.put(shard.index(), d);
        }
        return d.order();
    }
}
