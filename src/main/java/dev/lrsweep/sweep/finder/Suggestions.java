package dev.lrsweep.sweep.finder;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * Learning-rate suggestions from a recorded range test: static functions of the recorded rates
 * and <em>smoothed</em> losses (the full arrays, in step order; each method trims them itself).
 *
 * <p>Every method returns a {@link Suggestion}; when it cannot compute a rate, the suggestion says
 * why. With fewer recorded points than a method needs after trimming (two in the window for
 * the slope rules; one for fastai's valley and minimum, as a Python slice gives it; lr_diff + 1
 * for slide) the reason is "not enough points after trimming: need &gt;= ..., got N". The
 * returned index points into the arrays as given, not into the trimmed window. Arrays of different
 * lengths, and rates that are not finite, positive and strictly increasing where a method uses
 * them as spacing, are caller errors and throw {@link IllegalArgumentException}.
 *
 * <p>The fastai and Lightning methods work in double precision; those libraries hold the curve in
 * float32 tensors, so an exact tie or a near-tie may resolve differently there.
 */
public final class Suggestions {
    /** fastai's {@code slide} default {@code lr_diff}: 15 points between the compared gradients. */
    public static final int SLIDE_LR_DIFF = 15;
    /** fastai's {@code slide} default absolute {@code thresh}: 0.005. */
    public static final double SLIDE_THRESH = 0.005;
    /** fastai's {@code slide} default {@code adjust_value}: 1. */
    public static final double SLIDE_ADJUST_VALUE = 1.0;
    /**
     * lrsweep's default relative threshold for {@link #slideRelative}: 0.005 of the loss range in
     * the window, which equals fastai's absolute 0.005 when the smoothed loss spans 1 there.
     */
    public static final double SLIDE_RELATIVE_THRESH = 0.005;
    /** How {@link #steepest}'s reason begins when the smoothed loss falls nowhere in the window. */
    public static final String FALLS_NOWHERE = "the smoothed loss falls nowhere in the window";

    private Suggestions() {
    }

    // ---------------------------------------------------------------- lrsweep

    /**
     * {@link #steepest(double[], double[], Trim)} with {@link Trim#DEFAULT} (skip 10 and 5).
     *
     * @param lrs the recorded rates
     * @param losses the recorded smoothed losses
     * @return the suggestion, or the reason it cannot be computed
     */
    public static Suggestion steepest(double[] lrs, double[] losses) {
        return steepest(lrs, losses, Trim.DEFAULT);
    }

    /**
     * lrsweep's default: the rate where the smoothed loss falls fastest against {@code log(lr)}.
     *
     * <p>Keeps {@code [skipStart, n - skipEnd)}, ends the window before the first non-finite loss
     * in it, and takes the derivative of the loss with respect to {@code log(lr)} as
     * {@code np.gradient(losses, np.log(lrs))}: the second-order central difference for non-uniform
     * spacing inside, one-sided differences at both ends. The slope is independent of the ramp's
     * range and of linear or exponential spacing. Returns the rate with the most negative slope
     * (the first one on a tie); not computable when no slope is negative (the loss falls nowhere:
     * the libraries' steepest rules return the least rising point instead).
     *
     * @param lrs    the recorded rates
     * @param losses the recorded smoothed losses
     * @param trim   the points to skip at each end
     * @return the suggestion, method {@code "steepest"}
     */
    public static Suggestion steepest(double[] lrs, double[] losses, Trim trim) {
        final String method = "steepest";
        checkArrays(lrs, losses, trim);
        int n = losses.length;
        if (n < trim.minimumPoints()) {
            return Suggestion.notComputable(method, tooFew(trim, n));
        }
        int from = trim.skipStart();
        int to = n - trim.skipEnd();
        for (int i = from; i < to; i++) {
            if (!Double.isFinite(losses[i])) {
                if (i - from < 2) {
                    return Suggestion.notComputable(method, tooFewBeforeNonFinite(trim, n, i - from, i));
                }
                to = i;
                break;
            }
        }
        checkSpacing(lrs, from, to);
        double[] x = new double[to - from];
        double[] f = new double[to - from];
        for (int i = from; i < to; i++) {
            x[i - from] = Math.log(lrs[i]);
            f[i - from] = losses[i];
        }
        double[] g = gradient(f, x);
        int best = argmin(g);
        if (best < 0) {
            return Suggestion.notComputable(method, "the log-lr gradient is NaN everywhere in the window");
        }
        if (!(g[best] < 0)) {
            // the libraries return the least rising point; a rate where the loss does not fall is
            // no suggestion
            return Suggestion.notComputable(method, String.format(Locale.ROOT,
                    FALLS_NOWHERE + " [%d, %d): its smallest slope against"
                            + " log lr is %s, at lr %s", from, to, RangeTest.fmt(g[best]), RangeTest.fmt(lrs[from + best])));
        }
        return Suggestion.of(method, lrs[from + best], from + best);
    }

