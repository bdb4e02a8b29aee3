package dev.lrsweep.schedule;

import java.util.Arrays;

/**
 * Keras {@code PiecewiseConstantDecay} with an <em>inclusive</em> upper bound:
 * {@code rates[0]} while {@code step <= boundaries[0]}, {@code rates[i]} while
 * {@code boundaries[i-1] < step <= boundaries[i]}, and the last rate after the last boundary.
 * The rates are absolute here; {@link ScheduleSpec} scales them by the swept rate unless the spec
 * says {@code absolute=true}.
 */
final class PiecewiseConstant implements Schedule {
    private final long[] boundaries;
    private final double[] rates;

    /** @param rates one more than {@code boundaries}, which are strictly increasing */
    PiecewiseConstant(long[] boundaries, double[] rates) {
        if (rates.length != boundaries.length + 1) {
            throw new IllegalArgumentException("need one more rate than boundaries");
        }
        this.boundaries = boundaries.clone();
        this.rates = rates.clone();
    }

    @Override
    public double valueAt(long step) {
        Steps.check(step);
        int i = 0;
        while (i < boundaries.length && step > boundaries[i]) {
            i++;
        }
        return rates[i];
    }

    @Override
    public String toString() {
        return "PiecewiseConstant[boundaries=" + Arrays.toString(boundaries)
                + ", rates=" + Arrays.toString(rates) + "]";
    }
}
