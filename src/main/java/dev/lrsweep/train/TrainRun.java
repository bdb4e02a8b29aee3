package dev.lrsweep.train;

import java.util.List;

/**
 * What one training run measured, before it is judged against other trials.
 *
 * @param losses        {@code losses[j]} for j &lt; updates: the batch loss measured before update j+1;
 *                      the last entry is the loss over all training rows at the final parameters.
 *                      With full batches, {@code losses[j]} is the loss after j updates. When
 *                      {@code nonFinite}, the last entry is the first non-finite loss met.
 * @param initialLoss   loss over all training rows at the initial parameters
 * @param updates       number of updates applied
 * @param nonFinite     whether the run stopped because the loss became NaN or infinite
 * @param stoppedEarly  whether early stopping ended the run
 * @param interrupted   whether the user interrupted the run (Ctrl-C) before its last step
 * @param logged        the table rows
 * @param events        callback events in order
 * @param finalParams   parameters at the end (the restored best ones, when early stopping restored them)
 * @param finalValLoss  validation loss at the final parameters, or NaN without validation
 * @param finalAccuracy training accuracy at the final parameters (classifiers), or NaN
 * @param finalValAccuracy validation accuracy at the final parameters (classifiers), or NaN
 * @param elapsedNanos  wall time of the run
 * @param stepsPerEpoch updates per epoch: 1 with full batches, else the number of mini-batches
 * @param epochLosses   mini-batch runs: for each epoch the run completed, the mean of its batch
 *                      losses weighted by batch size (what Keras's History reports as {@code loss});
 *                      epoch e ends at step {@code (e+1)·stepsPerEpoch}. Empty with full batches.
 */
public record TrainRun(double[] losses, double initialLoss, int updates, boolean nonFinite, boolean stoppedEarly,
                       boolean interrupted, List<LoggedStep> logged, List<Event> events, double[] finalParams, double finalValLoss,
                       double finalAccuracy, double finalValAccuracy, long elapsedNanos, int stepsPerEpoch,
                       double[] epochLosses) {

    /** A full-batch run (one update per epoch, the per-step losses exact). */
    public TrainRun(double[] losses, double initialLoss, int updates, boolean nonFinite, boolean stoppedEarly,
                    boolean interrupted, List<LoggedStep> logged, List<Event> events, double[] finalParams,
                    double finalValLoss, double finalAccuracy, double finalValAccuracy, long elapsedNanos) {
        this(losses, initialLoss, updates, nonFinite, stoppedEarly, interrupted, logged, events, finalParams,
                finalValLoss, finalAccuracy, finalValAccuracy, elapsedNanos, 1, new double[0]);
    }

    /** Whether each step saw only part of the training rows (its losses are batch losses). */
    public boolean miniBatch() {
        return stepsPerEpoch > 1;
    }

    /** Loss at the final parameters (non-finite when the run diverged to NaN/infinity). */
    public double finalLoss() {
        return losses[losses.length - 1];
    }
}