    // ---------------------------------------------------------------- pytorch-lr-finder

    /**
     * {@link #davidtvsSteepest(double[], double[], Trim)} with {@link Trim#DEFAULT} (skip 10 and 5).
     *
     * @param lrs the recorded rates
     * @param losses the recorded smoothed losses
     * @return the suggestion, or the reason it cannot be computed
     */
    public static Suggestion davidtvsSteepest(double[] lrs, double[] losses) {
        return davidtvsSteepest(lrs, losses, Trim.DEFAULT);
    }

    /**
     * pytorch-lr-finder's {@code plot(suggest_lr=True)}: keeps {@code lrs[skip_start:-skip_end]}
     * ({@code lrs[skip_start:]} when {@code skip_end == 0}) and returns the rate at
     * {@code argmin(np.gradient(losses))}, the gradient taken with respect to the <em>index</em>
     * (central differences {@code (L[i+1]-L[i-1])/2} inside, one-sided at the ends). The first
     * minimum wins a tie, as with {@code np.argmin}.
     *
     * <p>A non-finite loss inside the window (only the last recorded point can be one, when
     * {@code skip_end} is 0) is taken as numpy takes it: infinite differences are infinite and
     * {@code np.argmin} passes over {@code +inf}, but stops at the first NaN.
     *
     * @param lrs    the recorded rates
     * @param losses the recorded smoothed losses
     * @param trim   the points to skip at each end
     * @return the suggestion, method {@code "davidtvs_steepest"}
     */
    public static Suggestion davidtvsSteepest(double[] lrs, double[] losses, Trim trim) {
        final String method = "davidtvs_steepest";
        checkArrays(lrs, losses, trim);
        int n = losses.length;
        if (n < trim.minimumPoints()) {
            return Suggestion.notComputable(method, tooFew(trim, n));
        }
        int from = trim.skipStart();
        int to = n - trim.skipEnd();
        double[] f = Arrays.copyOfRange(losses, from, to);
        int best = numpyArgmin(gradient(f));
        return Suggestion.of(method, lrs[from + best], from + best);
    }

    // ---------------------------------------------------------------- fastai

    /**
     * {@link #valley(double[], double[], Trim)} with fastai's {@link Trim#fastai(int)}.
     *
     * @param lrs the recorded rates
     * @param losses the recorded smoothed losses
     * @param numIt fastai's configured {@code num_it} (trims {@code num_it / 10} and 5)
     * @return the suggestion, or the reason it cannot be computed
     */
    public static Suggestion valley(double[] lrs, double[] losses, int numIt) {
        return valley(lrs, losses, Trim.fastai(numIt));
    }

