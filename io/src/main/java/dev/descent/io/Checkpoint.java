package dev.descent.io;

import dev.descent.train.CheckpointStore;
import dev.descent.train.TrainingState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Training checkpoints in a folder, written so that a crash at any moment leaves the last
 * complete one readable: PyTorch's {@code torch.save({"model": ..., "optimizer": ...})} done
 * crash-safely, as safetensors files.
 *
 * <pre>
 * DIR/latest                              one line naming the current checkpoint: epoch-000012
 * DIR/epoch-000012/model.safetensors      the model's state dict (PyTorch names) and the caller's metadata
 * DIR/epoch-000012/training.safetensors   optimizer, scheduler, loader, random states, progress, history
 * </pre>
 *
 * <p>A save writes the new checkpoint into a temporary folder ({@code .epoch-000012.PID-N.tmp},
 * each file flushed to disk: {@link AtomicFiles}), renames it to {@code epoch-000012} when it is
 * complete, flushes the folder, and only then replaces {@code latest} the same way; older
 * checkpoint folders are deleted afterwards. Killed before the switch, the old checkpoint is still
 * the one named; killed after it, the new one is complete. A temporary folder left by a killed
 * save is removed at the JVM's shutdown or by the next save into the folder. Every tensor is F64,
 * so a resumed run continues bit for bit.
 *
 * <pre>{@code
 * var checkpoints = Checkpoint.in(Path.of("runs/digits")).withMetadata(Map.of("descent.architecture", arch.describe()));
 * trainer.checkpointEvery(5, checkpoints).fit(loader, validation);
 * // after a crash, in a new process with the model, optimizer and loader built as before:
 * trainer.resumeFrom(checkpoints).fit(loader, validation);
 * }</pre>
 */
public final class Checkpoint implements CheckpointStore {
    /** The pointer file naming the current checkpoint folder. */
    public static final String LATEST = "latest";
    /** The model's state dict inside a checkpoint folder. */
    public static final String MODEL = "model.safetensors";
    /** Everything else inside a checkpoint folder. */
    public static final String TRAINING = "training.safetensors";

    private static final String FORMAT_KEY = "descent.checkpoint.format";
    private static final String EPOCH_KEY = "descent.checkpoint.epoch";
    private static final Pattern NAME = Pattern.compile("epoch-\\d{6,10}(-\\d{1,9})?");

    private final Path folder;
    private final Map<String, String> metadata;

    private Checkpoint(Path folder, Map<String, String> metadata) {
        this.folder = folder;
        this.metadata = Map.copyOf(metadata);
    }

    /** Checkpoints in {@code folder}, which is created on the first save. */
    public static Checkpoint in(Path folder) {
        if (folder == null) {
            throw new IllegalArgumentException("checkpoint: the folder is null");
        }
        return new Checkpoint(folder, Map.of());
    }

    /**
     * These checkpoints with {@code values} written into every model file's metadata, e.g. the
     * architecture description needed to rebuild the model before resuming.
     */
    public Checkpoint withMetadata(Map<String, String> values) {
        Map<String, String> all = new LinkedHashMap<>(metadata);
        all.putAll(values);
        return new Checkpoint(folder, all);
    }

    /** The folder holding the checkpoints. */
    public Path folder() {
        return folder;
    }

