package dev.lrsweep.report.plot;

import java.util.Arrays;
import java.util.Objects;

/**
 * One line of a loss chart: a trial's loss {@code y} against step {@code x}.
 *
 * <p>The loss axis is logarithmic, so the drawable part of a curve ends before the first point whose
 * {@code x} is not finite or whose {@code y} is not finite or not positive. A curve that shoots far
 * above the others is cut where it crosses the top of the chart (see {@link Plots#lossCurves}).
 *
 * <p>The arrays are copied on the way in and on the way out; {@link #equals} and {@link #hashCode}
 * compare their contents.
 *
 * @param label    the legend text, e.g. {@code "lr 0.01"}
 * @param x        the x values, usually step indices
 * @param y        the loss at each x, same length as {@code x}
 * @param diverged whether the trial diverged; the last drawable point is then marked, so the reader
 *                 sees where the trial left the chart
 */
public record Curve(String label, double[] x, double[] y, boolean diverged) {

    /**
     * Validates and copies the data.
     *
     * @param label    the legend text
     * @param x        the x values
     * @param y        the loss at each x
     * @param diverged whether the trial diverged
     * @throws NullPointerException     when an argument is null
     * @throws IllegalArgumentException when {@code x} and {@code y} differ in length
     */
    public Curve {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        if (x.length != y.length) {
            throw new IllegalArgumentException(
                    "curve " + label + ": x and y differ in length (" + x.length + " and " + y.length + ")");
        }
        x = x.clone();
        y = y.clone();
    }

    /**
     * A curve against step: {@code x = 0, 1, …, losses.length - 1}.
     *
     * @param label    the legend text
     * @param losses   the loss after each step
     * @param diverged whether the trial diverged
     * @return the curve
     */
    public static Curve ofSteps(String label, double[] losses, boolean diverged) {
        Objects.requireNonNull(losses, "losses");
        double[] steps = new double[losses.length];
        Arrays.setAll(steps, i -> i);
        return new Curve(label, steps, losses, diverged);
    }

    /** @return a copy of the x values */
    @Override
    public double[] x() {
        return x.clone();
    }

    /** @return a copy of the y values */
    @Override
    public double[] y() {
        return y.clone();
    }

    /** @return the number of points, drawable or not */
    public int size() {
        return x.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Curve c
                && label.equals(c.label)
                && diverged == c.diverged
                && Arrays.equals(x, c.x)
                && Arrays.equals(y, c.y);
    }

    @Override
    public int hashCode() {
        return Objects.hash(label, diverged, Arrays.hashCode(x), Arrays.hashCode(y));
    }

    @Override
    public String toString() {
        return "Curve[label=" + label + ", points=" + x.length + ", diverged=" + diverged + "]";
    }
}
