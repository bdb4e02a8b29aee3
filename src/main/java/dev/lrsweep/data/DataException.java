package dev.lrsweep.data;

/**
 * Input data that cannot be used: a missing or unreadable file, malformed CSV, a cell that is not a
 * finite number, an unknown column. The message is one line naming the file, line and column (or
 * the option) and what is wrong; the CLI prints it as is and exits with code 2.
 *
 * <p>A check that sees only a {@link Dataset} (a model's check of its target values) knows the data
 * row, not where it was written: it says so with {@link #atRow}, and whoever read the file turns the
 * row into the file's line and column ({@link CsvReader#located}).
 */
public final class DataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The 0-based data row of a target value the message is about, or -1. */
    private final int targetRow;
    /** What is wrong, without the place; null unless {@link #targetRow} is set. */
    private final String what;

    /** @param message one line: {@code file:line:column: what is wrong} or {@code --flag: what is wrong} */
    public DataException(String message) {
        super(message);
        this.targetRow = -1;
        this.what = null;
    }

    private DataException(String message, int targetRow, String what) {
        super(message);
        this.targetRow = targetRow;
        this.what = what;
    }

    /**
     * An unusable target value in data row {@code row} (0-based) of {@code data}; the message names
     * the file and the data row until {@link CsvReader#located} names the line and column.
     */
    public static DataException atRow(Dataset data, int row, String what) {
        return new DataException(data.source() + ": data row " + (row + 1) + ": " + what, row, what);
    }

    /** The 0-based data row whose target value this is about, or -1. */
    public int targetRow() {
        return targetRow;
    }

    /** What is wrong, without the place, or null when {@link #targetRow} is -1. */
    public String what() {
        return what;
    }
}
