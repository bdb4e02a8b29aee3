package dev.lrsweep.sweep;

/**
 * Batch-size scaling rules from practice: the linear rule (Goyal et al. 2017, "multiply the rate
 * by k when the batch grows k-fold") and the square-root rule (Krizhevsky 2014; Hoffer et al. 2017).
 *
 * @param rule      none, linear or sqrt
 * @param baseBatch the batch size the rates were chosen for (ignored for none)
 */
public record LrScaling(Rule rule, int baseBatch) {
    /** Which rule. */
    public enum Rule { NONE, LINEAR, SQRT }

    /** No scaling. */
    public static LrScaling none() {
        return new LrScaling(Rule.NONE, 1);
    }

    /** The factor for a batch of {@code batch} rows. */
    public double factor(int batch) {
        return switch (rule) {
            case NONE -> 1.0;
            case LINEAR -> (double) batch / baseBatch;
            case SQRT -> Math.sqrt((double) batch / baseBatch);
        };
    }
}
