package dev.lrsweep.schedule;

/**
 * PyTorch {@code CosineAnnealingWarmRestarts}:
 * {@code etaMin + (lr - etaMin) * (1 + cos(pi * tCur/tI))/2}, where period {@code i} lasts
 * {@code tI = t0 * tMult^i} steps and {@code tCur} counts the steps since its start (so each
 * period starts at {@code lr} and never reaches {@code etaMin}). Computed in whole numbers.
 */
record CosineWarmRestarts(double lr, long t0, long tMult, double etaMin) implements Schedule {
    @Override
    public double valueAt(long step) {
        long tCur = Steps.check(step);
        long tI = t0;
        if (tMult == 1) {
            tCur %= t0;
        } else {
            while (tCur >= tI) {
                tCur -= tI;
                tI = tI > Long.MAX_VALUE / tMult ? Long.MAX_VALUE : tI * tMult;
            }
        }
        return etaMin + (lr - etaMin) * (1.0 + Math.cos(Math.PI * tCur / tI)) / 2.0;
    }
}
