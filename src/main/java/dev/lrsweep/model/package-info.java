/**
 * Models and their losses: loss and gradient in one pass over a batch of rows. Parameters live in
 * the caller's arrays, so a model instance is shared by every trial.
 */
package dev.lrsweep.model;