    /**
     * fastai's default {@code valley}: the middle of the longest valley.
     *
     * <p>Over the fastai window ({@code lrs[num_it//10 : -5]}, cut before the first NaN),
     * {@code lds[i]} is the length of the longest strictly decreasing subsequence (not
     * necessarily contiguous) ending at {@code i} (fastai scans all {@code j < i}; the same numbers
     * come here from a binary search, so long curves stay fast); {@code max_end} is the first {@code i}
     * with the largest {@code lds}, and {@code max_start = max_end - lds[max_end]}. With
     * {@code sections = (max_end - max_start) / 3} the point is
     * {@code max_start + int(sections) + int(sections / 2)}. As in Python, an index of -1 (only
     * possible when the longest run has length 2 and ends at the window's second point) means
     * the window's last point.
     *
     * @param lrs    the recorded rates
     * @param losses the recorded smoothed losses
     * @param trim   the points to skip at each end (fastai: {@code num_it / 10} and 5)
     * @return the suggestion, method {@code "valley"}
     */
    public static Suggestion valley(double[] lrs, double[] losses, Trim trim) {
        final String method = "valley";
        checkArrays(lrs, losses, trim);
        FastaiWindow w = fastaiWindow(method, losses, trim, 1);
        if (w.failure != null) {
            return w.failure;
        }
        int m = w.to - w.from;
        // lds[i] = 1 + the longest lds[j] with j < i and L[j] > L[i]: found by binary search in
        // tails[k], the largest last value of a strictly decreasing run of length k + 1 seen so far
        // (tails falls strictly with k), O(n log n) where fastai's double loop is O(n^2). fastai
        // moves max_end to i once lds[i] exceeds the longest so far, which can only be by one, so
        // max_end is the first i with the largest lds and max_start = max_end - lds[max_end].
        double[] tails = new double[m];
        int longest = 0;
        int maxStart = 0;
        int maxEnd = 0;
        for (int i = 0; i < m; i++) {
            double v = losses[w.from + i];
            int lo = 0;
            int hi = longest;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (tails[mid] > v) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            tails[lo] = v;
            if (lo == longest) {
                longest++;
                if (i > 0 && longest > 1) {
                    maxEnd = i;
                    maxStart = i - longest;
                }
            }
        }
        double sections = (maxEnd - maxStart) / 3.0;
        int idx = maxStart + (int) sections + (int) (sections / 2);
        if (idx < 0) {
            idx += m;
        }
        return Suggestion.of(method, lrs[w.from + idx], w.from + idx);
    }

    /**
     * {@link #slide(double[], double[], Trim)} with fastai's {@link Trim#fastai(int)}.
     *
     * @param lrs the recorded rates
     * @param losses the recorded smoothed losses
     * @param numIt fastai's configured {@code num_it} (trims {@code num_it / 10} and 5)
     * @return the suggestion, or the reason it cannot be computed
     */
    public static Suggestion slide(double[] lrs, double[] losses, int numIt) {
        return slide(lrs, losses, Trim.fastai(numIt));
    }

    /**
     * {@link #slide(double[], double[], Trim, int, double, double)} with fastai's defaults 15, 0.005, 1.
     *
     * @param lrs the recorded rates
     * @param losses the recorded smoothed losses
     * @param trim the points to skip at each end
     * @return the suggestion, or the reason it cannot be computed
     */
    public static Suggestion slide(double[] lrs, double[] losses, Trim trim) {
        return slide(lrs, losses, trim, SLIDE_LR_DIFF, SLIDE_THRESH, SLIDE_ADJUST_VALUE);
    }

    /**
     * fastai's {@code slide}. Over the fastai window, {@code g = np.gradient(losses)} (with respect
     * to the index). Starting with {@code r} at the last point and {@code l = r - lrDiff}, and
     * {@code local = lrs[l]}: while {@code l} is inside the window and
     * {@code |g[r] - g[l]| > thresh}, set {@code local = lrs[l]} and move both one point left.
     * Returns {@code local * adjustValue}. The threshold is absolute, so the rule depends on the
     * scale of the loss; see {@link #slideRelative}.
     *
     * @param lrs         the recorded rates
     * @param losses      the recorded smoothed losses
     * @param trim        the points to skip at each end (fastai: {@code num_it / 10} and 5)
     * @param lrDiff      the distance in points between the compared gradients, &gt;= 1
     * @param thresh      the absolute gradient-difference threshold, &gt;= 0
     * @param adjustValue the factor applied to the rate found
     * @return the suggestion, method {@code "slide"}; its index is the point before adjustment.
     *     Not computable when the window holds fewer than {@code lrDiff + 1} points
     */
    public static Suggestion slide(double[] lrs, double[] losses, Trim trim, int lrDiff, double thresh,
            double adjustValue) {
        return slide("slide", lrs, losses, trim, lrDiff, thresh, false, adjustValue);
    }

