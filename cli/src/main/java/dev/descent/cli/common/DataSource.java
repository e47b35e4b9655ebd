package dev.descent.cli.common;

import dev.descent.Tensor;
import dev.descent.io.Csv;
import dev.descent.io.Dataset;
import dev.descent.io.Datasets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code --data}: a bundled data set by name, or a CSV file with a header row. */
public final class DataSource {
    private DataSource() {
    }

    /**
     * Loads {@code data} with the chosen target and features (null: the data set's own target, or all
     * other columns). A bundled name wins over a file of the same name only when no such file exists.
     */
    public static Dataset load(String data, String target, List<String> features) {
        Path file = Path.of(data);
        if (!Files.exists(file) && Datasets.names().contains(data.toLowerCase(java.util.Locale.ROOT).replace('_', '-'))) {
            return select(Datasets.load(data), target, features);
        }
        if (!Files.exists(file)) {
            throw new UserError("--data " + data + ": no such file, and not a bundled data set (bundled: "
                    + String.join(", ", Datasets.names()) + ")");
        }
        if (target == null) {
            List<String> columns = Csv.columns(file);
            throw new UserError("--data " + data + ": name the column to predict with --target (columns: "
                    + String.join(", ", columns) + ")");
        }
        return Csv.read(file, target, features);
    }

    private static Dataset select(Dataset d, String target, List<String> features) {
        if (target != null && !target.equals(d.targetName())) {
            throw new UserError("--target " + target + ": the bundled data set " + d.name() + " predicts "
                    + d.targetName() + "; choose features with --features");
        }
        if (features == null) {
            return d;
        }
        int[] columns = new int[features.size()];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = d.featureNames().indexOf(features.get(i));
            if (columns[i] < 0) {
                throw new UserError("--features: " + d.name() + " has no column '" + features.get(i) + "' (columns: "
                        + String.join(", ", d.featureNames()) + ")");
            }
        }
        Tensor x = d.features().indexSelect(1, columns);
        return new Dataset(d.name(), new ArrayList<>(features), d.targetName(), x, d.target(), d.classNames());
    }
}
