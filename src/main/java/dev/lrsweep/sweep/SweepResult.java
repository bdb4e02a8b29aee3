package dev.lrsweep.sweep;

import java.util.List;

/**
 * Every trial's outcome, in trial-list order, and the chosen one.
 *
 * @param outcomes      one per trial, in the order of the trial list
 * @param referenceLoss the loss steps_to_target and convergence are measured against
 * @param reference     where the reference came from: {@code optimum} or {@code best_seen}
 * @param bestIndex     index into {@code outcomes} of the best trial, or -1 when every trial diverged
 */
public record SweepResult(List<TrialOutcome> outcomes, double referenceLoss, String reference, int bestIndex) {
    /** Whether any trial diverged. */
    public boolean anyDiverged() {
        return outcomes.stream().anyMatch(o -> o.status() == dev.lrsweep.train.Status.DIVERGED);
    }

    /** Whether every trial diverged. */
    public boolean allDiverged() {
        return outcomes.stream().allMatch(o -> o.status() == dev.lrsweep.train.Status.DIVERGED);
    }

    /** Whether any trial was interrupted. */
    public boolean interrupted() {
        return outcomes.stream().anyMatch(o -> o.status() == dev.lrsweep.train.Status.INTERRUPTED);
    }
}
