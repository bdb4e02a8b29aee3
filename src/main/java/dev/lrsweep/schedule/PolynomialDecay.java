package dev.lrsweep.schedule;

/**
 * Keras {@code PolynomialDecay}: {@code (lr - end) * (1 - s/ds)^power + end}. Without
 * {@code cycle}, {@code s = min(step, decaySteps)} and {@code ds = decaySteps}; with it,
 * {@code s = step} and {@code ds = decaySteps * max(1, ceil(step/decaySteps))}. {@code end} is an
 * absolute rate. PyTorch's {@code PolynomialLR(total_iters, power)} is the case {@code end = 0}.
 */
record PolynomialDecay(double lr, double decaySteps, double end, double power, boolean cycle)
        implements Schedule {
    @Override
    public double valueAt(long step) {
        double s = Steps.check(step);
        double ds = decaySteps;
        if (cycle) {
            ds = decaySteps * (step == 0 ? 1.0 : Math.ceil(s / decaySteps));
        } else {
            s = Math.min(s, decaySteps);
        }
        // max(0, …): at huge steps s/ds can round to just above 1, and a negative base gives NaN
        return (lr - end) * Math.pow(Math.max(0.0, 1.0 - s / ds), power) + end;
    }
}
