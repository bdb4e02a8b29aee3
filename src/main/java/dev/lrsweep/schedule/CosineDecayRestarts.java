package dev.lrsweep.schedule;

/**
 * Keras {@code CosineDecayRestarts} (SGDR): period {@code i} lasts
 * {@code firstDecaySteps * tMul^i} steps and peaks at {@code lr * mMul^i}:
 * <pre>
 * f = step/firstDecaySteps
 * tMul == 1: i = floor(f), f = f - i
 * otherwise: i = floor(log(1 - f*(1-tMul)) / log(tMul)), f = (f - (1-tMul^i)/(1-tMul)) / tMul^i
 * lr * ((1-alpha) * mMul^i * (1 + cos(pi*f))/2 + alpha)        (the alpha floor is not scaled by mMul)
 * </pre>
 * The period index is settled exactly at the restart boundaries, where the logarithm could round
 * to just below a whole number. {@code firstDecaySteps >= 1} and {@code tMul >= 1} (checked by
 * {@link ScheduleSpec}) keep {@code f} and {@code i} finite for every step.
 */
record CosineDecayRestarts(double lr, double firstDecaySteps, double tMul, double mMul,
        double alpha) implements Schedule {
    @Override
    public double valueAt(long step) {
        double f = Steps.check(step) / firstDecaySteps;
        double i;
        if (tMul == 1.0) {
            i = Math.floor(f);
            f -= i;
        } else {
            // log(1 + f*(tMul-1)); when that product overflows (tMul near 1e308), the sum of the logs
            double grown = 1.0 - f * (1.0 - tMul);
            double log = Double.isFinite(grown) ? Math.log(grown) : Math.log(f) + Math.log(tMul - 1.0);
            i = Math.floor(log / Math.log(tMul));
            while (elapsed(i + 1) <= f) {
                i++;
            }
            while (i > 0 && elapsed(i) > f) {
                i--;
            }
            f = (f - elapsed(i)) / Math.pow(tMul, i);
        }
        double cosine = 0.5 * Math.pow(mMul, i) * (1.0 + Math.cos(Math.PI * f));
        return lr * ((1.0 - alpha) * cosine + alpha);
    }

    /** Length of the first {@code i} periods, in units of {@code firstDecaySteps}. */
    private double elapsed(double i) {
        return (1.0 - Math.pow(tMul, i)) / (1.0 - tMul);
    }
}