    /**
     * {@link #slideRelative(double[], double[], Trim)} with fastai's {@link Trim#fastai(int)}.
     *
     * @param lrs the recorded rates
     * @param losses the recorded smoothed losses
     * @param numIt fastai's configured {@code num_it} (trims {@code num_it / 10} and 5)
     * @return the suggestion, or the reason it cannot be computed
     */
    public static Suggestion slideRelative(double[] lrs, double[] losses, int numIt) {
        return slideRelative(lrs, losses, Trim.fastai(numIt));
    }

    /**
     * {@link #slideRelative(double[], double[], Trim, int, double, double)} with 15,
     * {@link #SLIDE_RELATIVE_THRESH} and 1.
     *
     * @param lrs    the recorded rates
     * @param losses the recorded smoothed losses
     * @param trim   the points to skip at each end
     * @return the suggestion, or the reason it cannot be computed
     */
    public static Suggestion slideRelative(double[] lrs, double[] losses, Trim trim) {
        return slideRelative(lrs, losses, trim, SLIDE_LR_DIFF, SLIDE_RELATIVE_THRESH, SLIDE_ADJUST_VALUE);
    }

    /**
     * lrsweep's scale-free variant of fastai's {@code slide}: the same walk, but the threshold is
     * {@code relThresh * (max - min)} of the finite smoothed losses in the window, so multiplying
     * the loss by a constant does not change the answer. With the default 0.005 it agrees with
     * fastai's absolute 0.005 on a curve whose smoothed loss spans exactly 1 in the window.
     *
     * @param lrs         the recorded rates
     * @param losses      the recorded smoothed losses
     * @param trim        the points to skip at each end
     * @param lrDiff      the distance in points between the compared gradients, &gt;= 1
     * @param relThresh   the threshold as a fraction of the window's loss range, &gt;= 0
     * @param adjustValue the factor applied to the rate found
     * @return the suggestion, method {@code "slide_relative"}
     */
    public static Suggestion slideRelative(double[] lrs, double[] losses, Trim trim, int lrDiff,
            double relThresh, double adjustValue) {
        return slide("slide_relative", lrs, losses, trim, lrDiff, relThresh, true, adjustValue);
    }

