package dev.lrsweep.schedule;

/** The step argument check shared by every schedule. */
final class Steps {
    private Steps() {
    }

    /** Returns {@code step}, or fails if it is negative (steps are 0-based). */
    static long check(long step) {
        if (step < 0) {
            throw new IllegalArgumentException("step must be >= 0 (steps are 0-based), got " + step);
        }
        return step;
    }
}
