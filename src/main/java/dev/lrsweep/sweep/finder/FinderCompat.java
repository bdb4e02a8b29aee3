package dev.lrsweep.sweep.finder;

/**
 * Whose range test to follow. Each constant fixes the learning-rate sequence, the smoothing, the
 * divergence rule, the trimming defaults and the default suggestion (SEMANTICS.md §1.5). Below,
 * {@code s} and {@code e} are the minimum and maximum rate, {@code N} the number of steps and
 * {@code k = 0..N-1} the step.
 *
 * <p>Whatever the compat, a non-finite raw or smoothed loss stops the test at once with
 * {@link StopReason#NON_FINITE_LOSS}. The original tools do not all do that (pytorch-lr-finder
 * and fastai keep going with a NaN-poisoned average), but the points recorded up to and
 * including the first non-finite one are the same.
 *
 * <p>None of the compats has a default range here: pytorch-lr-finder starts from the optimizer's
 * current rate (to 10), fastai uses 1e-7 to 10 and Lightning 1e-8 to 1, all with 100 steps.
 */
public enum FinderCompat {
    /**
     * lrsweep's own finder (the default).
     * <ul>
     * <li>lr: exp {@code s*(e/s)^(k/(N-1))}, linear {@code s + k/(N-1)*(e-s)}; the last step uses
     *     exactly {@code e}.</li>
     * <li>smoothing: debiased EMA, {@code avg = beta*avg + (1-beta)*raw} from {@code avg = 0},
     *     {@code smoothed = avg/(1-beta^(k+1))}, correct from the first step; beta 0.98.</li>
     * <li>stop: smoothed &gt; diverge x best smoothed (diverge 4).</li>
     * <li>suggestion: {@link Suggestions#steepest} (slope against log lr) after skipping 10 and 5.</li>
     * </ul>
     */
    LRSWEEP(0.98, 4.0, 10, 5),
    /**
     * pytorch-lr-finder ({@code LRFinder.range_test}, then {@code plot()}'s suggestion).
     * <ul>
     * <li>lr: as {@link #LRSWEEP}; the last step uses exactly {@code e}.</li>
     * <li>smoothing: {@code smooth_f = 1 - beta} (default 0.05) on the new value, seeded with the
     *     first raw loss, not debiased: {@code smoothed_0 = raw_0},
     *     {@code smoothed_k = smooth_f*raw_k + (1-smooth_f)*smoothed_(k-1)}. pytorch-lr-finder
     *     requires {@code smooth_f} in [0, 1), so beta lies in (0, 1]; beta 1 disables smoothing.</li>
     * <li>stop: best starts as the first raw loss, then the minimum smoothed loss; stop when
     *     smoothed &gt; diverge x best (diverge_th 5).</li>
     * <li>suggestion: {@link Suggestions#davidtvsSteepest} (np.gradient against the index) after
     *     skipping 10 and 5.</li>
     * </ul>
     */
    DAVIDTVS(0.95, 5.0, 10, 5),
    /**
     * fastai ({@code Learner.lr_find} with the {@code LRFinder} callback).
     * <ul>
     * <li>steps: fewer than 6 are raised to 6 ({@code num_it}).</li>
     * <li>lr: exp {@code s*(e/s)^(k/N)}, so {@code e} itself is never used; fastai has no linear
     *     ramp, and asking for one is an error.</li>
     * <li>smoothing: debiased EMA as {@link #LRSWEEP} ({@code AvgSmoothLoss}, beta 0.98).</li>
     * <li>stop: smoothed &gt; diverge x best smoothed (4, fixed in fastai).</li>
     * <li>suggestion: {@link Suggestions#valley} over {@code lrs[num_it//10 : -5]}, cut at the
     *     first NaN.</li>
     * </ul>
     */
    FASTAI(0.98, 4.0, -1, 5),
    /**
     * PyTorch Lightning ({@code Tuner.lr_find}).
     * <ul>
     * <li>lr: {@code s} at {@code k = 0}, else exp {@code s*(e/s)^((k+1)/N)} or linear
     *     {@code s + (k+1)/N*(e-s)}: the exponent {@code 1/N} is skipped and the last step uses
     *     {@code e}.</li>
     * <li>smoothing: {@code avg = beta*avg + (1-beta)*raw}, {@code smoothed = avg/(1-beta^(k+2))}:
     *     Lightning's {@code global_step + 1} exponent, which biases early values low
     *     (about 0.505x on the first step).</li>
     * <li>stop: from the second step on, smoothed &gt; diverge x best, checked before best is
     *     updated; best is the first smoothed loss, then the minimum (early_stop_threshold 4).</li>
     * <li>suggestion: {@link Suggestions#lightningGradient} (d loss / d lr in linear lr, non-uniform
     *     spacing) after skipping 10 and 1, non-finite losses dropped.</li>
     * </ul>
     */
    LIGHTNING(0.98, 4.0, 10, 1);

