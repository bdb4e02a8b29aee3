package dev.lrsweep.sweep.finder;

import java.util.Objects;

/**
 * The settings of a range test, with every default already resolved for the compat.
 *
 * <p>Build one with {@link #builder()}: values left unset take the compat's defaults
 * ({@link FinderCompat#defaultBeta()}, {@link FinderCompat#defaultDivergeFactor()},
 * {@link FinderCompat#defaultTrim(int)}), which reproduce that tool; values set explicitly
 * override them, even where the original tool has no such option (fastai's factor 4 is fixed).
 *
 * @param compat        whose semantics to follow
 * @param minLr         the start rate, &gt; 0
 * @param maxLr         the end rate, &gt; {@code minLr}
 * @param steps         the number of steps, &gt;= 2 (for {@link FinderCompat#FASTAI} raised to at
 *                      least 6, as fastai raises {@code num_it})
 * @param mode          exponential or linear ramp (fastai: exponential only)
 * @param beta          the smoothing beta: in [0, 1), or (0, 1] for {@link FinderCompat#DAVIDTVS}
 *                      where {@code smooth_f = 1 - beta}
 * @param divergeFactor stop when the smoothed loss exceeds this multiple of the best one; &gt; 1,
 *                      or {@link Double#POSITIVE_INFINITY} to never stop on divergence
 * @param trim          the points the result's suggestions skip at each end
 */
public record RangeTestConfig(FinderCompat compat, double minLr, double maxLr, int steps, RampMode mode,
        double beta, double divergeFactor, Trim trim) {

    /**
     * Validates the settings and applies fastai's minimum of 6 steps; prefer {@link #builder()},
     * which fills the compat's defaults.
     *
     * @param compat        whose semantics to follow
     * @param minLr         the start rate
     * @param maxLr         the end rate
     * @param steps         the number of steps
     * @param mode          the ramp
     * @param beta          the smoothing beta
     * @param divergeFactor the divergence multiple
     * @param trim          the points suggestions skip
     * @throws IllegalArgumentException if a setting is out of range
     */
    public RangeTestConfig {
        Objects.requireNonNull(compat, "compat");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(trim, "trim");
        if (!(Double.isFinite(minLr) && minLr > 0)) {
            throw new IllegalArgumentException("min lr must be finite and > 0, got " + minLr);
        }
        if (!(Double.isFinite(maxLr) && maxLr > minLr)) {
            throw new IllegalArgumentException(
                    "max lr must be finite and > min lr " + minLr + ", got " + maxLr);
        }
        if (steps < 2) {
            throw new IllegalArgumentException("steps must be >= 2, got " + steps);
        }
        steps = compat.effectiveSteps(steps);
        if (compat == FinderCompat.FASTAI && mode != RampMode.EXP) {
            throw new IllegalArgumentException("fastai's lr_find has only an exponential ramp");
        }
        if (compat == FinderCompat.DAVIDTVS) {
            if (!(beta > 0 && beta <= 1)) {
                throw new IllegalArgumentException("beta must lie in (0, 1] for the davidtvs compat"
                        + " (smooth_f = 1 - beta in [0, 1)), got " + beta);
            }
        } else if (!(beta >= 0 && beta < 1)) {
            throw new IllegalArgumentException("beta must lie in [0, 1), got " + beta);
        }
        if (!(divergeFactor > 1)) {
            throw new IllegalArgumentException(
                    "diverge factor must be > 1 (or infinite to disable), got " + divergeFactor);
        }
    }

    /** @return a builder with every setting unset (compat {@link FinderCompat#LRSWEEP}) */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Collects settings; {@link #build()} fills the unset ones from the compat. Not thread-safe.
     */
    public static final class Builder {
        private FinderCompat compat = FinderCompat.LRSWEEP;
        private Double minLr;
        private Double maxLr;
        private int steps = 100;
        private RampMode mode = RampMode.EXP;
        private Double beta;
        private Double divergeFactor;
        private Integer skipStart;
        private Integer skipEnd;

        private Builder() {
        }

        /**
         * Sets the compat.
         *
         * @param compat whose semantics to follow (default {@link FinderCompat#LRSWEEP})
         * @return this builder
         */
        public Builder compat(FinderCompat compat) {
            this.compat = Objects.requireNonNull(compat, "compat");
            return this;
        }

        /**
         * Sets the minimum (start) learning rate.
         *
         * @param minLr the start rate (required)
         * @return this builder
         */
        public Builder minLr(double minLr) {
            this.minLr = minLr;
            return this;
        }

        /**
         * Sets the maximum (end) learning rate.
         *
         * @param maxLr the end rate (required)
         * @return this builder
         */
        public Builder maxLr(double maxLr) {
            this.maxLr = maxLr;
            return this;
        }

        /**
         * Sets the number of steps.
         *
         * @param steps the number of steps, num_iter (default 100)
         * @return this builder
         */
        public Builder steps(int steps) {
            this.steps = steps;
            return this;
        }

        /**
         * Sets the ramp mode.
         *
         * @param mode the ramp (default {@link RampMode#EXP})
         * @return this builder
         */
        public Builder mode(RampMode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * Sets the smoothing beta.
         *
         * @param beta the smoothing beta (default: the compat's, 0.98 or 0.95)
         * @return this builder
         */
        public Builder beta(double beta) {
            this.beta = beta;
            return this;
        }

        /**
         * Sets the divergence factor.
         *
         * @param divergeFactor the divergence multiple (default: the compat's, 4 or 5)
         * @return this builder
         */
        public Builder divergeFactor(double divergeFactor) {
            this.divergeFactor = divergeFactor;
            return this;
        }

        /**
         * Sets the points skipped at the start.
         *
         * @param skipStart points suggestions skip at the start (default: the compat's)
         * @return this builder
         */
        public Builder skipStart(int skipStart) {
            this.skipStart = skipStart;
            return this;
        }

        /**
         * Sets the points skipped at the end.
         *
         * @param skipEnd points suggestions skip at the end (default: the compat's)
         * @return this builder
         */
        public Builder skipEnd(int skipEnd) {
            this.skipEnd = skipEnd;
            return this;
        }

        /**
         * @return the validated configuration
         * @throws IllegalStateException if the min or max lr is unset
         * @throws IllegalArgumentException if a setting is out of range
         */
        public RangeTestConfig build() {
            if (minLr == null || maxLr == null) {
                throw new IllegalStateException("a range test needs both a min lr and a max lr");
            }
            int effective = steps < 2 ? steps : compat.effectiveSteps(steps);
            Trim defaults = compat.defaultTrim(Math.max(effective, 0));
            Trim trim = new Trim(skipStart != null ? skipStart : defaults.skipStart(),
                    skipEnd != null ? skipEnd : defaults.skipEnd());
            return new RangeTestConfig(compat, minLr, maxLr, steps, mode,
                    beta != null ? beta : compat.defaultBeta(),
                    divergeFactor != null ? divergeFactor : compat.defaultDivergeFactor(), trim);
        }
    }
}
