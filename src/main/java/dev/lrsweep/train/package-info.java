/**
 * The training loop, its record of a run ({@link dev.lrsweep.train.TrainRun}) and how a run is
 * judged (converged, diverged, not converged). {@link dev.lrsweep.train.FusedTrainer} runs trials
 * that share batches in lockstep, each getting exactly the run {@link dev.lrsweep.train.Trainer}
 * gives it alone. Callbacks live in the {@code callback} sub-package.
 */
package dev.lrsweep.train;
