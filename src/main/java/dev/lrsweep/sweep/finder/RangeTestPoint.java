package dev.lrsweep.sweep.finder;

/**
 * One recorded step of a range test.
 *
 * @param step         the 0-based step index
 * @param lr           the learning rate used for this step's update
 * @param rawLoss      the loss returned by {@link TrainStep#step(double)}
 * @param smoothedLoss the loss after the compat's smoothing (the value suggestions work on)
 */
public record RangeTestPoint(int step, double lr, double rawLoss, double smoothedLoss) {
}
