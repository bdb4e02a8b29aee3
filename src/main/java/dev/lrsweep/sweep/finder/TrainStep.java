package dev.lrsweep.sweep.finder;

/**
 * One training step of the range test, supplied by the caller, who owns the model.
 *
 * <p>The finder never touches parameters or optimizer state; it only chooses the learning rate
 * and reads the loss. Restoring the model after the range test is the caller's job.
 */
@FunctionalInterface
public interface TrainStep {
    /**
     * Performs one optimizer update at the given learning rate on the next batch.
     *
     * @param lr the learning rate to use for this update
     * @return the raw (unsmoothed) training loss measured on that batch <em>before</em> the update;
     *     a NaN or infinite value is allowed and stops the range test with
     *     {@link StopReason#NON_FINITE_LOSS}
     */
    double step(double lr);
}
