package dev.descent.io;

/**
 * Thrown when a data file cannot be read as a table of numbers; the message names the file, the
 * line and the column, e.g. {@code data/housing.csv line 17, column CRIM: 'abc' is not a number}.
 *
 * <p>The message is one line of at most {@value Messages#MAX_MESSAGE} characters: line breaks and
 * other control characters from the file are escaped ({@code \n}), long values cut short.
 *
 * <p>Lines are counted from 1 as an editor shows them (a quoted cell that spans lines counts every
 * line it spans). {@link #line()} is 0 and {@link #column()} is {@code null} when the problem
 * concerns the whole file or a whole line.
 */
public class DataFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final long line;
    private final String column;

    /** A problem in {@code file} at {@code line} (0: the whole file) and {@code column} ({@code null}: none). */
    public DataFormatException(String file, long line, String column, String problem) {
        super(Messages.capped(location(file, line, column) + ": " + problem));
        this.file = file;
        this.line = line;
        this.column = column;
    }

    /** The file as the user named it, or the name of a bundled resource. */
    public String file() {
        return file;
    }

    /** The 1-based physical line, or 0 when the problem is not on one line. */
    public long line() {
        return line;
    }

    /** The column's name from the header, or {@code null} when the problem is not in one column. */
    public String column() {
        return column;
    }

    private static String location(String file, long line, String column) {
        StringBuilder where = new StringBuilder(file);
        if (line > 0) {
            where.append(" line ").append(line);
        }
        if (column != null) {
            where.append(line > 0 ? ", column " : " column ").append(column);
        }
        return where.toString();
    }
}
