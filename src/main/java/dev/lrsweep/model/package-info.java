/**
 * Models and their losses: loss and gradient in one pass over a batch of rows. Parameters live in
 * the caller's arrays; an instance may hold scratch space, so each trial makes its own through
 * {@link dev.lrsweep.model.ModelSpec#create}. {@link dev.lrsweep.model.Model#lossAndGradientMany}
 * evaluates several parameter vectors in one read of each row, and
 * {@link dev.lrsweep.model.GramLinear} serves full-batch least squares from the dataset's
 * {@link dev.lrsweep.model.Gram} statistics in O(p²) per step.
 */
package dev.lrsweep.model;
