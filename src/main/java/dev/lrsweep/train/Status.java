package dev.lrsweep.train;

import java.util.Locale;

/** How a trial ended. */
public enum Status {
    /** The final loss lies within the tolerance band around the reference loss. */
    CONVERGED,
    /** The loss became non-finite, or ended above the initial loss. */
    DIVERGED,
    /** Neither: still descending (or stuck) when the steps ran out. */
    NOT_CONVERGED,
    /** A callback stopped the run before its last step. */
    STOPPED_EARLY,
    /** The user interrupted the sweep (Ctrl-C) while the run was in flight. */
    INTERRUPTED;

    /** The name used in tables and JSON, e.g. {@code not_converged}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
