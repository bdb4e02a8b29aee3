/**
 * Sweeps: the trial list, fixed up front, and the runner that trains every trial in parallel and
 * chooses the best. Trials that share batches can be trained together in one pass over the data
 * ({@link dev.lrsweep.sweep.GroupTrainer}, implemented by {@link dev.lrsweep.sweep.Experiment}).
 * Sub-package {@code finder} holds the LR range test.
 */
package dev.lrsweep.sweep;
