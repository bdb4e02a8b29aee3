/**
 * The training loop, its record of a run ({@link dev.lrsweep.train.TrainRun}) and how a run is
 * judged (converged, diverged, not converged). Callbacks live in the {@code callback} sub-package.
 */
package dev.lrsweep.train;