    private static Suggestion slide(String method, double[] lrs, double[] losses, Trim trim, int lrDiff,
            double thresh, boolean relative, double adjustValue) {
        checkArrays(lrs, losses, trim);
        if (lrDiff < 1) {
            throw new IllegalArgumentException("lr_diff must be >= 1, got " + lrDiff);
        }
        if (!(thresh >= 0)) {
            throw new IllegalArgumentException("thresh must be >= 0, got " + thresh);
        }
        FastaiWindow w = fastaiWindow(method, losses, trim, 1);
        if (w.failure != null) {
            return w.failure;
        }
        int m = w.to - w.from;
        if (m < lrDiff + 1) {
            return Suggestion.notComputable(method, String.format(Locale.ROOT,
                    "not enough points after trimming: the slide rule needs >= lr_diff+1 = %d points"
                            + " in the window, got %d", lrDiff + 1, m));
        }
        double[] f = Arrays.copyOfRange(losses, w.from, w.to);
        double limit = thresh;
        if (relative) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (double v : f) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
            limit = hi >= lo ? thresh * (hi - lo) : 0;
        }
        double[] g = gradient(f);
        int r = m - 1;
        int l = r - lrDiff;
        int local = l;
        while (l >= 0 && Math.abs(g[r] - g[l]) > limit) {
            local = l;
            r--;
            l--;
        }
        return Suggestion.of(method, lrs[w.from + local] * adjustValue, w.from + local);
    }

    /**
     * {@link #minimumOverTen(double[], double[], Trim)} with fastai's {@link Trim#fastai(int)}.
     *
     * @param lrs the recorded rates
     * @param losses the recorded smoothed losses
     * @param numIt fastai's configured {@code num_it} (trims {@code num_it / 10} and 5)
     * @return the suggestion, or the reason it cannot be computed
     */
    public static Suggestion minimumOverTen(double[] lrs, double[] losses, int numIt) {
        return minimumOverTen(lrs, losses, Trim.fastai(numIt));
    }

    /**
     * fastai's {@code minimum}: {@code lrs[argmin(losses)] / 10} over the fastai window (first
     * minimum on a tie).
     *
     * @param lrs    the recorded rates
     * @param losses the recorded smoothed losses
     * @param trim   the points to skip at each end (fastai: {@code num_it / 10} and 5)
     * @return the suggestion, method {@code "minimum_over_ten"}; its index is the minimum's
     */
    public static Suggestion minimumOverTen(double[] lrs, double[] losses, Trim trim) {
        final String method = "minimum_over_ten";
        checkArrays(lrs, losses, trim);
        FastaiWindow w = fastaiWindow(method, losses, trim, 1);
        if (w.failure != null) {
            return w.failure;
        }
        int best = w.from + argmin(Arrays.copyOfRange(losses, w.from, w.to));
        return Suggestion.of(method, lrs[best] / 10, best);
    }

    /**
     * {@link #fastaiSteep(double[], double[], Trim)} with fastai's {@link Trim#fastai(int)}.
     *
     * @param lrs the recorded rates
     * @param losses the recorded smoothed losses
     * @param numIt fastai's configured {@code num_it} (trims {@code num_it / 10} and 5)
     * @return the suggestion, or the reason it cannot be computed
     */
    public static Suggestion fastaiSteep(double[] lrs, double[] losses, int numIt) {
        return fastaiSteep(lrs, losses, Trim.fastai(numIt));
    }

    /**
     * fastai's {@code steep}: over the fastai window, the segment slopes
     * {@code (L[j+1] - L[j]) / (log lr[j+1] - log lr[j])}; returns the left point of the steepest
     * (most negative) segment, the first on a tie.
     *
     * @param lrs    the recorded rates
     * @param losses the recorded smoothed losses
     * @param trim   the points to skip at each end (fastai: {@code num_it / 10} and 5)
     * @return the suggestion, method {@code "fastai_steep"}
     */
    public static Suggestion fastaiSteep(double[] lrs, double[] losses, Trim trim) {
        final String method = "fastai_steep";
        checkArrays(lrs, losses, trim);
        FastaiWindow w = fastaiWindow(method, losses, trim, 2);
        if (w.failure != null) {
            return w.failure;
        }
        checkSpacing(lrs, w.from, w.to);
        double[] slopes = new double[w.to - w.from - 1];
        for (int j = 0; j < slopes.length; j++) {
            int i = w.from + j;
            slopes[j] = (losses[i + 1] - losses[i]) / (Math.log(lrs[i + 1]) - Math.log(lrs[i]));
        }
        int best = argmin(slopes);
        if (best < 0) {
            return Suggestion.notComputable(method, "every segment slope in the window is NaN");
        }
        return Suggestion.of(method, lrs[w.from + best], w.from + best);
    }

    // ---------------------------------------------------------------- Lightning

    /**
     * {@link #lightningGradient(double[], double[], Trim)} with {@link Trim#LIGHTNING} (skip 10 and 1).
     *
     * @param lrs the recorded rates
     * @param losses the recorded smoothed losses
     * @return the suggestion, or the reason it cannot be computed
     */
    public static Suggestion lightningGradient(double[] lrs, double[] losses) {
        return lightningGradient(lrs, losses, Trim.LIGHTNING);
    }

    /**
     * Lightning's {@code suggestion()}: keeps {@code [skip_begin, n - skip_end)}, drops the points
     * whose loss is not finite, and returns the rate at the most negative
     * {@code torch.gradient(losses, spacing=[lrs])}, i.e. d loss / d lr in <em>linear</em> lr with
     * non-uniform spacing: for {@code hl = x[i] - x[i-1]}, {@code hr = x[i+1] - x[i]},
     * {@code g[i] = -hr/(hl(hl+hr)) f[i-1] + (hr-hl)/(hl hr) f[i] + hl/(hr(hl+hr)) f[i+1]} inside,
     * one-sided first differences at the ends. The index is mapped back to the recorded points.
     * {@code skip_end == 0} keeps the tail.
     *
     * @param lrs    the recorded rates
     * @param losses the recorded smoothed losses
     * @param trim   the points to skip at each end (Lightning: 10 and 1)
     * @return the suggestion, method {@code "lightning_gradient"}; not computable when fewer than
     *     two finite losses remain, where Lightning logs an error and returns {@code None}
     */
    public static Suggestion lightningGradient(double[] lrs, double[] losses, Trim trim) {
        final String method = "lightning_gradient";
        checkArrays(lrs, losses, trim);
        int n = losses.length;
        if (n < trim.minimumPoints()) {
            return Suggestion.notComputable(method, tooFew(trim, n));
        }
        int from = trim.skipStart();
        int to = n - trim.skipEnd();
        int[] kept = new int[to - from];
        int m = 0;
        for (int i = from; i < to; i++) {
            if (Double.isFinite(losses[i])) {
                kept[m++] = i;
            }
        }
        if (m < 2) {
            return Suggestion.notComputable(method, String.format(Locale.ROOT,
                    "not enough points after trimming: need >= 2 finite smoothed losses in the window"
                            + " [%d, %d), got %d", from, to, m));
        }
        double[] x = new double[m];
        double[] f = new double[m];
        for (int j = 0; j < m; j++) {
            x[j] = lrs[kept[j]];
            f[j] = losses[kept[j]];
            if (!Double.isFinite(x[j]) || (j > 0 && !(x[j] > x[j - 1]))) {
                throw new IllegalArgumentException(
                        "learning rates must be finite and strictly increasing; point " + kept[j]);
            }
        }
        int best = argmin(gradient(f, x));
        if (best < 0) {
            return Suggestion.notComputable(method, "the gradient is NaN everywhere in the window");
        }
        return Suggestion.of(method, lrs[kept[best]], kept[best]);
    }

    // ---------------------------------------------------------------- numerics

    /**
     * {@code np.gradient(f)} with unit spacing: {@code (f[i+1] - f[i-1]) / 2} inside, first
     * differences at the ends.
     *
     * @param f at least two values
     * @return the gradient, same length as {@code f}
     */
    static double[] gradient(double[] f) {
        int n = f.length;
        if (n < 2) {
            throw new IllegalArgumentException("a gradient needs at least 2 points, got " + n);
        }
        double[] g = new double[n];
        g[0] = f[1] - f[0];
        g[n - 1] = f[n - 1] - f[n - 2];
        for (int i = 1; i < n - 1; i++) {
            g[i] = (f[i + 1] - f[i - 1]) / 2.0;
        }
        return g;
    }

    /**
     * {@code np.gradient(f, x)} / {@code torch.gradient(f, spacing=[x])} with coordinates
     * {@code x}: the second-order non-uniform central difference inside, first-order one-sided
     * differences at the ends.
     *
     * @param f at least two values
     * @param x the coordinates, strictly increasing, same length
     * @return the gradient, same length as {@code f}
     */
    static double[] gradient(double[] f, double[] x) {
        int n = f.length;
        if (n < 2 || x.length != n) {
            throw new IllegalArgumentException("a gradient needs at least 2 points and matching coordinates");
        }
        double[] g = new double[n];
        g[0] = (f[1] - f[0]) / (x[1] - x[0]);
        g[n - 1] = (f[n - 1] - f[n - 2]) / (x[n - 1] - x[n - 2]);
        for (int i = 1; i < n - 1; i++) {
            double hl = x[i] - x[i - 1];
            double hr = x[i + 1] - x[i];
            double a = -hr / (hl * (hl + hr));
            double b = (hr - hl) / (hl * hr);
            double c = hl / (hr * (hl + hr));
            g[i] = a * f[i - 1] + b * f[i] + c * f[i + 1];
        }
        return g;
    }

    /** {@code np.argmin}: the index of the first NaN if there is one, else of the first smallest value. */
    static int numpyArgmin(double[] v) {
        int best = 0;
        for (int i = 0; i < v.length; i++) {
            if (Double.isNaN(v[i])) {
                return i;
            }
            if (v[i] < v[best]) {
                best = i;
            }
        }
        return best;
    }

    /** The index of the first smallest non-NaN value, or -1 if all are NaN. */
    static int argmin(double[] v) {
        int best = -1;
        for (int i = 0; i < v.length; i++) {
            if (!Double.isNaN(v[i]) && (best < 0 || v[i] < v[best])) {
                best = i;
            }
        }
        return best;
    }

    // ---------------------------------------------------------------- windows and checks

    /** A window {@code [from, to)} of the recorded points, or the reason there is none. */
    private record FastaiWindow(int from, int to, Suggestion failure) {
    }

    /**
     * fastai's window: {@code [skip_start, n - skip_end)}, then cut before the first NaN (only NaN,
     * as fastai's {@code isnan}; infinite values stay). As in Python, a method that works on one
     * point (valley, minimum) gets one: fastai with 6 steps keeps {@code lrs[0:-5]}.
     *
     * @param minPoints the fewest points the method works on
     */
    private static FastaiWindow fastaiWindow(String method, double[] losses, Trim trim, int minPoints) {
        int n = losses.length;
        if (n < trim.skipStart() + trim.skipEnd() + minPoints) {
            return new FastaiWindow(0, 0, Suggestion.notComputable(method, String.format(Locale.ROOT,
                    "not enough points after trimming: need >= skip_start+skip_end+%d = %d+%d+%d = %d, got %d",
                    minPoints, trim.skipStart(), trim.skipEnd(), minPoints,
                    trim.skipStart() + trim.skipEnd() + minPoints, n)));
        }
        int from = trim.skipStart();
        int to = n - trim.skipEnd();
        for (int i = from; i < to; i++) {
            if (Double.isNaN(losses[i])) {
                if (i - from < minPoints) {
                    return new FastaiWindow(0, 0,
                            Suggestion.notComputable(method, tooFewBeforeNonFinite(trim, n, i - from, i, minPoints)));
                }
                to = i;
                break;
            }
        }
        return new FastaiWindow(from, to, null);
    }

    private static String tooFew(Trim trim, int n) {
        return String.format(Locale.ROOT,
                "not enough points after trimming: need >= skip_start+skip_end+2 = %d+%d+2 = %d, got %d",
                trim.skipStart(), trim.skipEnd(), trim.minimumPoints(), n);
    }

    private static String tooFewBeforeNonFinite(Trim trim, int n, int left, int at) {
        return tooFewBeforeNonFinite(trim, n, left, at, 2);
    }

    private static String tooFewBeforeNonFinite(Trim trim, int n, int left, int at, int need) {
        return String.format(Locale.ROOT,
                "not enough points after trimming: need >= %d points in the window, got %d before the"
                        + " first non-finite smoothed loss at point %d (%d recorded, skip_start %d, skip_end %d)",
                need, left, at, n, trim.skipStart(), trim.skipEnd());
    }

    private static void checkArrays(double[] lrs, double[] losses, Trim trim) {
        Objects.requireNonNull(lrs, "lrs");
        Objects.requireNonNull(losses, "losses");
        Objects.requireNonNull(trim, "trim");
        if (lrs.length != losses.length) {
            throw new IllegalArgumentException(
                    "lrs and losses differ in length: " + lrs.length + " and " + losses.length);
        }
    }

    /** Rates used as log-lr spacing must be finite, positive and strictly increasing. */
    private static void checkSpacing(double[] lrs, int from, int to) {
        for (int i = from; i < to; i++) {
            double lr = lrs[i];
            if (!Double.isFinite(lr) || !(lr > 0) || (i > from && !(lr > lrs[i - 1]))) {
                throw new IllegalArgumentException("learning rates must be finite, positive and strictly"
                        + " increasing; point " + i + " is " + lr);
            }
        }
    }
}
