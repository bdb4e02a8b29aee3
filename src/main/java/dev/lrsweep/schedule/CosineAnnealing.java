package dev.lrsweep.schedule;

/**
 * PyTorch {@code CosineAnnealingLR}: {@code etaMin + (lr - etaMin) * (1 + cos(pi*step/tMax))/2}.
 * Past {@code tMax} the rate comes back up: the schedule is periodic with period {@code 2*tMax}
 * (compare Keras {@link CosineDecay}, which stays at its floor).
 */
record CosineAnnealing(double lr, long tMax, double etaMin) implements Schedule {
    @Override
    public double valueAt(long step) {
        Steps.check(step);
        // reduce by whole periods first so the cosine argument keeps its precision
        long t = tMax > Long.MAX_VALUE / 2 ? step : step % (2 * tMax);
        return etaMin + (lr - etaMin) * (1.0 + Math.cos(Math.PI * t / tMax)) / 2.0;
    }
}
