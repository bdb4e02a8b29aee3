package dev.lrsweep.model;

import dev.lrsweep.data.Dataset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Linear regression {@code ŷ = a1*x1 + ... + ak*xk (+ b)} with mean squared error
 * {@code mean((y - ŷ)^2)} (no ½, as Keras's MSE), plus {@code l2·Σ a_j²} when an L2 penalty is set
 * (the intercept is not penalised, as Keras's kernel regularizer). The gradient is
 * {@code (2/n) Σ (ŷ - y) x̃ + 2·l2·a} with {@code x̃ = (x, 1)} when there is an intercept.
 * Stateless, so one instance may serve several threads.
 */
public final class LinearRegression implements Model {
    private final int features;
    private final boolean intercept;
    private final double l2;
    private final List<String> names;
    private final List<String> meanings;

    private LinearRegression(List<String> featureNames, boolean intercept, double l2) {
        this.features = featureNames.size();
        this.intercept = intercept;
        this.l2 = l2;
        List<String> n = new ArrayList<>();
        List<String> m = new ArrayList<>();
        for (int j = 0; j < features; j++) {
            n.add("a" + (j + 1));
            m.add("a" + (j + 1) + " = " + featureNames.get(j));
        }
        if (intercept) {
            n.add("b");
            m.add("b = intercept");
        }
        this.names = List.copyOf(n);
        this.meanings = List.copyOf(m);
    }

    /**
     * A linear model over the dataset's features, without a penalty.
     *
     * @param intercept whether to fit an intercept {@code b}
     */
    public static LinearRegression of(Dataset data, boolean intercept) {
        return new LinearRegression(data.featureNames(), intercept, 0.0);
    }

    /**
     * A linear model with an L2 penalty {@code l2·Σ a_j²} on the coefficients.
     */
    public static LinearRegression of(Dataset data, boolean intercept, double l2) {
        if (!(l2 >= 0) || !Double.isFinite(l2)) throw new IllegalArgumentException("l2 must be >= 0, got " + l2);
        return new LinearRegression(data.featureNames(), intercept, l2);
    }

    /** Whether the model has an intercept. */
    public boolean hasIntercept() {
        return intercept;
    }

    /** The L2 penalty factor. */
    public double l2() {
        return l2;
    }

    @Override public int paramCount() { return features + (intercept ? 1 : 0); }

    @Override public List<String> paramNames() { return names; }

    @Override public List<String> paramMeanings() { return meanings; }

    @Override public double[] initialParams(SplittableRandom rng) { return new double[paramCount()]; }

    @Override public String name() { return "linear"; }

    @Override public String lossName() { return "mse"; }

    @Override
    public double lossAndGradient(Dataset data, int[] rows, int from, int to, double[] params, double[] grad) {
        final int d = features;
        final double[] x = data.xArray();
        final double[] y = data.yArray();
        final double b = intercept ? params[d] : 0.0;
        java.util.Arrays.fill(grad, 0.0);
        double sum = 0.0;
        double gb = 0.0;
        for (int k = from; k < to; k++) {
            int i = rows == null ? k : rows[k];
            int off = i * d;
            double pred = b;
            for (int j = 0; j < d; j++) pred += params[j] * x[off + j];
            double r = pred - y[i];
            sum += r * r;
            for (int j = 0; j < d; j++) grad[j] += r * x[off + j];
            gb += r;
        }
        int n = to - from;
        double scale = 2.0 / n;
        for (int j = 0; j < d; j++) grad[j] *= scale;
        if (intercept) grad[d] = gb * scale;
        return sum / n + penalty(params, grad);
    }

    @Override
    public double loss(Dataset data, int[] rows, int from, int to, double[] params) {
        final int d = features;
        final double[] x = data.xArray();
        final double[] y = data.yArray();
        final double b = intercept ? params[d] : 0.0;
        double sum = 0.0;
        for (int k = from; k < to; k++) {
            int i = rows == null ? k : rows[k];
            int off = i * d;
            double pred = b;
            for (int j = 0; j < d; j++) pred += params[j] * x[off + j];
            double r = pred - y[i];
            sum += r * r;
        }
        return sum / (to - from) + penalty(params, null);
    }

    /** l2·Σa², adding its gradient 2·l2·a when {@code grad} is given. */
    private double penalty(double[] params, double[] grad) {
        if (l2 == 0.0) return 0.0;
        double s = 0.0;
        for (int j = 0; j < features; j++) {
            s += params[j] * params[j];
            if (grad != null) grad[j] += 2 * l2 * params[j];
        }
        return l2 * s;
    }
}
