package dev.lrsweep.schedule;

/**
 * Keras {@code CosineDecay}, which stays at its floor after the decay (it does not come back up):
 * <pre>
 * s = min(step, warmupSteps + decaySteps)
 * s &lt; warmupSteps: lr + (warmupTarget - lr) * s/warmupSteps
 * otherwise:       warmupTarget * ((1-alpha) * (1 + cos(pi * (s-warmupSteps)/decaySteps))/2 + alpha)
 * </pre>
 * Keras without a warm-up target is the case {@code warmupSteps = 0, warmupTarget = lr}.
 */
record CosineDecay(double lr, double decaySteps, double alpha, double warmupSteps,
        double warmupTarget) implements Schedule {
    @Override
    public double valueAt(long step) {
        double s = Math.min((double) Steps.check(step), warmupSteps + decaySteps);
        if (s < warmupSteps) {
            return lr + (warmupTarget - lr) * (s / warmupSteps);
        }
        double fraction = (s - warmupSteps) / decaySteps;
        double cosine = 0.5 * (1.0 + Math.cos(Math.PI * fraction));
        return warmupTarget * ((1.0 - alpha) * cosine + alpha);
    }
}
