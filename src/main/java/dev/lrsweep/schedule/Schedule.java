package dev.lrsweep.schedule;

import java.util.OptionalDouble;

/**
 * A learning rate as a pure function of the optimizer step (0-based: the first update uses
 * {@code valueAt(0)}, as Keras's {@code schedule(optimizer.iterations)} and PyTorch's
 * {@code last_epoch} after construction). Implementations are immutable and thread-safe.
 */
public interface Schedule {
    /** The learning rate for update number {@code step} (0-based). */
    double valueAt(long step);

    /**
     * The momentum (or Adam's beta_1) this schedule prescribes for the step, for schedules that
     * cycle it inversely to the rate (cyclic, one_cycle); empty for the others.
     */
    default OptionalDouble momentumAt(long step) {
        return OptionalDouble.empty();
    }

    /** A constant rate. */
    static Schedule constant(double lr) {
        return new Constant(lr);
    }
}
