package dev.descent.cli.data;

import dev.descent.cli.common.Formatting;
import dev.descent.data.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code descent data} as text: aligned columns a reader can scan. */
final class DataText {
    private DataText() {
    }

    static String list(List<Map<String, Object>> sets) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("name", "rows", "columns", "target", "task", "origin"));
        for (Map<String, Object> s : sets) {
            rows.add(List.of(str(s.get("name")), str(s.get("rows")), str(s.get("columns")), str(s.get("target")),
                    str(s.get("task")), str(s.get("origin"))));
        }
        return aligned(rows) + "Show one with: descent data NAME (or a CSV file: descent data FILE.csv)\n";
    }

    @SuppressWarnings("unchecked")
    static String describe(Map<String, Object> d, Table table, int shown) {
        StringBuilder s = new StringBuilder();
        s.append(d.get("name")).append(": ").append(Formatting.count((int) d.get("rows"), "row", "rows")).append(", ")
                .append(Formatting.count((int) d.get("columns"), "column", "columns"));
        if (d.containsKey("target")) {
            s.append("; target ").append(Table.quoted(str(d.get("target")))).append(" (").append(d.get("task")).append(')');
        }
        s.append('\n');
        if (d.containsKey("origin")) {
            s.append("origin: ").append(d.get("origin")).append('\n');
        }
        s.append('\n');
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("column", "type", "missing", "values"));
        for (Map<String, Object> c : (List<Map<String, Object>>) d.get("schema")) {
            String values;
            if (c.get("type").equals("number")) {
                values = c.containsKey("min") ? Formatting.num((double) c.get("min")) + " to " + Formatting.num((double) c.get("max")) : "";
            } else {
                int distinct = (int) c.get("distinct");
                List<String> shownCategories = ((List<String>) c.get("categories")).stream().map(Table::quoted).toList();
                values = Formatting.count(distinct, "category", "categories") + ": " + String.join(", ", shownCategories)
                        + (distinct > shownCategories.size() ? ", …" : "");
            }
            rows.add(List.of(Table.quoted(str(c.get("name"))), str(c.get("type")), str(c.get("missing")), values));
        }
        s.append(aligned(rows));
        List<List<String>> head = (List<List<String>>) d.get("head");
        if (!head.isEmpty()) {
            s.append('\n').append("first ").append(Formatting.count(head.size(), "row", "rows")).append(":\n");
            List<List<String>> lines = new ArrayList<>();
            lines.add(table.names());
            for (List<String> row : head) {
                lines.add(row.stream().map(v -> v == null ? "NA" : v).toList());
            }
            s.append(aligned(lines));
        }
        if (shown < table.rows() && !head.isEmpty()) {
            s.append("… ").append(Formatting.count(table.rows() - head.size(), "more row", "more rows")).append('\n');
        }
        return s.toString();
    }

    private static String str(Object o) {
        return String.valueOf(o);
    }

    /** Left-aligned columns two spaces apart, the last without trailing spaces. */
    private static String aligned(List<List<String>> rows) {
        int columns = rows.get(0).size();
        int[] width = new int[columns];
        for (List<String> r : rows) {
            for (int i = 0; i < columns; i++) {
                width[i] = Math.max(width[i], r.get(i).length());
            }
        }
        StringBuilder s = new StringBuilder();
        for (List<String> r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(r.get(i));
                if (i < columns - 1) {
                    line.append(" ".repeat(width[i] - r.get(i).length() + 2));
                }
            }
            s.append(line.toString().stripTrailing()).append('\n');
        }
        return s.toString();
    }
}
