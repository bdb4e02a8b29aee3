package dev.lrsweep.spec;

/**
 * A spec text (schedule, optimizer, callback) that cannot be read or names something unknown.
 * The message is one line meant for the user; the CLI prefixes it with the flag it came from.
 */
public final class SpecException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** @param message one line saying what is wrong and, where it helps, what would be valid */
    public SpecException(String message) {
        super(message);
    }
}
