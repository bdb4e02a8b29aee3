package dev.lrsweep.schedule;

import java.util.OptionalDouble;

/**
 * PyTorch {@code OneCycleLR}. With {@code initial = maxLr/divFactor} and
 * {@code min = initial/finalDivFactor}, the phases end at (fractional) steps
 * <ul>
 * <li>two phases: {@code pctStart*T - 1} (initial to maxLr, momentum max to base), then
 *     {@code T - 1} (maxLr to min, momentum base to max);</li>
 * <li>three phases: {@code pctStart*T - 1} (initial to maxLr), {@code 2*pctStart*T - 2} (maxLr
 *     back to initial), {@code T - 1} (initial to min, momentum held at its maximum).</li>
 * </ul>
 * A step belongs to the first phase whose end it does not pass, and within it
 * {@code pct = (step - phaseStart)/(phaseEnd - phaseStart)} (1 for a phase of no length, where
 * PyTorch would divide by zero). Annealing is {@code to + (from - to)*(1 + cos(pi*pct))/2} or
 * {@code from + (to - from)*pct}.
 *
 * <p>Steps at or past {@code T = totalSteps} are clamped to step {@code T - 1}, so the rate stays at
 * its final minimum. PyTorch instead extrapolates the last phase at step {@code T} (for linear
 * annealing this goes below zero) and raises an error past it.
 */
final class OneCycle implements Schedule {
    private final long totalSteps;
    private final boolean cosine;
    private final double[] ends;
    private final double[] lrFrom;
    private final double[] lrTo;
    private final double[] momFrom;
    private final double[] momTo;

    OneCycle(double maxLr, long totalSteps, double pctStart, double divFactor,
            double finalDivFactor, boolean cosine, boolean threePhase, double baseMomentum,
            double maxMomentum) {
        this.totalSteps = totalSteps;
        this.cosine = cosine;
        double initial = maxLr / divFactor;
        double min = initial / finalDivFactor;
        double rampEnd = pctStart * totalSteps - 1;
        double last = totalSteps - 1;
        if (threePhase) {
            ends = new double[] {rampEnd, 2 * pctStart * totalSteps - 2, last};
            lrFrom = new double[] {initial, maxLr, initial};
            lrTo = new double[] {maxLr, initial, min};
            momFrom = new double[] {maxMomentum, baseMomentum, maxMomentum};
            momTo = new double[] {baseMomentum, maxMomentum, maxMomentum};
        } else {
            ends = new double[] {rampEnd, last};
            lrFrom = new double[] {initial, maxLr};
            lrTo = new double[] {maxLr, min};
            momFrom = new double[] {maxMomentum, baseMomentum};
            momTo = new double[] {baseMomentum, maxMomentum};
        }
    }

    @Override
    public double valueAt(long step) {
        int phase = phase(step);
        return anneal(lrFrom[phase], lrTo[phase], pct(step, phase));
    }

    @Override
    public OptionalDouble momentumAt(long step) {
        int phase = phase(step);
        return OptionalDouble.of(anneal(momFrom[phase], momTo[phase], pct(step, phase)));
    }

    private long clamped(long step) {
        return Math.min(Steps.check(step), totalSteps - 1);
    }

    private int phase(long step) {
        long t = clamped(step);
        int i = 0;
        while (i < ends.length - 1 && t > ends[i]) {
            i++;
        }
        return i;
    }

    private double pct(long step, int phase) {
        double start = phase == 0 ? 0.0 : ends[phase - 1];
        double end = ends[phase];
        return end == start ? 1.0 : (clamped(step) - start) / (end - start);
    }

    private double anneal(double from, double to, double pct) {
        if (cosine) {
            return to + (from - to) / 2.0 * (Math.cos(Math.PI * pct) + 1.0);
        }
        return (to - from) * pct + from;
    }

    @Override
    public String toString() {
        return "OneCycle[totalSteps=" + totalSteps + ", anneal=" + (cosine ? "cos" : "linear")
                + ", phases=" + ends.length + ", peak=" + lrTo[0] + "]";
    }
}
