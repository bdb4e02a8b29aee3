package dev.lrsweep.sweep.finder;

/** Why a range test ended. {@link RangeTestResult#stopMessage()} says it in a full sentence. */
public enum StopReason {
    /** The compat's divergence rule fired (smoothed loss above a multiple of the best one). */
    DIVERGED("the smoothed loss diverged"),
    /** The training step returned NaN or an infinite loss, or the smoothed loss overflowed. */
    NON_FINITE_LOSS("the loss was not finite"),
    /** Every planned step ran; the last one used the schedule's final learning rate. */
    REACHED_MAX("all planned steps ran");

    private final String description;

    StopReason(String description) {
        this.description = description;
    }

    /** @return a short human description, e.g. "the smoothed loss diverged" */
    public String description() {
        return description;
    }
}
