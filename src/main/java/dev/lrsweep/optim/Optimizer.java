package dev.lrsweep.optim;

/**
 * A stateful update rule for one trial's parameter vector. State (moments, accumulators) is
 * allocated once at creation for a fixed parameter count; {@link #update} allocates nothing.
 * Not thread-safe: one instance per trial.
 */
public interface Optimizer {
    /**
     * Applies one update in place.
     *
     * @param params the parameters, changed in place
     * @param grad   the gradient of the loss at {@code params}; may be changed (clipping, L2)
     * @param lr     the learning rate for this update (the schedule's value at this step)
     */
    void update(double[] params, double[] grad, double lr);

    /** Clears all state, as if newly created. */
    void reset();
}
