package dev.lrsweep.data;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Seeded synthetic datasets for trying learning rates: features {@code x_j ~ N(0,1)}, true weights
 * {@code w_j} and intercept {@code b} drawn uniformly from [-2, 2], and a target from a linear or a
 * logistic model. The same arguments give the same bytes on every machine and JVM: the draws come
 * from {@link SplittableRandom} and the normals from Marsaglia's polar method with
 * {@link StrictMath#log}.
 *
 * <p>The CSV has a header {@code x1,...,xk,y} and values printed as {@code %.6g}; a logistic target is
 * 0 or 1. The seed is split into three streams: the intercept then w1..wk (so adding features keeps
 * the earlier weights); per row x1..xk then one normal for the noise; and the logistic draws. So
 * the features depend only on the seed and the number of features, not on the model or the noise.
 */
public final class Generator {
    /** The model the target follows. */
    public enum Model {
        /** {@code y = x·w + b + noise·N(0,1)}. */
        LINEAR,
        /** {@code y ~ Bernoulli(sigmoid(x·w + b + noise·N(0,1)))}, written as 0 or 1. */
        LOGISTIC
    }

    /**
     * The parameters the data was drawn from.
     *
     * @param weights   w1..wk, one per feature
     * @param intercept b
     */
    public record Truth(double[] weights, double intercept) {
        /** Defensive copy: a record's array would otherwise be shared. */
        public Truth {
            weights = weights.clone();
        }

        @Override
        public double[] weights() {
            return weights.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Truth t && Arrays.equals(weights, t.weights)
                    && Double.compare(intercept, t.intercept) == 0;
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(weights) + Double.hashCode(intercept);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            for (int j = 0; j < weights.length; j++) {
                sb.append('a').append(j + 1).append('=').append(G6Format.format(weights[j])).append(", ");
            }
            return sb.append("b=").append(G6Format.format(intercept)).toString();
        }
    }

    private static final int BLOCK_BYTES = 1 << 16;

    private final int features;
    private final long seed;
    private final double noise;
    private final Model model;
    private final Truth truth;

    private Generator(int features, long seed, double noise, Model model) {
        this.features = features;
        this.seed = seed;
        this.noise = noise;
        this.model = model;
        SplittableRandom weights = stream(seed, 0);
        double b = uniform(weights);
        double[] w = new double[features];
        for (int j = 0; j < features; j++) w[j] = uniform(weights);
        this.truth = new Truth(w, b);
    }

    /**
     * A generator.
     *
     * @param features how many feature columns, at least 1
     * @param seed     the seed every draw derives from
     * @param noise    the standard deviation of the Gaussian noise, ≥ 0 and finite
     * @param model    how the target follows from the features
     * @throws IllegalArgumentException for fewer than one feature or a negative or non-finite noise
     */
    public static Generator of(int features, long seed, double noise, Model model) {
        if (features < 1) throw new IllegalArgumentException("features must be at least 1, got " + features);
        if (!(noise >= 0) || !Double.isFinite(noise)) {
            throw new IllegalArgumentException("noise must be a finite number >= 0, got " + noise);
        }
        if (model == null) throw new IllegalArgumentException("model is required");
        return new Generator(features, seed, noise, model);
    }

    /** The weights and intercept the target is drawn from. */
    public Truth truth() {
        return truth;
    }

    /** The CSV header line, without the line end: {@code x1,...,xk,y}. */
    public String header() {
        StringBuilder sb = new StringBuilder();
        for (int j = 1; j <= features; j++) sb.append('x').append(j).append(',');
        return sb.append('y').toString();
    }

    /**
     * Writes the header and {@code rows} rows as CSV (ASCII, LF line ends) to {@code out}, a block at
     * a time; {@code out} is neither flushed nor closed.
     *
     * @throws IllegalArgumentException for fewer than one row
     */
    public void write(long rows, OutputStream out) throws IOException {
        if (rows < 1) throw new IllegalArgumentException("rows must be at least 1, got " + rows);
        out.write((header() + "\n").getBytes(StandardCharsets.US_ASCII));
        int rowBytes = (features + 1) * (G6Format.MAX_LENGTH + 1);
        byte[] buf = new byte[Math.max(BLOCK_BYTES, 2 * rowBytes)];
        int n = 0;
        Rows gen = new Rows();
        double[] x = new double[features];
        for (long i = 0; i < rows; i++) {
            double y = gen.next(x);
            for (int j = 0; j < features; j++) {
                n = G6Format.format(x[j], buf, n);
                buf[n++] = ',';
            }
            if (model == Model.LOGISTIC) {
                buf[n++] = (byte) (y == 0 ? '0' : '1');
            } else {
                n = G6Format.format(y, buf, n);
            }
            buf[n++] = '\n';
            if (n > buf.length - rowBytes) {
                out.write(buf, 0, n);
                n = 0;
            }
        }
        out.write(buf, 0, n);
    }

    /** A short description of what is generated, for notes: model, sizes, seed, noise and truth. */
    public String describe(long rows) {
        return String.format(Locale.ROOT, "%s model, %d rows x %d features, seed %d, noise %s: %s",
                model.name().toLowerCase(Locale.ROOT), rows, features, seed, noise, truth);
    }

    /** The row stream: one per {@link #write} call, so every call writes the same rows. */
    private final class Rows {
        private final SplittableRandom rng = stream(seed, 1);
        private final SplittableRandom labels = stream(seed, 2);
        private final double[] w = truth.weights();
        private final double b = truth.intercept();
        private double spare;
        private boolean hasSpare;

        /** Fills x with the next row's features and returns its target. */
        double next(double[] x) {
            double z = b;
            for (int j = 0; j < x.length; j++) {
                x[j] = normal();
                z += w[j] * x[j];
            }
            z += noise * normal();
            if (model == Model.LINEAR) return z;
            double p = 1 / (1 + StrictMath.exp(-z));
            return labels.nextDouble() < p ? 1 : 0;
        }

        /** Marsaglia's polar method: two normals per accepted pair, the second kept for next time. */
        private double normal() {
            if (hasSpare) {
                hasSpare = false;
                return spare;
            }
            double u;
            double v;
            double s;
            do {
                u = 2 * rng.nextDouble() - 1;
                v = 2 * rng.nextDouble() - 1;
                s = u * u + v * v;
            } while (s >= 1 || s == 0);
            double f = Math.sqrt(-2 * StrictMath.log(s) / s);
            spare = v * f;
            hasSpare = true;
            return u * f;
        }
    }

    /** Stream k of the seed: the k-th split of a generator seeded with it, whatever the others draw. */
    private static SplittableRandom stream(long seed, int k) {
        SplittableRandom base = new SplittableRandom(seed);
        SplittableRandom s = base.split();
        for (int i = 0; i < k; i++) s = base.split();
        return s;
    }

    private static double uniform(SplittableRandom rng) {
        return -2 + 4 * rng.nextDouble();
    }
}
