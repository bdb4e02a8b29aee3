package dev.lrsweep.sweep.finder;

/**
 * How many recorded points a suggestion ignores at each end of the curve.
 *
 * <p>The window is {@code [skipStart, n - skipEnd)} of the {@code n} recorded points; unlike a
 * Python slice {@code [a:-0]}, {@code skipEnd == 0} keeps the tail (as pytorch-lr-finder does).
 * The slope rules need at least two points in the window, i.e. {@code n >= skipStart + skipEnd + 2};
 * fastai's valley and minimum work on one, as a Python slice gives it.
 *
 * @param skipStart points dropped at the start (low learning rates, noisy start of training)
 * @param skipEnd   points dropped at the end (the divergence)
 */
public record Trim(int skipStart, int skipEnd) {
    /** pytorch-lr-finder's {@code plot()} defaults and lrsweep's: skip 10 at the start, 5 at the end. */
    public static final Trim DEFAULT = new Trim(10, 5);
    /** Lightning's {@code suggestion()} defaults: skip_begin 10, skip_end 1. */
    public static final Trim LIGHTNING = new Trim(10, 1);

    /**
     * Validates that both counts are non-negative.
     *
     * @param skipStart points dropped at the start
     * @param skipEnd   points dropped at the end
     */
    public Trim {
        if (skipStart < 0 || skipEnd < 0) {
            throw new IllegalArgumentException(
                    "skip_start and skip_end must be >= 0, got " + skipStart + " and " + skipEnd);
        }
    }

    /**
     * fastai's trimming {@code lrs[num_it//10 : -5]}.
     *
     * @param numIt the configured number of iterations (not the number recorded)
     * @return a trim skipping {@code numIt / 10} points at the start and 5 at the end
     */
    public static Trim fastai(int numIt) {
        if (numIt < 0) {
            throw new IllegalArgumentException("num_it must be >= 0, got " + numIt);
        }
        return new Trim(numIt / 10, 5);
    }

    /** @return the recorded points the slope rules need with this trim (two in the window) */
    public int minimumPoints() {
        return skipStart + skipEnd + 2;
    }
}
