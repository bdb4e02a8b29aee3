/**
 * Models and their losses: loss and gradient in one pass over a batch of rows. Parameters live in
 * the caller's arrays; an instance may hold scratch space, so each trial makes its own through
 * {@link dev.lrsweep.model.ModelSpec#create}.
 */
package dev.lrsweep.model;
