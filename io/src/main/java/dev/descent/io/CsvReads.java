package dev.descent.io;

import dev.descent.Tensor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** What {@link Csv}'s readers do once the file is open: choose columns by name, then read every row once. */
final class CsvReads {
    private CsvReads() {}

    /** The header's column names; no data row is read. */
    static List<String> columns(CsvRows rows) {
        return CsvHeader.read(rows).names();
    }

    /** {@code target} as the target and {@code features} (null: every other column) as features. */
    static Dataset dataset(CsvRows rows, String target, List<String> features) {
        Objects.requireNonNull(target, "target");
        CsvHeader header = CsvHeader.read(rows);
        int targetIndex = header.index(target, "target");
        List<Integer> featureIndices = features == null
                ? header.allExcept(targetIndex)
                : chosenFeatures(rows, header, features, target);
        if (featureIndices.isEmpty()) {
            throw rows.error(0, null, "no columns are left as features; the file has only the target '"
                    + target + "'");
        }
        int[] x = ints(featureIndices);
        List<Tensor> read = readData(rows, header,
                List.of(NumericRows.Group.of(x), NumericRows.Group.vector(targetIndex, false)));
        return new Dataset(rows.source(), names(header, x), target, read.get(0), read.get(1), List.of());
    }

    /** The named {@code columns} (null: all) as one table. */
    static CsvTable table(CsvRows rows, List<String> columns) {
        CsvHeader header = CsvHeader.read(rows);
        List<Integer> indices = new ArrayList<>();
        if (columns == null) {
            indices = header.allExcept(-1);
        } else {
            checkDistinct(rows, columns, "column");
            for (String column : columns) {
                indices.add(header.index(column, "column"));
            }
        }
        if (indices.isEmpty()) {
            throw rows.error(0, null, "no columns were chosen");
        }
        int[] selected = ints(indices);
        List<Tensor> read = readData(rows, header, List.of(NumericRows.Group.of(selected)));
        return new CsvTable(names(header, selected), read.get(0));
    }

    /** {@code features} as features and {@code target} when the file has it and it is all numbers. */
    static FeatureTable features(CsvRows rows, List<String> features, String target) {
        Objects.requireNonNull(target, "target");
        CsvHeader header = CsvHeader.read(rows);
        checkDistinct(rows, features, "feature");
        List<Integer> indices = new ArrayList<>();
        for (String feature : features) {
            indices.add(header.index(feature, "feature"));
        }
        if (indices.isEmpty()) {
            throw rows.error(0, null, "no feature columns were chosen");
        }
        int[] x = ints(indices);
        int targetIndex = header.names().indexOf(target);
        boolean withTarget = targetIndex >= 0 && !features.contains(target) && header.isUnique(target);
        List<NumericRows.Group> groups = new ArrayList<>(List.of(NumericRows.Group.of(x)));
        if (withTarget) {
            groups.add(NumericRows.Group.vector(targetIndex, true));
        }
        List<Tensor> read = readData(rows, header, groups);
        Optional<Tensor> y = withTarget ? Optional.ofNullable(read.get(1)) : Optional.empty();
        return new FeatureTable(names(header, x), read.get(0), target, y);
    }

    private static List<Integer> chosenFeatures(CsvRows rows, CsvHeader header, List<String> features, String target) {
        checkDistinct(rows, features, "feature");
        List<Integer> indices = new ArrayList<>();
        for (String feature : features) {
            if (feature.equals(target)) {
                throw rows.error(0, null, "'" + target + "' is the target, so it cannot also be a feature");
            }
            indices.add(header.index(feature, "feature"));
        }
        return indices;
    }

    private static void checkDistinct(CsvRows rows, List<String> names, String role) {
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (!seen.add(Objects.requireNonNull(name, role))) {
                throw rows.error(0, null, "the " + role + " '" + name + "' is chosen twice");
            }
        }
    }

    private static List<Tensor> readData(CsvRows rows, CsvHeader header, List<NumericRows.Group> groups) {
        List<Tensor> read = NumericRows.read(rows, header.names(), groups, "the header");
        if (read.isEmpty()) {
            throw rows.error(0, null, "has a header but no data rows");
        }
        return read;
    }

    private static int[] ints(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }

    private static List<String> names(CsvHeader header, int[] indices) {
        List<String> names = new ArrayList<>();
        for (int i : indices) {
            names.add(header.names().get(i));
        }
        return names;
    }
}
