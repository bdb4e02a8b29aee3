package dev.lrsweep.cli;

/** A bad flag value or combination; printed as one line, exit code 2. */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
