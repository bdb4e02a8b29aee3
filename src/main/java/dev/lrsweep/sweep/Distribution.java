package dev.lrsweep.sweep;

/**
 * A one-dimensional search space: a point {@code u} in [0, 1] mapped through the inverse CDF
 * (DL4J Arbiter's design). The same object gives a grid (evenly spaced {@code u}) and random
 * draws (uniform {@code u}), so a log-uniform axis yields a log-spaced grid for free.
 */
public sealed interface Distribution permits Distribution.LogUniform, Distribution.Uniform {
    /** The value at quantile {@code u} in [0, 1]. */
    double at(double u);

    /**
     * Log-uniform on [min, max]: {@code exp(log min + u·(log max − log min))}.
     *
     * @param min lower bound, &gt; 0
     * @param max upper bound, &gt; min
     */
    record LogUniform(double min, double max) implements Distribution {
        /** Validates the bounds. */
        public LogUniform {
            if (!(min > 0)) throw new IllegalArgumentException("the minimum must be > 0 for a log scale, got " + min);
            if (!(max > min)) throw new IllegalArgumentException("the maximum must be above the minimum, got " + min + " and " + max);
            if (!Double.isFinite(max)) throw new IllegalArgumentException("the maximum must be finite");
        }

        @Override
        public double at(double u) {
            if (u <= 0) return min;
            if (u >= 1) return max;
            // exp(log(…)) can round a hair outside the bounds: clamp
            double v = Math.exp(Math.log(min) + u * (Math.log(max) - Math.log(min)));
            return Math.min(max, Math.max(min, v));
        }
    }

    /**
     * Uniform on [min, max].
     *
     * @param min lower bound
     * @param max upper bound, &gt; min
     */
    record Uniform(double min, double max) implements Distribution {
        /** Validates the bounds. */
        public Uniform {
            if (!(max > min) || !Double.isFinite(min) || !Double.isFinite(max)) {
                throw new IllegalArgumentException("the maximum must be above the minimum, got " + min + " and " + max);
            }
        }

        @Override
        public double at(double u) {
            if (u <= 0) return min;
            if (u >= 1) return max;
            return min + u * (max - min);
        }
    }

    /** {@code points} evenly spaced quantiles 0, 1/(points−1), …, 1 mapped to values (one point: the minimum). */
    default double[] grid(int points) {
        if (points < 1) throw new IllegalArgumentException("points must be at least 1, got " + points);
        double[] out = new double[points];
        for (int i = 0; i < points; i++) out[i] = at(points == 1 ? 0 : (double) i / (points - 1));
        return out;
    }

    /** {@code count} draws from a generator seeded with {@code seed}; the same seed gives the same draws. */
    default double[] draws(int count, long seed) {
        if (count < 1) throw new IllegalArgumentException("trials must be at least 1, got " + count);
        java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
        double[] out = new double[count];
        for (int i = 0; i < count; i++) out[i] = at(rng.nextDouble());
        return out;
    }
}
