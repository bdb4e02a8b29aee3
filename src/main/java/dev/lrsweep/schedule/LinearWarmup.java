package dev.lrsweep.schedule;

import java.util.OptionalDouble;

/**
 * A linear warm-up in front of another schedule, as PyTorch's
 * {@code SequentialLR([LinearLR(startFactor, 1, steps), then], milestones=[steps])}: for
 * {@code step < steps} the rate is {@code lr * (startFactor + (1-startFactor) * step/steps)}, and
 * from {@code steps} on it is {@code then.valueAt(step - steps)}, the inner schedule restarted at
 * its own step 0. The momentum is the inner schedule's, held at its step-0 value during the
 * warm-up.
 */
record LinearWarmup(double lr, long steps, double startFactor, Schedule then) implements Schedule {
    @Override
    public double valueAt(long step) {
        if (Steps.check(step) < steps) {
            return lr * (startFactor + (1.0 - startFactor) * ((double) step / steps));
        }
        return then.valueAt(step - steps);
    }

    @Override
    public OptionalDouble momentumAt(long step) {
        return then.momentumAt(Math.max(0, Steps.check(step) - steps));
    }
}
