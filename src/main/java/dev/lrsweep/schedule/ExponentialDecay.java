package dev.lrsweep.schedule;

/**
 * Keras {@code ExponentialDecay}: {@code lr * decayRate^(step/decaySteps)}, with the exponent
 * floored when {@code staircase}. PyTorch's {@code ExponentialLR(gamma)} is the case
 * {@code decaySteps = 1, decayRate = gamma}.
 */
record ExponentialDecay(double lr, double decaySteps, double decayRate, boolean staircase)
        implements Schedule {
    @Override
    public double valueAt(long step) {
        double p = Steps.check(step) / decaySteps;
        if (staircase) {
            p = Math.floor(p);
        }
        return lr * Math.pow(decayRate, p);
    }
}
