/**
 * Per-epoch training callbacks: {@link dev.lrsweep.train.callback.ReduceLrOnPlateau} and
 * {@link dev.lrsweep.train.callback.EarlyStopping}.
 *
 * <p>Both are small state machines with no I/O and no reference to the model: the training loop
 * calls {@code onEpochEnd} once per epoch (0-based epoch number) with the monitored value
 * ({@code val_loss} when there is validation data, otherwise the training loss) and acts on the
 * answer. A call allocates nothing. Instances are not thread-safe; use one per run, or call
 * {@code reset()} between runs.
 *
 * <p>Both follow Keras 3 by default and PyTorch ({@code ReduceLROnPlateau}) or PyTorch Lightning
 * ({@code EarlyStopping}, since PyTorch itself has none) under
 * {@link dev.lrsweep.spec.Compat#TORCH}; SEMANTICS.md §2.1–2.3, §3 and §3.1 give the rules.
 *
 * <p>A monitored value that is NaN or infinite never counts as an improvement, not even as the first
 * value. This is lrsweep's own rule: Keras would accept a NaN first value as its "best" (after which
 * nothing ever improves again), and PyTorch would accept {@code -inf} as an improvement in min
 * mode. For every finite sequence the rules are exactly the libraries'.
 */
package dev.lrsweep.train.callback;
