package dev.descent.cli.fit;

import dev.descent.cli.common.DataSource;
import dev.descent.cli.common.UserError;
import dev.descent.data.Table;
import dev.descent.io.Checkpoint;
import dev.descent.io.Csv;
import dev.descent.io.Dataset;
import dev.descent.io.Datasets;
import dev.descent.train.FitConfig;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code descent fit} keeps in a checkpoint's metadata besides the weights and the training
 * state: the run's settings, a fingerprint of its data and how often it saves; and the checks
 * {@code --checkpoint} and {@code --resume} make with them.
 */
final class FitCheckpoints {
    /** The prefix of a run's settings in a checkpoint's metadata: {@code descent.fit.learningRate}, .... */
    private static final String PREFIX = "descent.fit.";
    private static final String FORMAT = PREFIX + "format";
    private static final String DATA = "descent.run.data";
    private static final String DATA_FINGERPRINT = "descent.run.data-sha256";
    private static final String CHECKPOINT_EVERY = "descent.run.checkpoint-every";

    private FitCheckpoints() {
    }

    /** A checkpoint's settings and metadata, read for {@code --resume}. */
    record Saved(Path folder, FitConfig config, Map<String, String> metadata) {
        /** The data the run was trained on, as {@code --data} named it. */
        String data() {
            return metadata.get(DATA);
        }

        /** How often the run saved (1 when the checkpoint does not say). */
        int every() {
            String n = metadata.get(CHECKPOINT_EVERY);
            return n == null || !n.matches("[1-9][0-9]{0,8}") ? 1 : Integer.parseInt(n);
        }

        /** The epochs the checkpoint has trained. */
        int epochsDone() {
            String n = metadata.get("descent.checkpoint.epoch");
            return n == null || !n.matches("[0-9]{1,9}") ? 0 : Integer.parseInt(n);
        }

        /**
         * Refuses data that lack the checkpoint's columns before loading them, so that the message says
         * so rather than blaming --target or --features, which were not given. A pipe is left to the
         * load: it can be read only once.
         *
         * @throws UserError naming the missing columns
         */
        void requireColumns(String source) {
            List<String> columns = new ArrayList<>();
            if (DataSource.isBundled(source)) {
                Dataset bundled = Datasets.load(source);
                columns.addAll(bundled.featureNames());
                columns.add(bundled.targetName());
            } else if (Files.isRegularFile(Path.of(source))) {
                columns.addAll(Csv.columns(Path.of(source)));
            }
            List<String> missing = new ArrayList<>(List.of(config.target()));
            missing.addAll(config.features());
            missing.removeAll(columns);
            if (!columns.isEmpty() && !missing.isEmpty()) {
                throw new UserError("--resume " + folder + ": the checkpoint was trained on other data: " + source
                        + " has no column" + (missing.size() == 1 ? " " : "s ") + DataSource.quoted(missing)
                        + (source.equals(data()) ? "" : " (the checkpoint's data: " + data() + ")"));
            }
        }

        /**
         * @throws UserError when {@code d} is not the data the checkpoint was trained on
         */
        void requireSameData(DataSource.Data d, String source) {
            String fingerprint = metadata.get(DATA_FINGERPRINT);
            if (fingerprint != null && !fingerprint.equals(fingerprint(d))) {
                throw new UserError("--resume " + folder + ": the data in " + source + " are not those the checkpoint"
                        + " was trained on; resume with the same data");
            }
        }
    }

    /**
     * The latest checkpoint's settings in {@code folder}.
     *
     * @throws UserError when the folder holds no checkpoint, or one that {@code descent fit} did not write
     */
    static Saved read(Path folder) {
        Map<String, String> meta = Checkpoint.in(folder).latestMetadata().orElseThrow(() -> new UserError("--resume "
                + folder + ": no checkpoint there (no " + folder.resolve(Checkpoint.LATEST) + "); start the run with"
                + " --checkpoint " + folder));
        if (!"3".equals(meta.get(FORMAT)) || meta.get(DATA) == null) {
            throw new UserError("--resume " + folder + ": not a checkpoint written by this version of descent fit (its"
                    + " metadata have no " + FORMAT + " 3)");
        }
        Map<String, String> settings = new LinkedHashMap<>();
        for (String key : FitConfig.keys()) {
            String value = meta.get(PREFIX + key);
            if (value == null) {
                throw new UserError("--resume " + folder + ": the checkpoint's settings are broken (no " + PREFIX + key + ")");
            }
            settings.put(key, value);
        }
        try {
            return new Saved(folder, FitConfig.fromMap(settings), meta);
        } catch (IllegalArgumentException e) {
            throw new UserError("--resume " + folder + ": the checkpoint's settings are broken (" + e.getMessage() + ")", e);
        }
    }

    /** The metadata every checkpoint of this run carries: its settings, its data and how often it saves. */
    static Map<String, String> metadata(FitConfig config, String data, DataSource.Data d, int every) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(FORMAT, "3");
        config.toMap().forEach((key, value) -> meta.put(PREFIX + key, value));
        meta.put(DATA, data);
        meta.put(DATA_FINGERPRINT, fingerprint(d));
        meta.put(CHECKPOINT_EVERY, Integer.toString(every));
        return meta;
    }

    /**
     * Refuses to start a run in a folder that holds another run's checkpoint.
     *
     * @throws UserError naming the checkpoint found
     */
    static void requireNone(Path folder) {
        Checkpoint.in(folder).latest().ifPresent(existing -> {
            throw new UserError("--checkpoint " + folder + ": already holds a checkpoint (" + existing.getFileName()
                    + "); continue that run with --resume " + folder + ", or choose an empty folder");
        });
    }

    /** A SHA-256 of the names and values a run trains on, so that --resume can tell other data apart. */
    static String fingerprint(DataSource.Data d) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((String.join(",", d.table().names()) + ";" + d.target() + ";" + String.join(",", d.classes()))
                    .getBytes(StandardCharsets.UTF_8));
            ByteBuffer buffer = ByteBuffer.allocate(8);
            for (Table.Column c : d.table().columns()) {
                if (c instanceof Table.Numbers numbers) {
                    for (double v : numbers.values()) {
                        buffer.clear();
                        buffer.putLong(Double.doubleToRawLongBits(v));
                        sha.update(buffer.array());
                    }
                } else {
                    for (String v : ((Table.Texts) c).values()) {
                        // A length prefix keeps ["ab", "c"] apart from ["a", "bc"]; -1 marks a missing cell.
                        byte[] bytes = v == null ? new byte[0] : v.getBytes(StandardCharsets.UTF_8);
                        buffer.clear();
                        buffer.putLong(v == null ? -1 : bytes.length);
                        sha.update(buffer.array());
                        sha.update(bytes);
                    }
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
