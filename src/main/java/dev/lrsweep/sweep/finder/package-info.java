/**
 * The learning-rate range test ("LR finder"), independent of any model.
 *
 * <p>Training is abstracted as a {@link dev.lrsweep.sweep.finder.TrainStep}: the caller owns the
 * model and its state, and the finder only chooses the learning rate for each step and watches the
 * returned loss. {@link dev.lrsweep.sweep.finder.RangeTest} ramps the rate from a minimum to a
 * maximum, smooths the loss, stops on divergence, on a non-finite loss or after the last step, and
 * returns a {@link dev.lrsweep.sweep.finder.RangeTestResult}. Suggested rates are computed by
 * {@link dev.lrsweep.sweep.finder.Suggestions}; a suggestion that cannot be computed is a
 * {@link dev.lrsweep.sweep.finder.Suggestion} carrying the reason, never a {@code null}.
 *
 * <p>{@link dev.lrsweep.sweep.finder.FinderCompat} selects lrsweep's own semantics (the default)
 * or reproduces pytorch-lr-finder (davidtvs), fastai or PyTorch Lightning: each compat fixes the lr
 * sequence, the smoothing, the stop rule, the trimming and the default suggestion. The formulas
 * are those of SEMANTICS.md §1; no third-party code is copied.
 *
 * <p>Nothing in this package holds static mutable state. A {@code RangeTest} is immutable and may
 * be run several times; each run creates its own smoothing state.
 */
package dev.lrsweep.sweep.finder;
