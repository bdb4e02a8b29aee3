package dev.lrsweep.report.plot;

import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What a range-test chart shows, computed once for the image and the terminal.
 *
 * <p>Points with a non-finite or non-positive rate, or a non-finite smoothed loss, are left out. The
 * loss axis is linear, which makes the steepest descent the one the eye sees, unless the visible
 * losses are all positive and span more than {@value #LOG_SPAN} to one; it is then logarithmic. The
 * axis stops at {@value LossLayout#EXPLOSION_FACTOR} times the first smoothed loss so a final
 * explosion does not flatten the dip; values beyond the axis are clamped to one axis height outside
 * it, so lines still leave the plot in the right direction. The rate axis covers the rates and the
 * markers, which are kept only when finite and positive.
 *
 * @param lr         the rates drawn
 * @param smoothed   the smoothed loss at each rate, clamped as described
 * @param raw        the raw loss at each rate (NaN where it cannot be drawn), or null
 * @param logY       whether the loss axis is logarithmic
 * @param yMin       the bottom of the loss axis
 * @param yMax       the top of the loss axis
 * @param xMin       the smallest rate on the axis
 * @param xMax       the largest rate on the axis
 * @param suggestion the suggested rate, if any
 * @param critical   the critical rate, if any
 */
record RangeLayout(double[] lr, double[] smoothed, double[] raw, boolean logY, double yMin, double yMax,
                   double xMin, double xMax, OptionalDouble suggestion, OptionalDouble critical) {

    /** The ratio of largest to smallest visible loss above which the loss axis becomes logarithmic. */
    static final double LOG_SPAN = 100;

    /**
     * Lays out a range test.
     *
     * @param lrs        the rates, one per step
     * @param smoothed   the smoothed loss, same length
     * @param raw        the raw loss, same length, or null
     * @param suggestion the suggested rate, or empty
     * @param critical   the critical rate, or empty
     * @return the layout
     * @throws IllegalArgumentException when the lengths differ or no point can be drawn
     */
    static RangeLayout of(double[] lrs, double[] smoothed, double[] raw,
                          OptionalDouble suggestion, OptionalDouble critical) {
        Objects.requireNonNull(lrs, "lrs");
        Objects.requireNonNull(smoothed, "smoothed");
        if (smoothed.length != lrs.length || (raw != null && raw.length != lrs.length)) {
            throw new IllegalArgumentException("lrs, smoothed and raw losses differ in length ("
                    + lrs.length + ", " + smoothed.length + (raw == null ? "" : ", " + raw.length) + ")");
        }
        int[] kept = new int[lrs.length];
        int n = 0;
        for (int i = 0; i < lrs.length; i++) {
            if (Double.isFinite(lrs[i]) && lrs[i] > 0 && Double.isFinite(smoothed[i])) kept[n++] = i;
        }
        if (n == 0) {
            throw new IllegalArgumentException(
                    "nothing to plot: no finite smoothed loss at a finite, positive learning rate");
        }
        kept = Arrays.copyOf(kept, n);

        double first = smoothed[kept[0]];
        double cap = first > 0 ? LossLayout.EXPLOSION_FACTOR * first : Double.POSITIVE_INFINITY;
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int i : kept) {
            lo = Math.min(lo, smoothed[i]);
            if (smoothed[i] <= cap) hi = Math.max(hi, smoothed[i]);
        }
        boolean logY = lo > 0 && hi / lo > LOG_SPAN;
        if (lo == hi) {
            if (lo > 0) {
                lo /= 2;
                hi *= 2;
            } else {
                double d = lo == 0 ? 1 : Math.abs(lo) * 0.1;
                lo -= d;
                hi += d;
            }
        }

        OptionalDouble s = Fmt.positive(suggestion), c = Fmt.positive(critical);
        double[] x = new double[n], ys = new double[n], yr = raw == null ? null : new double[n];
        double xMin = Double.POSITIVE_INFINITY, xMax = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            int i = kept[k];
            x[k] = lrs[i];
            ys[k] = clamp(smoothed[i], logY, lo, hi);
            if (yr != null) {
                boolean ok = Double.isFinite(raw[i]) && (!logY || raw[i] > 0);
                yr[k] = ok ? clamp(raw[i], logY, lo, hi) : Double.NaN;
            }
            xMin = Math.min(xMin, x[k]);
            xMax = Math.max(xMax, x[k]);
        }
        for (OptionalDouble m : new OptionalDouble[] {s, c}) {
            if (m.isPresent()) {
                xMin = Math.min(xMin, m.getAsDouble());
                xMax = Math.max(xMax, m.getAsDouble());
            }
        }
        if (xMin == xMax) {
            xMin /= 2;
            xMax *= 2;
        }
        return new RangeLayout(x, ys, yr, logY, lo, hi, xMin, xMax, s, c);
    }

    /** @return whether the raw loss has at least one drawable point */
    boolean hasRaw() {
        return raw != null && Arrays.stream(raw).anyMatch(Double::isFinite);
    }

    /** Clamps {@code v} to one axis height beyond either end of the axis (measured in axis units). */
    private static double clamp(double v, boolean log, double lo, double hi) {
        if (log) {
            double span = Math.log10(hi) - Math.log10(lo);
            double floor = Math.pow(10, Math.log10(lo) - span), ceiling = Math.pow(10, Math.log10(hi) + span);
            return Math.max(floor, Math.min(ceiling, v));
        }
        double span = hi - lo;
        return Math.max(lo - span, Math.min(hi + span, v));
    }
}
