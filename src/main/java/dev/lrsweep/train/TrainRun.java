package dev.lrsweep.train;

import java.util.List;

/**
 * What one training run measured, before it is judged against other trials.
 *
 * @param losses       {@code losses[j]} = loss after j updates, for j = 0..updates; when
 *                     {@code nonFinite} the last entry is the first non-finite loss met
 * @param updates      number of updates applied
 * @param nonFinite    whether the run stopped because the loss became NaN or infinite
 * @param logged       the table rows
 * @param finalParams  parameters after the last update
 * @param elapsedNanos wall time of the run
 */
public record TrainRun(double[] losses, int updates, boolean nonFinite, List<LoggedStep> logged,
                       double[] finalParams, long elapsedNanos) {

    /** Loss at the initial parameters. */
    public double initialLoss() {
        return losses[0];
    }

    /** Loss at the final parameters (non-finite when the run diverged to NaN/infinity). */
    public double finalLoss() {
        return losses[losses.length - 1];
    }
}
