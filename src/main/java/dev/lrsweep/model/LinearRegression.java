package dev.lrsweep.model;

import dev.lrsweep.data.Dataset;
import java.util.ArrayList;
import java.util.List;

/**
 * Linear regression {@code ŷ = a1*x1 + ... + ak*xk (+ b)} with mean squared error
 * {@code mean((y - ŷ)^2)} (no ½, as Keras's and TensorFlow's MSE). The gradient is
 * {@code (2/n) Σ (ŷ - y) x̃} with {@code x̃ = (x, 1)} when there is an intercept.
 */
public final class LinearRegression implements Model {
    private final int features;
    private final boolean intercept;
    private final List<String> names;
    private final List<String> meanings;

    private LinearRegression(List<String> featureNames, boolean intercept) {
        this.features = featureNames.size();
        this.intercept = intercept;
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
     * A linear model over the dataset's features.
     *
     * @param intercept whether to fit an intercept {@code b}
     */
    public static LinearRegression of(Dataset data, boolean intercept) {
        return new LinearRegression(data.featureNames(), intercept);
    }

    /** Whether the model has an intercept. */
    public boolean hasIntercept() {
        return intercept;
    }

    @Override public int paramCount() { return features + (intercept ? 1 : 0); }

    @Override public List<String> paramNames() { return names; }

    @Override public List<String> paramMeanings() { return meanings; }

    @Override public double[] initialParams() { return new double[paramCount()]; }

    @Override public String name() { return "linear"; }

    @Override public String lossName() { return "mse"; }

    @Override
    public double lossAndGradient(Dataset data, double[] params, double[] grad) {
        final int n = data.rows();
        final int d = features;
        final double[] x = data.xArray();
        final double[] y = data.yArray();
        final double b = intercept ? params[d] : 0.0;
        java.util.Arrays.fill(grad, 0.0);
        double sum = 0.0;
        double gb = 0.0;
        for (int i = 0, off = 0; i < n; i++, off += d) {
            double pred = b;
            for (int j = 0; j < d; j++) pred += params[j] * x[off + j];
            double r = pred - y[i];
            sum += r * r;
            for (int j = 0; j < d; j++) grad[j] += r * x[off + j];
            gb += r;
        }
        double scale = 2.0 / n;
        for (int j = 0; j < d; j++) grad[j] *= scale;
        if (intercept) grad[d] = gb * scale;
        return sum / n;
    }

    @Override
    public double loss(Dataset data, double[] params) {
        final int n = data.rows();
        final int d = features;
        final double[] x = data.xArray();
        final double[] y = data.yArray();
        final double b = intercept ? params[d] : 0.0;
        double sum = 0.0;
        for (int i = 0, off = 0; i < n; i++, off += d) {
            double pred = b;
            for (int j = 0; j < d; j++) pred += params[j] * x[off + j];
            double r = pred - y[i];
            sum += r * r;
        }
        return sum / n;
    }
}
