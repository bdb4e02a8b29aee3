package dev.lrsweep.sweep;

import dev.lrsweep.train.Status;
import dev.lrsweep.train.TrainRun;

/**
 * A trial's run and its judgement against the sweep's reference loss.
 *
 * @param trial         the trial
 * @param run           what training measured
 * @param status        converged, diverged, not_converged or stopped_early
 * @param stepsToTarget first table step within the tolerance band, or -1
 * @param bestStep      table step of the lowest loss (updates+1 = the final parameters)
 * @param bestLoss      the lowest finite loss seen
 */
public record TrialOutcome(Trial trial, TrainRun run, Status status, int stepsToTarget, int bestStep, double bestLoss) {
    /** Loss at the final parameters; non-finite when the run diverged to NaN/infinity. */
    public double finalLoss() {
        return run.finalLoss();
    }
}
