package dev.lrsweep.schedule;

import java.util.Arrays;

/**
 * PyTorch {@code MultiStepLR}: {@code lr * factor^k}, where {@code k} is the number of milestones
 * {@code <= step}; the rate changes <em>at</em> the milestone (compare {@link PiecewiseConstant}).
 */
final class MultiStepDecay implements Schedule {
    private final double lr;
    private final long[] milestones;
    private final double factor;

    /** @param milestones strictly increasing, not negative */
    MultiStepDecay(double lr, long[] milestones, double factor) {
        this.lr = lr;
        this.milestones = milestones.clone();
        this.factor = factor;
    }

    @Override
    public double valueAt(long step) {
        Steps.check(step);
        int passed = 0;
        while (passed < milestones.length && milestones[passed] <= step) {
            passed++;
        }
        return lr * Math.pow(factor, passed);
    }

    @Override
    public String toString() {
        return "MultiStepDecay[lr=" + lr + ", milestones=" + Arrays.toString(milestones)
                + ", factor=" + factor + "]";
    }
}
