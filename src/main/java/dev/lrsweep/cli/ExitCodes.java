package dev.lrsweep.cli;

/** The exit codes of the contract (DESIGN.md §4). */
final class ExitCodes {
    /** Success. */
    static final int OK = 0;
    /** An internal error: a bug. */
    static final int INTERNAL = 1;
    /** Bad usage or bad input. */
    static final int USAGE = 2;
    /** A CI gate tripped: every trial diverged, or a --fail-... condition held. */
    static final int GATE = 3;
    /** Interrupted by Ctrl-C (128 + SIGINT). */
    static final int INTERRUPTED = 130;
    /** Stdout's reader went away (a pipe into {@code head}): 128 + SIGPIPE, as a shell reports a tool it killed. */
    static final int BROKEN_PIPE = 141;

    private ExitCodes() {
    }
}