    /**
     * Checks, without writing anything, that checkpoints can be saved here: the folder, or the
     * nearest of its parents that exists, is a folder that accepts new files. Run it before
     * training, so that a bad folder is found before the first epoch rather than after it.
     *
     * @throws UncheckedIOException with a one-line reason ("... is a file, not a folder",
     *     "the folder ... is read-only")
     */
    public void checkWritable() {
        Path existing = folder.toAbsolutePath();
        while (existing.getParent() != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (!Files.isDirectory(existing)) {
            throw failure(existing + " is a file, not a folder");
        }
        if (!Files.isWritable(existing)) {
            throw failure("the folder " + existing + " is read-only (no permission to create files in it)");
        }
        if (Files.exists(folder.resolve(LATEST))) {
            AtomicFiles.checkWritable(folder.resolve(LATEST));
        }
    }

    /** The folder of the current checkpoint, or empty when none was completed. */
    public Optional<Path> latest() {
        Path pointer = folder.resolve(LATEST);
        if (!Files.isRegularFile(pointer)) {
            return Optional.empty();
        }
        String name;
        try {
            name = Files.readString(pointer, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw Inputs.failure(pointer, e.getMessage(), e);
        }
        if (!NAME.matcher(name).matches()) {
            throw new ModelFileException(pointer.toString(), "names '" + name + "', not a checkpoint folder such as"
                    + " epoch-000012");
        }
        Path current = folder.resolve(name);
        if (!Files.isDirectory(current)) {
            throw new ModelFileException(pointer.toString(), "names " + name + ", which is missing from " + folder);
        }
        return Optional.of(current);
    }

    /** The metadata of the current checkpoint's model file (the caller's values and the epoch), or empty. */
    public Optional<Map<String, String>> latestMetadata() {
        return latest().map(dir -> Safetensors.read(dir.resolve(MODEL)).metadata());
    }

    /**
     * Writes {@code state} as a new checkpoint and makes it the current one; see the class comment
     * for why a crash at any point leaves a readable checkpoint.
     *
     * @throws java.io.UncheckedIOException when the folder or a file cannot be written; the last
     *     complete checkpoint stays current
     * @throws IllegalArgumentException when the state cannot be written as safetensors
     */
    @Override
    public void save(TrainingState state) {
        Path temp = null;
        try {
            Files.createDirectories(folder);
            Path target = freshFolder(String.format("epoch-%06d", state.epoch()), pointed());
            // Written under a temporary name and renamed when complete: a killed save leaves no
            // half-written epoch folder, only a temporary that the next save (or the shutdown hook) removes.
            temp = Temporaries.createFolder(folder, target.getFileName().toString());
            Map<String, String> modelMeta = new LinkedHashMap<>(metadata);
            modelMeta.put(EPOCH_KEY, Integer.toString(state.epoch()));
            Safetensors.write(temp.resolve(MODEL), state.model(), modelMeta);
            Safetensors.write(temp.resolve(TRAINING), state.training(),
                    Map.of(FORMAT_KEY, "1", EPOCH_KEY, Integer.toString(state.epoch())));
            Temporaries.rename(temp, target);
            temp = null;
            // The new folder's entry must be on disk before the pointer that names it.
            AtomicFiles.syncFolder(folder);
            AtomicFiles.writeString(folder.resolve(LATEST), target.getFileName() + "\n");
            deleteAllBut(target);
        } catch (FileAlreadyExistsException e) {
            throw failure(e.getFile() + " is a file, not a folder");
        } catch (IOException e) {
            throw failure(AtomicFiles.describe(e));
        } finally {
            if (temp != null) {
                Temporaries.discard(temp);
            }
        }
    }

    @Override
    public Optional<TrainingState> load() {
        return latest().map(this::read);
    }

    private TrainingState read(Path dir) {
        SafetensorsFile model = Safetensors.read(dir.resolve(MODEL));
        SafetensorsFile training = Safetensors.read(dir.resolve(TRAINING));
        String name = dir.resolve(TRAINING).toString();
        if (!"1".equals(training.metadata().get(FORMAT_KEY))) {
            throw new ModelFileException(name, "is not a Descent checkpoint of format 1 (metadata " + FORMAT_KEY + " is "
                    + training.metadata().get(FORMAT_KEY) + ")");
        }
        String epoch = training.metadata().get(EPOCH_KEY);
        if (epoch == null || !epoch.equals(model.metadata().get(EPOCH_KEY))) {
            throw new ModelFileException(name, "belongs to epoch " + epoch + " but the model file beside it to epoch "
                    + model.metadata().get(EPOCH_KEY));
        }
        TrainingState state;
        try {
            state = TrainingState.of(model.tensors(), training.tensors());
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(name, e.getMessage(), e);
        }
        if (!Integer.toString(state.epoch()).equals(epoch)) {
            throw new ModelFileException(name, "says epoch " + epoch + " but holds the history of " + state.epoch());
        }
        return state;
    }

    /** The folder the pointer names, existing or not; empty without a readable pointer (a save then repairs it). */
    private Optional<Path> pointed() {
        try {
            String name = Files.readString(folder.resolve(LATEST), StandardCharsets.UTF_8).strip();
            return NAME.matcher(name).matches() ? Optional.of(folder.resolve(name)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** {@code name} unless the current checkpoint has it; a folder left over by a crash is cleared first. */
    private Path freshFolder(String name, Optional<Path> previous) throws IOException {
        Path target = folder.resolve(name);
        for (int n = 1; previous.isPresent() && previous.get().equals(target); n++) {
            target = folder.resolve(name + "-" + n);
        }
        if (Files.exists(target)) {
            Temporaries.retire(target);
        }
        return target;
    }

    private void deleteAllBut(Path keep) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path p : entries) {
                if (!p.equals(keep) && Files.isDirectory(p) && NAME.matcher(p.getFileName().toString()).matches()) {
                    Temporaries.retire(p);
                }
            }
        }
    }

    private UncheckedIOException failure(String reason) {
        String message = Messages.capped("cannot write a checkpoint to " + folder + ": " + reason);
        return new UncheckedIOException(message, new IOException(message));
    }

    @Override
    public String toString() {
        return "checkpoint folder " + folder;
    }
}
