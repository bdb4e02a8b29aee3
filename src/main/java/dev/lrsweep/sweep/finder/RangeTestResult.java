package dev.lrsweep.sweep.finder;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * What a range test recorded: one {@link RangeTestPoint} per step that ran (including the one
 * that stopped it), why it stopped, and the suggestions computed from the smoothed losses.
 * Immutable.
 */
public final class RangeTestResult {
    private final RangeTestConfig config;
    private final List<RangeTestPoint> points;
    private final StopReason stopReason;
    private final String stopMessage;
    private final double bestSmoothedLoss;
    private final int bestStep;

    RangeTestResult(RangeTestConfig config, List<RangeTestPoint> points, StopReason stopReason,
            String stopMessage, double bestSmoothedLoss, int bestStep) {
        this.config = Objects.requireNonNull(config, "config");
        this.points = List.copyOf(points);
        this.stopReason = Objects.requireNonNull(stopReason, "stopReason");
        this.stopMessage = Objects.requireNonNull(stopMessage, "stopMessage");
        this.bestSmoothedLoss = bestSmoothedLoss;
        this.bestStep = bestStep;
    }

    /** @return the settings the test ran with */
    public RangeTestConfig config() {
        return config;
    }

    /** @return the recorded points in step order (unmodifiable) */
    public List<RangeTestPoint> points() {
        return points;
    }

    /** @return the number of recorded points */
    public int size() {
        return points.size();
    }

    /** @return why the test stopped */
    public StopReason stopReason() {
        return stopReason;
    }

    /**
     * @return one sentence saying where and why the test stopped, steps counted from 1, e.g.
     *     "Stopped at step 40 of 40 (lr 10): the smoothed loss 12.1234 exceeded 5 x the best smoothed
     *     loss 2.0313 (step 39)."
     */
    public String stopMessage() {
        return stopMessage;
    }

    /**
     * @return the best loss the compat's stop rule tracked (the minimum smoothed loss; for davidtvs
     *     seeded with the first raw loss); empty if the first step was already non-finite
     */
    public OptionalDouble bestSmoothedLoss() {
        return bestStep < 0 ? OptionalDouble.empty() : OptionalDouble.of(bestSmoothedLoss);
    }

    /** @return the step at which {@link #bestSmoothedLoss()} was recorded, if any */
    public OptionalInt bestStep() {
        return bestStep < 0 ? OptionalInt.empty() : OptionalInt.of(bestStep);
    }

    /** @return the learning rate of every recorded point */
    public double[] lrs() {
        return points.stream().mapToDouble(RangeTestPoint::lr).toArray();
    }

    /** @return the raw loss of every recorded point */
    public double[] rawLosses() {
        return points.stream().mapToDouble(RangeTestPoint::rawLoss).toArray();
    }

    /** @return the smoothed loss of every recorded point */
    public double[] smoothedLosses() {
        return points.stream().mapToDouble(RangeTestPoint::smoothedLoss).toArray();
    }

    /**
     * The compat's default suggestion over the smoothed losses, with the configured trim:
     * {@link Suggestions#steepest} (lrsweep), {@link Suggestions#davidtvsSteepest} (davidtvs),
     * {@link Suggestions#valley} (fastai) or {@link Suggestions#lightningGradient} (Lightning).
     *
     * @return the suggestion, or the reason it cannot be computed
     */
    public Suggestion suggestion() {
        double[] lrs = lrs();
        double[] losses = smoothedLosses();
        Trim trim = config.trim();
        switch (config.compat()) {
            case LRSWEEP:
                return Suggestions.steepest(lrs, losses, trim);
            case DAVIDTVS:
                return Suggestions.davidtvsSteepest(lrs, losses, trim);
            case FASTAI:
                return Suggestions.valley(lrs, losses, trim);
            case LIGHTNING:
                return Suggestions.lightningGradient(lrs, losses, trim);
            default:
                throw new AssertionError(config.compat());
        }
    }

    /**
     * Every suggestion method over the smoothed losses, all with the configured trim and their
     * default parameters, keyed by {@link Suggestion#method()}, the compat's default first.
     *
     * @return an unmodifiable map in a stable order
     */
    public Map<String, Suggestion> allSuggestions() {
        double[] lrs = lrs();
        double[] losses = smoothedLosses();
        Trim trim = config.trim();
        Map<String, Suggestion> out = new LinkedHashMap<>();
        Suggestion first = suggestion();
        out.put(first.method(), first);
        for (Suggestion s : List.of(
                Suggestions.steepest(lrs, losses, trim),
                Suggestions.davidtvsSteepest(lrs, losses, trim),
                Suggestions.valley(lrs, losses, trim),
                Suggestions.slide(lrs, losses, trim),
                Suggestions.slideRelative(lrs, losses, trim),
                Suggestions.minimumOverTen(lrs, losses, trim),
                Suggestions.fastaiSteep(lrs, losses, trim),
                Suggestions.lightningGradient(lrs, losses, trim))) {
            out.putIfAbsent(s.method(), s);
        }
        return Collections.unmodifiableMap(out);
    }

    @Override
    public String toString() {
        return "RangeTestResult[" + config.compat() + ", " + points.size() + " points, " + stopReason + "]";
    }
}
