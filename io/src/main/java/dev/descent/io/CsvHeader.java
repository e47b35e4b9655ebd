package dev.descent.io;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The header row of a CSV file: the column names, and finding columns by name with helpful errors. */
final class CsvHeader {
    private final CsvRows rows;
    private final List<String> names;
    private final long line;
    /** Each name's first and second column (-1: none), so that finding all columns is not quadratic. */
    private final Map<String, int[]> positions = new HashMap<>();

    private CsvHeader(CsvRows rows, List<String> names, long line) {
        this.rows = rows;
        this.names = names;
        this.line = line;
        for (int i = 0; i < names.size(); i++) {
            int[] at = positions.computeIfAbsent(names.get(i), n -> new int[] {-1, -1});
            if (at[0] < 0) {
                at[0] = i;
            } else if (at[1] < 0) {
                at[1] = i;
            }
        }
    }

    /** Reads the first non-blank row of {@code rows} as the header. */
    static CsvHeader read(CsvRows rows) {
        CsvRows.Row first = rows.next();
        if (first == null) {
            throw rows.error(0, null, "the file is empty; its first line must be a header with the column names,"
                    + " such as x1,x2,y");
        }
        List<String> names = new ArrayList<>();
        boolean allNumbers = true;
        for (String cell : first.cells()) {
            names.add(cell.strip());
            allNumbers &= Numbers.isNumber(cell);
        }
        if (allNumbers) {
            throw rows.error(first.line(), null, "holds numbers, not column names; the first line must be a header"
                    + " with the column names, such as x1,x2,y");
        }
        return new CsvHeader(rows, List.copyOf(names), first.line());
    }

    /** All column names, in file order (unnamed columns are empty strings). */
    List<String> names() {
        return names;
    }

    /** The index of the column called {@code name}; {@code role} ("target", "feature", or null) is for messages. */
    int index(String name, String role) {
        int[] at = positions.get(name);
        if (at == null) {
            throw rows.error(0, null, "no column '" + Messages.shown(name) + "'" + (role == null ? "" : " (the " + role + ")") + suggestion(name)
                    + "; the columns are " + shownNames() + separatorHint());
        }
        if (at[1] >= 0) {
            throw twice(name, at[0], at[1]);
        }
        return at[0];
    }

    /**
     * The indices of the columns {@code wanted}, in order; every absent one is named in one error.
     */
    List<Integer> indices(List<String> wanted) {
        List<String> absent = new ArrayList<>();
        for (String name : wanted) {
            if (!positions.containsKey(name)) {
                absent.add(name);
            }
        }
        if (absent.size() > 1) {
            throw rows.error(0, null, "no columns " + Messages.list(absent) + "; the columns are " + shownNames()
                    + separatorHint());
        }
        List<Integer> out = new ArrayList<>();
        for (String name : wanted) {
            out.add(index(name, null));
        }
        return out;
    }

    /** True when exactly one column is called {@code name}. */
    boolean isUnique(String name) {
        int[] at = positions.get(name);
        return at != null && at[1] < 0;
    }

    /** Every column except {@code excluded}; each must have a name of its own. */
    List<Integer> allExcept(int excluded) {
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            if (i == excluded) {
                continue;
            }
            if (names.get(i).isEmpty()) {
                throw rows.error(line, null, "column " + (i + 1) + " has no name; name it in the header,"
                        + " or choose the columns explicitly");
            }
            indices.add(index(names.get(i), null));
        }
        return indices;
    }

    private DataFormatException twice(String name, int first, int second) {
        return rows.error(line, null, "the header names column '" + Messages.shown(name) + "' twice (columns " + (first + 1)
                + " and " + (second + 1) + "); rename one");
    }

    private String suggestion(String name) {
        for (String candidate : names) {
            if (candidate.equalsIgnoreCase(name.strip())) {
                return "; did you mean '" + Messages.shown(candidate) + "'?";
            }
        }
        return "";
    }

    private String shownNames() {
        return Messages.list(names);
    }

    private String separatorHint() {
        if (names.size() == 1) {
            for (String separator : new String[] {";", "\t", "|"}) {
                if (names.get(0).contains(separator)) {
                    return " (the header is one field: Descent reads comma-separated files, and this one seems to be"
                            + " separated by '" + (separator.equals("\t") ? "\\t" : separator) + "')";
                }
            }
        }
        return "";
    }
}
