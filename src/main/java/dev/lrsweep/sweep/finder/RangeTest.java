package dev.lrsweep.sweep.finder;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The learning-rate range test: ramps the rate from the minimum to the maximum, one
 * {@link TrainStep} per rate, records the raw and smoothed loss, and stops on the compat's
 * divergence rule, on a non-finite loss, or after the last step.
 *
 * <p>Immutable; {@link #run(TrainStep)} may be called several times (each run has its own
 * smoothing state) and from several threads with different steps.
 */
public final class RangeTest {
    private final RangeTestConfig config;

    /**
     * @param config the validated settings
     */
    public RangeTest(RangeTestConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** @return the settings this test runs with */
    public RangeTestConfig config() {
        return config;
    }

    /**
     * The learning rate of every planned step, without running anything.
     *
     * @return {@code config().steps()} rates, in step order
     */
    public double[] plannedLrs() {
        double[] lrs = new double[config.steps()];
        for (int k = 0; k < lrs.length; k++) {
            lrs[k] = lrAt(k);
        }
        return lrs;
    }

    /**
     * The learning rate of one step.
     *
     * @param k the 0-based step, below {@code config().steps()}
     * @return the rate the compat uses at that step
     */
    public double lrAt(int k) {
        return config.compat().lrAt(config.mode(), config.minLr(), config.maxLr(), k, config.steps());
    }

    /**
     * Runs the range test. Each step is recorded, including the one that stops the test.
     *
     * @param step performs one update at the given rate and returns the loss before it
     * @return the recorded points and why the test stopped
     */
    public RangeTestResult run(TrainStep step) {
        Objects.requireNonNull(step, "step");
        FinderCompat compat = config.compat();
        double factor = config.divergeFactor();
        boolean divergenceStop = !Double.isInfinite(factor);
        Smoother smoother = new Smoother(compat, config.beta());
        // grown as the test runs: a test may stop long before a huge --steps
        List<RangeTestPoint> points = new ArrayList<>(Math.min(config.steps(), 1 << 12));
        double best = Double.NaN;
        int bestStep = -1;
        int n = config.steps();
        for (int k = 0; k < n; k++) {
            double lr = lrAt(k);
            double raw = step.step(lr);
            double smoothed = smoother.next(raw);
            points.add(new RangeTestPoint(k, lr, raw, smoothed));
            if (!Double.isFinite(raw) || !Double.isFinite(smoothed)) {
                String what = !Double.isFinite(raw)
                        ? "the training loss was " + raw
                        : "the smoothed loss overflowed to " + smoothed + " (raw loss " + fmt(raw) + ")";
                return new RangeTestResult(config, points, StopReason.NON_FINITE_LOSS,
                        String.format(Locale.ROOT, "Stopped at step %d of %d (lr %s): %s.",
                                k + 1, n, fmt(lr), what),
                        best, bestStep);
            }
            boolean diverged;
            if (compat == FinderCompat.LIGHTNING) {
                diverged = divergenceStop && k >= 1 && smoothed > factor * best;
                if (k == 0 || smoothed < best) {
                    best = smoothed;
                    bestStep = k;
                }
            } else {
                // davidtvs seeds best with the first raw loss, which equals its first smoothed loss
                double candidate = compat == FinderCompat.DAVIDTVS && k == 0 ? raw : smoothed;
                if (k == 0 || candidate < best) {
                    best = candidate;
                    bestStep = k;
                }
                diverged = divergenceStop && smoothed > factor * best;
            }
            if (diverged) {
                return new RangeTestResult(config, points, StopReason.DIVERGED,
                        String.format(Locale.ROOT,
                                "Stopped at step %d of %d (lr %s): the smoothed loss %s exceeded %s x"
                                        + " the best smoothed loss %s (step %d).",
                                k + 1, n, fmt(lr), fmt(smoothed), fmt(factor), fmt(best), bestStep + 1),
                        best, bestStep);
            }
        }
        String rule = divergenceStop
                ? "the smoothed loss never exceeded " + fmt(factor) + " x its best"
                : "the divergence stop was disabled";
        return new RangeTestResult(config, points, StopReason.REACHED_MAX,
                String.format(Locale.ROOT,
                        "Ran all %d steps up to lr %s; %s (best smoothed loss %s at step %d, lr %s).",
                        n, fmt(points.get(n - 1).lr()), rule, fmt(best), bestStep + 1, fmt(points.get(bestStep).lr())),
                best, bestStep);
    }

    private static final java.util.regex.Pattern TRAILING_ZEROS_BEFORE_E = java.util.regex.Pattern.compile("\\.?0+e");

    /**
     * Six significant digits: plain notation from 1e-5 to 1e7 (0.0034, 250), else scientific
     * (1.2045e-07, 3.1e+168), as rates are printed elsewhere.
     */
    static String fmt(double x) {
        if (!Double.isFinite(x)) {
            return Double.toString(x);
        }
        if (x == 0) {
            return "0";
        }
        double a = Math.abs(x);
        if (a >= 1e-5 && a < 1e7) {
            return new BigDecimal(x).round(new MathContext(6)).stripTrailingZeros().toPlainString();
        }
        return TRAILING_ZEROS_BEFORE_E.matcher(String.format(Locale.ROOT, "%.5e", x)).replaceFirst("e");
    }
}
