package dev.lrsweep.report.plot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What a loss chart shows, computed once for the image and the terminal: the drawable part of each
 * curve, where curves that left the chart are marked, and the data ranges.
 *
 * <p>The drawable part of a curve ends before its first point with a non-finite {@code x} or a
 * non-finite or non-positive {@code y} (the loss axis is logarithmic). The chart's top is
 * {@value #EXPLOSION_FACTOR} times the smallest starting loss of all curves, raised if needed to the
 * largest starting loss so that every curve's start is visible. A curve that climbs above the top is
 * cut where it crosses it (interpolated on the log scale) and marked there. A diverged curve that
 * stays below the top is marked at its last drawable point; one with no drawable point at all is
 * marked at the top of the chart above its first step.
 *
 * @param traces one per curve, in order
 * @param xMin   the smallest x drawn
 * @param xMax   the largest x drawn
 * @param yMin   the smallest loss drawn
 * @param yMax   the largest loss drawn
 */
record LossLayout(List<Trace> traces, double xMin, double xMax, double yMin, double yMax) {

    /** How far above the smallest starting loss a curve may go before it is cut at the top. */
    static final double EXPLOSION_FACTOR = 1e3;

    /** Why a curve left the chart. */
    enum Exit {
        /** The trial diverged. */
        DIVERGED,
        /** The curve climbed above the chart's top without being flagged as diverged. */
        OFF_CHART
    }

    /**
     * Where a curve left the chart.
     *
     * @param x        the marker's x
     * @param y        the marker's loss
     * @param exit     why it left
     * @param lastStep the x of the curve's last point drawn as recorded (NaN when none was)
     */
    record Mark(double x, double y, Exit exit, double lastStep) {
    }

    /**
     * The drawable part of one curve.
     *
     * @param label the curve's label
     * @param x     the x values drawn
     * @param y     the losses drawn, all finite and positive
     * @param mark  where the curve left the chart, or null
     */
    record Trace(String label, double[] x, double[] y, Mark mark) {
        /** @return the number of points drawn as a line */
        int size() {
            return x.length;
        }
    }

    /**
     * Lays out the curves.
     *
     * @param curves the curves, at least one
     * @return the layout
     * @throws IllegalArgumentException when there are no curves or nothing at all can be drawn
     */
    static LossLayout of(List<Curve> curves) {
        Objects.requireNonNull(curves, "curves");
        if (curves.isEmpty()) throw new IllegalArgumentException("no curves to plot");
        List<double[]> xs = curves.stream().map(Curve::x).toList();
        List<double[]> ys = curves.stream().map(Curve::y).toList();
        double top = top(xs, ys);

        List<double[][]> parts = new ArrayList<>();
        List<Mark> marks = new ArrayList<>();
        double xMin = Double.POSITIVE_INFINITY, xMax = Double.NEGATIVE_INFINITY;
        double yMin = Double.POSITIVE_INFINITY, yMax = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < curves.size(); k++) {
            Curve c = curves.get(k);
            double[] x = xs.get(k), y = ys.get(k);
            double[] px = new double[x.length + 1], py = new double[x.length + 1];
            int n = 0;
            Mark mark = null;
            for (int i = 0; i < x.length && drawable(x[i], y[i]); i++) {
                if (y[i] > top) {
                    // i > 0: a curve's first drawable loss never exceeds the top
                    double t = (Math.log(top) - Math.log(y[i - 1])) / (Math.log(y[i]) - Math.log(y[i - 1]));
                    px[n] = x[i - 1] + t * (x[i] - x[i - 1]);
                    py[n++] = top;
                    mark = new Mark(px[n - 1], top, c.diverged() ? Exit.DIVERGED : Exit.OFF_CHART, x[i - 1]);
                    break;
                }
                px[n] = x[i];
                py[n++] = y[i];
            }
            if (mark == null && c.diverged() && n > 0) {
                mark = new Mark(px[n - 1], py[n - 1], Exit.DIVERGED, px[n - 1]);
            }
            for (int i = 0; i < n; i++) {
                xMin = Math.min(xMin, px[i]);
                xMax = Math.max(xMax, px[i]);
                yMin = Math.min(yMin, py[i]);
                yMax = Math.max(yMax, py[i]);
            }
            parts.add(new double[][] {Arrays.copyOf(px, n), Arrays.copyOf(py, n)});
            marks.add(mark);
        }

        boolean anyPoint = yMin <= yMax;
        if (!anyPoint) {
            yMin = 1;
            yMax = 1;
        }
        List<Trace> traces = new ArrayList<>();
        for (int k = 0; k < curves.size(); k++) {
            Curve c = curves.get(k);
            double[][] part = parts.get(k);
            Mark mark = marks.get(k);
            if (mark == null && c.diverged()) {
                // diverged before its first drawable point: mark the top of the chart above its start
                double[] x = xs.get(k);
                double mx = x.length > 0 && Double.isFinite(x[0]) ? x[0] : (anyPoint ? xMin : 0);
                mark = new Mark(mx, yMax, Exit.DIVERGED, Double.NaN);
            }
            if (mark != null) {
                xMin = Math.min(xMin, mark.x());
                xMax = Math.max(xMax, mark.x());
            }
            traces.add(new Trace(c.label(), part[0], part[1], mark));
        }
        if (!(xMin <= xMax)) {
            throw new IllegalArgumentException("nothing to plot: no curve has a finite, positive loss");
        }
        return new LossLayout(List.copyOf(traces), xMin, xMax, yMin, yMax);
    }

    /** The chart's top: see the class comment; infinite when no curve starts with a drawable point. */
    private static double top(List<double[]> xs, List<double[]> ys) {
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < xs.size(); k++) {
            if (xs.get(k).length > 0 && drawable(xs.get(k)[0], ys.get(k)[0])) {
                min = Math.min(min, ys.get(k)[0]);
                max = Math.max(max, ys.get(k)[0]);
            }
        }
        return min <= max ? Math.max(EXPLOSION_FACTOR * min, max) : Double.POSITIVE_INFINITY;
    }

    private static boolean drawable(double x, double y) {
        return Double.isFinite(x) && Double.isFinite(y) && y > 0;
    }
}