    private final double defaultBeta;
    private final double defaultDiverge;
    private final int defaultSkipStart;
    private final int defaultSkipEnd;

    FinderCompat(double defaultBeta, double defaultDiverge, int defaultSkipStart, int defaultSkipEnd) {
        this.defaultBeta = defaultBeta;
        this.defaultDiverge = defaultDiverge;
        this.defaultSkipStart = defaultSkipStart;
        this.defaultSkipEnd = defaultSkipEnd;
    }

    /**
     * @return the smoothing beta this tool uses by default (0.98; 0.95 for {@link #DAVIDTVS},
     *     whose {@code smooth_f} 0.05 weights the new value)
     */
    public double defaultBeta() {
        return defaultBeta;
    }

    /** @return the divergence factor this tool uses by default (4; 5 for {@link #DAVIDTVS}) */
    public double defaultDivergeFactor() {
        return defaultDiverge;
    }

    /**
     * The trimming this tool's default suggestion uses.
     *
     * @param steps the effective number of steps (fastai trims {@code steps / 10} at the start)
     * @return the default trim
     */
    public Trim defaultTrim(int steps) {
        return this == FASTAI ? Trim.fastai(steps) : new Trim(defaultSkipStart, defaultSkipEnd);
    }

    /**
     * The number of steps this tool actually runs when asked for {@code requested}.
     *
     * @param requested the requested number of steps
     * @return {@code max(requested, 6)} for {@link #FASTAI}, {@code requested} otherwise
     */
    public int effectiveSteps(int requested) {
        return this == FASTAI ? Math.max(requested, 6) : requested;
    }

    /**
     * The learning rate this tool uses at step {@code k}.
     *
     * @param mode  exponential or linear ramp ({@link #FASTAI} supports only {@link RampMode#EXP})
     * @param minLr the start rate {@code s}
     * @param maxLr the end rate {@code e}
     * @param k     the 0-based step
     * @param steps the number of steps {@code N} (already {@linkplain #effectiveSteps effective})
     * @return the rate for step {@code k}
     */
    public double lrAt(RampMode mode, double minLr, double maxLr, int k, int steps) {
        if (k < 0 || k >= steps) {
            throw new IllegalArgumentException("step " + k + " outside 0.." + (steps - 1));
        }
        double fraction;
        switch (this) {
            case LRSWEEP:
                // the last step is --max exactly (s·(e/s)^1 can be an ulp off)
                if (k == steps - 1) {
                    return maxLr;
                }
                fraction = (double) k / (steps - 1);
                break;
            case DAVIDTVS:
                // as pytorch-lr-finder computes it, an ulp off e at the last step included
                fraction = (double) k / (steps - 1);
                break;
            case FASTAI:
                if (mode != RampMode.EXP) {
                    throw new IllegalArgumentException("fastai's lr_find has only an exponential ramp");
                }
                fraction = (double) k / steps;
                break;
            case LIGHTNING:
                if (k == 0) {
                    return minLr;
                }
                fraction = (double) (k + 1) / steps;
                break;
            default:
                throw new AssertionError(this);
        }
        return mode == RampMode.EXP
                ? minLr * Math.pow(maxLr / minLr, fraction)
                : minLr + fraction * (maxLr - minLr);
    }
}
