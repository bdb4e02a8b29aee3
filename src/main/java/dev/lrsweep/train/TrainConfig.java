package dev.lrsweep.train;

/**
 * How long to train and how often to log.
 *
 * @param steps    number of optimizer updates (full-batch: one per step)
 * @param logEvery log a table row every this many steps (and at the last step if it falls between)
 */
public record TrainConfig(int steps, int logEvery) {
    /** Validates the ranges. */
    public TrainConfig {
        if (steps < 1) throw new IllegalArgumentException("steps must be at least 1, got " + steps);
        if (logEvery < 1) throw new IllegalArgumentException("log-every must be at least 1, got " + logEvery);
    }
}
