/**
 * Sweeps: the trial list, fixed up front, and the runner that trains every trial in parallel and
 * chooses the best. Sub-package {@code finder} holds the LR range test.
 */
package dev.lrsweep.sweep;
