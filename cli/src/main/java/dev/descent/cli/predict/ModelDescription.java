package dev.descent.cli.predict;

import dev.descent.cli.common.Formatting;
import dev.descent.data.Preprocessor;
import dev.descent.data.Table;
import dev.descent.io.SavedModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code predict --describe}: what a model expects as input and what it predicts. */
final class ModelDescription {
    private ModelDescription() {
    }

    static String text(String file, SavedModel saved) {
        StringBuilder s = new StringBuilder();
        s.append(file).append(": ").append(saved.architecture()).append(", predicts ").append(Table.quoted(saved.target()));
        if (!saved.classes().isEmpty()) {
            s.append(" (").append(Formatting.count(saved.classes().size(), "class", "classes")).append(": ")
                    .append(String.join(", ", saved.classes().stream().map(Table::quoted).toList())).append(')');
        }
        s.append('\n');
        Preprocessor p = saved.preprocessor();
        s.append("columns it reads (").append(saved.columns().size()).append("):\n");
        for (Preprocessor.ColumnPlan c : p.plans()) {
            s.append("  ").append(Table.quoted(c.name())).append("  ");
            if (c.numeric()) {
                s.append("number");
            } else {
                s.append("text, one-hot over ").append(Formatting.count(c.categories().size(), "category", "categories"))
                        .append(": ").append(String.join(", ", c.categories().stream().map(Table::quoted).toList()));
            }
            s.append(c.fill() == null ? "; a missing cell is an error" : "; a missing cell becomes " + Table.quoted(c.fill()));
            s.append('\n');
        }
        if (p.plans().stream().anyMatch(c -> !c.numeric())) {
            s.append("a category not seen in training: ")
                    .append(p.unknown() == Preprocessor.Unknown.IGNORE ? "all-zero one-hot (--unknown ignore)" : "an error")
                    .append('\n');
        }
        s.append(saved.scaler() == null ? "inputs are not standardised\n"
                : "inputs are standardised with the training split's mean and standard deviation\n");
        return s.toString();
    }

    static Map<String, Object> json(SavedModel saved) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("architecture", saved.architecture());
        o.put("target", saved.target());
        o.put("classes", saved.classes());
        List<Map<String, Object>> columns = new ArrayList<>();
        for (Preprocessor.ColumnPlan c : saved.preprocessor().plans()) {
            Map<String, Object> col = new LinkedHashMap<>();
            col.put("name", c.name());
            col.put("type", c.numeric() ? "number" : "text");
            if (!c.numeric()) {
                col.put("categories", c.categories());
            }
            col.put("fill", c.fill());
            columns.add(col);
        }
        o.put("columns", columns);
        o.put("unknown", saved.preprocessor().unknown().key());
        o.put("standardized", saved.scaler() != null);
        return o;
    }
}
