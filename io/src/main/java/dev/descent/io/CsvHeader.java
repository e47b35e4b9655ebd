package dev.descent.io;

import java.util.ArrayList;
import java.util.List;

/** The header row of a CSV file: the column names, and finding columns by name with helpful errors. */
final class CsvHeader {
    private static final int NAMES_SHOWN = 30;

    private final CsvRows rows;
    private final List<String> names;
    private final long line;

    private CsvHeader(CsvRows rows, List<String> names, long line) {
        this.rows = rows;
        this.names = names;
        this.line = line;
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

    /** The index of the column called {@code name}; {@code role} ("target", "feature") is for messages. */
    int index(String name, String role) {
        int found = -1;
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equals(name)) {
                if (found >= 0) {
                    throw twice(name, found, i);
                }
                found = i;
            }
        }
        if (found < 0) {
            throw rows.error(0, null, "no column '" + Messages.shown(name) + "' (the " + role + ")" + suggestion(name)
                    + "; the columns are " + shownNames() + separatorHint());
        }
        return found;
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
            indices.add(index(names.get(i), "column"));
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
        List<String> shown = names.size() <= NAMES_SHOWN ? names : names.subList(0, NAMES_SHOWN);
        StringBuilder text = new StringBuilder();
        for (String name : shown) {
            text.append(text.length() == 0 ? "" : ", ").append(name.isEmpty() ? "(unnamed)" : Messages.shown(name));
        }
        if (shown.size() < names.size()) {
            text.append(", ... (").append(names.size()).append(" in all)");
        }
        return text.toString();
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
