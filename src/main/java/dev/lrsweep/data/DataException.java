package dev.lrsweep.data;

/**
 * Input data that cannot be used: a missing or unreadable file, malformed CSV, a cell that is not a
 * finite number, an unknown column. The message is one line naming the file, line and column (or
 * the option) and what is wrong; the CLI prints it as is and exits with code 2.
 */
public final class DataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message one line: {@code file:line:column: what is wrong} or {@code --flag: what is wrong} */
    public DataException(String message) {
        super(message);
    }
}
