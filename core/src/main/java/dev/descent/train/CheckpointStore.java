package dev.descent.train;

import java.util.Optional;

/**
 * Where a {@link Trainer} keeps its checkpoints: {@code dev.descent.io.Checkpoint} writes them to
 * a folder as safetensors files; {@link #inMemory()} keeps the latest one in memory.
 *
 * <p>An implementation must keep the last complete checkpoint readable if saving fails or the
 * process dies part-way through a save.
 */
public interface CheckpointStore {
    /** Saves {@code state} as the latest checkpoint, replacing the previous one only once it is complete. */
    void save(TrainingState state);

    /** The latest complete checkpoint, or empty when none was saved. */
    Optional<TrainingState> load();

    /** A store that keeps the latest state in memory (for tests, or to restart a run within one process). */
    static CheckpointStore inMemory() {
        return new CheckpointStore() {
            private TrainingState latest;

            @Override
            public synchronized void save(TrainingState state) {
                latest = state;
            }

            @Override
            public synchronized Optional<TrainingState> load() {
                return Optional.ofNullable(latest);
            }

            @Override
            public String toString() {
                return "in-memory checkpoint store";
            }
        };
    }
}
