package dev.lrsweep.data;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Seeded synthetic datasets for trying learning rates: features {@code x_j ~ N(0,1)}, true weights
 * {@code w_j} and intercept {@code b} drawn uniformly from [-2, 2], and a target from a linear or a
 * logistic model. The same arguments give the same bytes on every machine and JVM: the draws come
 * from {@link SplittableRandom} and the normals from Marsaglia's polar method with
 * {@link StrictMath#log}.
 *
 * <p>The CSV has a header {@code x1,...,xk,y} and values printed as {@code %.6g}; a logistic target is
 * 0 or 1. The seed is split into three streams: the intercept then w1..wk (so adding features keeps
 * the earlier weights); the rows, each block of about {@value #BLOCK_VALUES} values drawing from a
 * split of its own, each row x1..xk then one normal for the noise; and the logistic draws, split the
 * same way. So the features depend only on the seed and the number of features, not on the model
 * or the noise, and blocks can be generated in parallel.
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

    /**
     * Values per block of rows (a block holds {@code max(1, BLOCK_VALUES / (features + 1))} rows): part
     * of what a seed means, so changing it changes every generated file.
     */
    static final int BLOCK_VALUES = 1 << 16;
    /** Wider rows would not fit a block's buffer. */
    static final int MAX_FEATURES = 1_000_000;

    private final int features;
    private final long seed;
    private final double noise;
    private final Model model;
    private final Truth truth;
    private final int blockRows;

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
        this.blockRows = Math.max(1, BLOCK_VALUES / (features + 1));
    }

    /**
     * A generator.
     *
     * @param features how many feature columns, 1 to {@value #MAX_FEATURES}
     * @param seed     the seed every draw derives from
     * @param noise    the standard deviation of the Gaussian noise, ≥ 0 and finite
     * @param model    how the target follows from the features
     * @throws IllegalArgumentException for a feature count out of range or a negative or non-finite noise
     */
    public static Generator of(int features, long seed, double noise, Model model) {
        if (features < 1 || features > MAX_FEATURES) {
            throw new IllegalArgumentException("features must be 1 to " + MAX_FEATURES + ", got " + features);
        }
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
     * Writes the header and {@code rows} rows as CSV (ASCII, LF line ends) to {@code out}, on up to
     * {@link CsvReader#defaultThreads()} threads; {@code out} is neither flushed nor closed.
     *
     * @throws IllegalArgumentException for fewer than one row
     */
    public void write(long rows, OutputStream out) throws IOException {
        write(rows, out, CsvReader.defaultThreads());
    }

    /**
     * As {@link #write(long, OutputStream)}, on up to {@code threads} threads. The bytes are the same
     * for any number of threads: rows come in blocks of about {@value #BLOCK_VALUES} values, each drawn
     * from its own split of the seed's streams, and blocks are written in order.
     *
     * @throws IllegalArgumentException for fewer than one row or thread
     */
    public void write(long rows, OutputStream out, int threads) throws IOException {
        if (rows < 1) throw new IllegalArgumentException("rows must be at least 1, got " + rows);
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        out.write((header() + "\n").getBytes(StandardCharsets.US_ASCII));
        long blocks = (rows + blockRows - 1) / blockRows;
        SplittableRandom featureStreams = stream(seed, 1);
        SplittableRandom labelStreams = stream(seed, 2);
        if (threads == 1 || blocks == 1) {
            for (long k = 0; k < blocks; k++) {
                Block block = new Block(featureStreams.split(), labelStreams.split(), rowsIn(k, rows));
                out.write(block.bytes(), 0, block.length());
            }
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "lrsweep-gen");
            t.setDaemon(true);
            return t;
        });
        try {
            Deque<Future<Block>> pending = new ArrayDeque<>();
            long next = 0;
            while (next < blocks || !pending.isEmpty()) {
                // a few blocks ahead per thread: enough to keep them busy, little memory
                while (next < blocks && pending.size() < 3 * threads) {
                    SplittableRandom f = featureStreams.split();
                    SplittableRandom l = labelStreams.split();
                    int n = rowsIn(next, rows);
                    pending.add(pool.submit(() -> new Block(f, l, n)));
                    next++;
                }
                Block block = take(pending.poll());
                out.write(block.bytes(), 0, block.length());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private int rowsIn(long block, long rows) {
        return (int) Math.min(blockRows, rows - block * blockRows);
    }

    private static Block take(Future<Block> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while generating rows");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) throw r;
            if (c instanceof Error err) throw err;
            throw new IOException(c);
        }
    }

    /** A short description of what is generated, for notes: model, sizes, seed, noise and truth. */
    public String describe(long rows) {
        return String.format(Locale.ROOT, "%s model, %d rows x %d features, seed %d, noise %s: %s",
                model.name().toLowerCase(Locale.ROOT), rows, features, seed, noise, truth);
    }

    /** One block of rows, drawn from its own streams and printed into bytes. */
    private final class Block {
        private final SplittableRandom rng;
        private final SplittableRandom labels;
        private final double[] w = truth.weights();
        private final double b = truth.intercept();
        private double spare;
        private boolean hasSpare;
        private final byte[] buf;
        private final int length;

        Block(SplittableRandom rng, SplittableRandom labels, int rows) {
            this.rng = rng;
            this.labels = labels;
            this.buf = new byte[rows * (features + 1) * (G6Format.MAX_LENGTH + 1)];
            double[] x = new double[features];
            int n = 0;
            for (int i = 0; i < rows; i++) {
                double y = next(x);
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
            }
            this.length = n;
        }

        byte[] bytes() {
            return buf;
        }

        int length() {
            return length;
        }

        /** Fills x with the next row's features and returns its target. */
        private double next(double[] x) {
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
