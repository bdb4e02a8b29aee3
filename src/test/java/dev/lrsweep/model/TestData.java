package dev.lrsweep.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.data.Dataset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Small seeded datasets and a finite-difference gradient check for the model tests. */
final class TestData {
    private TestData() {
    }

    static List<String> featureNames(int k) {
        List<String> names = new ArrayList<>();
        for (int j = 0; j < k; j++) names.add("x" + (j + 1));
        return names;
    }

    static double[] features(int n, int k, SplittableRandom rng) {
        double[] x = new double[n * k];
        for (int i = 0; i < x.length; i++) x[i] = rng.nextDouble(-2, 2);
        return x;
    }

    /** y = Σ (j+1)·x_j·(−1)^j + 0.5 + noise. */
    static Dataset regression(int n, int k, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = features(n, k, rng);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0.5;
            for (int j = 0; j < k; j++) s += (j % 2 == 0 ? 1 : -1) * (j + 1) * x[i * k + j];
            y[i] = s + rng.nextDouble(-0.5, 0.5);
        }
        return new Dataset(x, y, featureNames(k), "y", "test", null);
    }

    /** y = 1 when 1.5·x1 − x2 + 0.3 plus logistic noise is positive: overlapping classes. */
    static Dataset binary(int n, long seed, boolean asLabels) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = features(n, 2, rng);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double u = rng.nextDouble(1e-9, 1 - 1e-9);
            double noise = Math.log(u / (1 - u));
            y[i] = 1.5 * x[2 * i] - x[2 * i + 1] + 0.3 + noise > 0 ? 1 : 0;
        }
        List<String> labels = asLabels ? List.of("0", "1") : List.of();
        return new Dataset(x, y, featureNames(2), "y", "test", null, labels);
    }

    /** Class c of three is the one whose noisy score x·v_c is largest; labels "red", "green", "blue". */
    static Dataset labelled(int n, int k, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = features(n, k, rng);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            int best = 0;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < 3; c++) {
                double s = rng.nextDouble(-1, 1) + 0.2 * c;
                for (int j = 0; j < k; j++) s += x[i * k + j] * ((j + c) % 3 - 1);
                if (s > bestScore) {
                    bestScore = s;
                    best = c;
                }
            }
            y[i] = best;
        }
        return new Dataset(x, y, featureNames(k), "y", "test", null, List.of("red", "green", "blue"));
    }

    /** The dataset made of rows[from..to) of {@code data}, in that order. */
    static Dataset subset(Dataset data, int[] rows, int from, int to) {
        int k = data.features();
        double[] x = new double[(to - from) * k];
        double[] y = new double[to - from];
        for (int r = from; r < to; r++) {
            for (int j = 0; j < k; j++) x[(r - from) * k + j] = data.x(rows[r], j);
            y[r - from] = data.y(rows[r]);
        }
        return new Dataset(x, y, data.featureNames(), data.targetName(), "subset", null, data.classLabels());
    }

    /** Uniform values in (−scale, scale). */
    static double[] randomParams(int p, double scale, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] v = new double[p];
        for (int j = 0; j < p; j++) v[j] = rng.nextDouble(-scale, scale);
        return v;
    }

    /**
     * Checks the model's gradient on the batch against central differences of {@link Model#loss}:
     * the largest difference at most 1e-6 of the largest gradient component. Also checks that the
     * fused loss equals the plain one.
     */
    static void assertGradientMatches(Model model, Dataset data, int[] rows, int from, int to, double[] params) {
        double[] grad = new double[params.length];
        double fused = model.lossAndGradient(data, rows, from, to, params, grad);
        double plain = model.loss(data, rows, from, to, params);
        assertEquals(plain, fused, 1e-13 * Math.abs(plain), "fused loss vs loss()");
        double[] p = params.clone();
        double worst = 0;
        double largest = 0;
        int worstAt = -1;
        for (int j = 0; j < p.length; j++) {
            double h = 1e-5 * Math.max(1, Math.abs(params[j]));
            p[j] = params[j] + h;
            double up = model.loss(data, rows, from, to, p);
            p[j] = params[j] - h;
            double down = model.loss(data, rows, from, to, p);
            p[j] = params[j];
            double fd = (up - down) / (2 * h);
            double diff = Math.abs(fd - grad[j]);
            if (diff > worst) {
                worst = diff;
                worstAt = j;
            }
            largest = Math.max(largest, Math.abs(grad[j]));
        }
        assertTrue(largest > 0, "the gradient should not vanish at a random point");
        assertTrue(worst <= 1e-6 * largest, "gradient of " + model.name() + " differs from central differences by "
                + worst + " at " + (worstAt < 0 ? "-" : model.paramNames().get(worstAt)) + " (largest component "
                + largest + ")");
    }
}
