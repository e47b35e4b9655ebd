package dev.descent.cli.data;

import dev.descent.data.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** One column at a glance: its type, missing cells, and its range or its categories. */
final class ColumnSummary {
    /** How many categories a text column shows by name. */
    static final int SHOWN = 5;

    private ColumnSummary() {
    }

    static List<Map<String, Object>> of(Table table) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Table.Column c : table.columns()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("name", c.name());
            int missing = 0;
            for (int r = 0; r < c.size(); r++) {
                missing += c.isMissing(r) ? 1 : 0;
            }
            if (c instanceof Table.Numbers n) {
                o.put("type", "number");
                double min = Double.POSITIVE_INFINITY;
                double max = Double.NEGATIVE_INFINITY;
                for (double v : n.values()) {
                    if (!Double.isNaN(v)) {
                        min = Math.min(min, v);
                        max = Math.max(max, v);
                    }
                }
                o.put("missing", missing);
                if (missing < c.size()) {
                    o.put("min", min);
                    o.put("max", max);
                }
            } else {
                o.put("type", "text");
                o.put("missing", missing);
                TreeMap<String, Integer> counts = new TreeMap<>();
                for (int r = 0; r < c.size(); r++) {
                    if (!c.isMissing(r)) {
                        counts.merge(c.text(r), 1, Integer::sum);
                    }
                }
                o.put("distinct", counts.size());
                o.put("categories", new ArrayList<>(counts.keySet()).subList(0, Math.min(SHOWN, counts.size())));
            }
            out.add(o);
        }
        return out;
    }
}
