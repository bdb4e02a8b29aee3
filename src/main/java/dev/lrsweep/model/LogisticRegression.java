package dev.lrsweep.model;

import dev.lrsweep.data.Dataset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Logistic regression {@code p = σ(z)}, {@code z = a1*x1 + ... + ak*xk (+ b)}, for a 0/1 target,
 * with the mean binary cross-entropy {@code mean(−y·log p − (1−y)·log(1−p))} (Keras's
 * {@code binary_crossentropy} on logits), plus {@code l2·Σ a_j²} when an L2 penalty is set (the
 * intercept is not penalised, as in {@link LinearRegression}). The gradient is
 * {@code (1/n) Σ (p − y) x̃ + 2·l2·a} with {@code x̃ = (x, 1)} when there is an intercept.
 *
 * <p>Each row's loss is computed from the logit as {@code max(z,0) − z·y + log1p(exp(−|z|))}, which
 * equals the cross-entropy exactly but never overflows or takes the log of 0, however large
 * {@code |z|} grows. Accuracy counts rows with {@code (p >= 0.5) == y}, that is {@code z >= 0}.
 * Stateless, so one instance may serve several threads.
 */
public final class LogisticRegression implements Model {
    private final int features;
    private final boolean intercept;
    private final double l2;
    private final List<String> names;
    private final List<String> meanings;

    private LogisticRegression(List<String> featureNames, boolean intercept, double l2) {
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
     * A logistic model over the dataset's features, without a penalty.
     *
     * @throws dev.lrsweep.data.DataException if a target value is neither 0 nor 1
     */
    public static LogisticRegression of(Dataset data, boolean intercept) {
        return of(data, intercept, 0.0);
    }

    /**
     * A logistic model with an L2 penalty {@code l2·Σ a_j²} on the coefficients.
     *
     * @param intercept whether to fit an intercept {@code b}
     * @param l2        the penalty factor, {@code >= 0}
     * @throws dev.lrsweep.data.DataException if a target value is neither 0 nor 1; the message names
     *                                        the first such value and its 1-based data row
     * @throws IllegalArgumentException       if {@code l2} is negative or not finite
     */
    public static LogisticRegression of(Dataset data, boolean intercept, double l2) {
        if (!(l2 >= 0) || !Double.isFinite(l2)) throw new IllegalArgumentException("l2 must be >= 0, got " + l2);
        Targets.requireBinary(data, "logistic");
        return new LogisticRegression(data.featureNames(), intercept, l2);
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


    @Override public String name() { return "logistic"; }

    @Override public String lossName() { return "binary_crossentropy"; }

    @Override
    public double lossAndGradient(Dataset data, int[] rows, int from, int to, double[] params, double[] grad) {
        final int d = features;
        final double[] x = data.xArray();
        final double[] y = data.yArray();
        final double b = intercept ? params[d] : 0.0;
        Arrays.fill(grad, 0.0);
        double sum = 0.0;
        double gb = 0.0;
        for (int k = from; k < to; k++) {
            int i = rows == null ? k : rows[k];
            int off = i * d;
            double z = b;
            for (int j = 0; j < d; j++) z += params[j] * x[off + j];
            sum += crossEntropy(z, y[i]);
            double r = sigmoid(z) - y[i];
            for (int j = 0; j < d; j++) grad[j] += r * x[off + j];
            gb += r;
        }
        int n = to - from;
        double scale = 1.0 / n;
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
            double z = b;
            for (int j = 0; j < d; j++) z += params[j] * x[off + j];
            sum += crossEntropy(z, y[i]);
        }
        return sum / (to - from) + penalty(params, null);
    }

    /** Fraction of rows where {@code (p >= 0.5) == y}. */
    @Override
    public double accuracy(Dataset data, double[] params) {
        final int d = features;
        final double[] x = data.xArray();
        final double[] y = data.yArray();
        final double b = intercept ? params[d] : 0.0;
        int right = 0;
        for (int i = 0; i < data.rows(); i++) {
            int off = i * d;
            double z = b;
            for (int j = 0; j < d; j++) z += params[j] * x[off + j];
            if ((z >= 0) == (y[i] == 1.0)) right++;
        }
        return (double) right / data.rows();
    }

    /** Binary cross-entropy of logit z against a 0/1 target, without overflow or log(0). */
    static double crossEntropy(double z, double y) {
        return Math.max(z, 0.0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
    }

    /** σ(z), computed from exp of a non-positive number so it never overflows. */
    static double sigmoid(double z) {
        if (z >= 0) return 1.0 / (1.0 + Math.exp(-z));
        double e = Math.exp(z);
        return e / (1.0 + e);
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
