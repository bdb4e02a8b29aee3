package dev.lrsweep.schedule;

/**
 * Keras {@code InverseTimeDecay}: {@code lr / (1 + decayRate * p)} with
 * {@code p = step/decaySteps}, floored when {@code staircase}.
 */
record InverseTimeDecay(double lr, double decaySteps, double decayRate, boolean staircase)
        implements Schedule {
    @Override
    public double valueAt(long step) {
        double p = Steps.check(step) / decaySteps;
        if (staircase) {
            p = Math.floor(p);
        }
        return lr / (1.0 + decayRate * p);
    }
}
