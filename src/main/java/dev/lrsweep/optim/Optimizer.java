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
     * @throws IllegalArgumentException if either array's length is not the parameter count the
     *                                  optimizer was created for
     */
    void update(double[] params, double[] grad, double lr);

    /** Clears all state, as if newly created (including a momentum changed by {@link #setMomentum}). */
    void reset();

    /** How many arrays of the parameter count the optimizer holds (its moments, accumulators). */
    int vectors();

    /**
     * Sets the momentum used from the next update on, for schedules that cycle it inversely to the
     * rate ({@code cyclic}, {@code one_cycle}): the momentum of SGD and RMSprop, {@code beta_1} of
     * Adam and AdamW. Optimizers without a momentum (Adagrad) ignore it; this default does nothing.
     *
     * @param momentum the new momentum (or {@code beta_1})
     * @throws IllegalArgumentException if the value is outside the range the optimizer accepts
     */
    default void setMomentum(double momentum) {
        // optimizers without a momentum term have nothing to set
    }
}
