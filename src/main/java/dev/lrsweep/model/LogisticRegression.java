package dev.lrsweep.model;

import dev.lrsweep.data.Dataset;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Logistic regression {@code p = σ(z)}, {@code z = a1*x1 + ... + ak*xk (+ b)}, for a 0/1 target,
 * with the mean binary cross-entropy {@code mean(−y·log p − (1−y)·log(1−p))} (Keras's
 * {@code binary_crossentropy} on logits), plus {@code l2·Σ a_j²} when an L2 penalty is set (the
 * intercept is not penalised, as in {@link LinearRegression}). The gradient is
 * {@code (1/n) Σ (p − y) x̃ + 2·l2·a} with {@code x̃ = (x, 1)} when there is an intercept.
 * The loss and σ share one {@code exp(−|z|)} per row (σ(z) is {@code 1/(1+e)} for {@code z ≥ 0}
 * and {@code e/(1+e)} below, the same bits as computing σ on its own).
 *
 * <p>Each row's loss is computed from the logit as {@code max(z,0) − z·y + log1p(exp(−|z|))}, which
 * equals the cross-entropy exactly but never overflows or takes the log of 0, however large
 * {@code |z|} grows. Accuracy counts rows with {@code (p >= 0.5) == y}, that is {@code z >= 0}.
 *
 * <p>{@link #loss}, {@link #lossAndGradient} and {@link #accuracy} keep no state, so they may be
 * called from several threads at once. {@link #lossAndGradientMany} reuses scratch arrays held by
 * the instance, so an instance used for it belongs to one thread at a time (as {@link Model} says).
 */
public final class LogisticRegression implements Model {
    private final int features;
    private final boolean intercept;
    private final double l2;
    private final List<String> names;
    private final List<String> meanings;
    private final FusedScratch scratch = new FusedScratch();

    private LogisticRegression(List<String> featureNames, boolean intercept, double l2) {
        this.features = featureNames.size();
        this.intercept = intercept;
        this.l2 = l2;
        LinearNames ln = LinearNames.of(featureNames, intercept);
        this.names = ln.names();
        this.meanings = ln.meanings();
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
            double e = Math.exp(-Math.abs(z));
            sum += crossEntropy(z, y[i], e);
            double r = sigmoid(z, e) - y[i];
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

    /**
     * The same numbers as {@link #lossAndGradient} for each vector, bit for bit, from one read of
     * each row, four vectors at a time as in {@link LinearRegression#lossAndGradientMany}. Here the
     * two transcendental calls per row and vector ({@code exp}, {@code log1p}) dominate, so sharing
     * the read saves less than for the linear model.
     */
    @Override
    public void lossAndGradientMany(Dataset data, int[] rows, int from, int to, double[][] params, double[][] grads,
                                    double[] losses, int count) {
        final int d = features;
        final double[] x = data.xArray();
        final double[] y = data.yArray();
        final int packed = count & ~3;
        scratch.prepare(params, count, d, intercept);
        final double[] pp = scratch.params;
        final double[] gg = scratch.grads;
        final double[] bias = scratch.bias;
        final double[] sums = scratch.sums;
        final double[] gbs = scratch.biasGrads;
        for (int t = packed; t < count; t++) Arrays.fill(grads[t], 0.0);
        for (int k = from; k < to; k++) {
            final int i = rows == null ? k : rows[k];
            final int off = i * d;
            final double yi = y[i];
            for (int c = 0; c < packed; c += 4) {
                final int base = c * d;
                double z0 = bias[c];
                double z1 = bias[c + 1];
                double z2 = bias[c + 2];
                double z3 = bias[c + 3];
                for (int j = 0; j < d; j++) {
                    final double xv = x[off + j];
                    final int at = base + 4 * j;
                    z0 += pp[at] * xv;
                    z1 += pp[at + 1] * xv;
                    z2 += pp[at + 2] * xv;
                    z3 += pp[at + 3] * xv;
                }
                final double e0 = Math.exp(-Math.abs(z0));
                final double e1 = Math.exp(-Math.abs(z1));
                final double e2 = Math.exp(-Math.abs(z2));
                final double e3 = Math.exp(-Math.abs(z3));
                sums[c] += crossEntropy(z0, yi, e0);
                sums[c + 1] += crossEntropy(z1, yi, e1);
                sums[c + 2] += crossEntropy(z2, yi, e2);
                sums[c + 3] += crossEntropy(z3, yi, e3);
                final double r0 = sigmoid(z0, e0) - yi;
                final double r1 = sigmoid(z1, e1) - yi;
                final double r2 = sigmoid(z2, e2) - yi;
                final double r3 = sigmoid(z3, e3) - yi;
                for (int j = 0; j < d; j++) {
                    final double xv = x[off + j];
                    final int at = base + 4 * j;
                    gg[at] += r0 * xv;
                    gg[at + 1] += r1 * xv;
                    gg[at + 2] += r2 * xv;
                    gg[at + 3] += r3 * xv;
                }
                gbs[c] += r0;
                gbs[c + 1] += r1;
                gbs[c + 2] += r2;
                gbs[c + 3] += r3;
            }
            for (int t = packed; t < count; t++) {
                final double[] pt = params[t];
                final double[] gt = grads[t];
                double z = bias[t];
                for (int j = 0; j < d; j++) z += pt[j] * x[off + j];
                final double e = Math.exp(-Math.abs(z));
                sums[t] += crossEntropy(z, yi, e);
                final double r = sigmoid(z, e) - yi;
                for (int j = 0; j < d; j++) gt[j] += r * x[off + j];
                gbs[t] += r;
            }
        }
        final int n = to - from;
        final double scale = 1.0 / n;
        for (int t = 0; t < count; t++) {
            final double[] gt = grads[t];
            if (t < packed) {
                final int base = (t & ~3) * d + (t & 3);
                for (int j = 0; j < d; j++) gt[j] = gg[base + 4 * j] * scale;
            } else {
                for (int j = 0; j < d; j++) gt[j] *= scale;
            }
            if (intercept) gt[d] = gbs[t] * scale;
            losses[t] = sums[t] / n + penalty(params[t], gt);
        }
    }

    @Override
    public boolean fusesTrials() {
        return true;
    }

    /** Binary cross-entropy of logit z against a 0/1 target, without overflow or log(0). */
    static double crossEntropy(double z, double y) {
        return crossEntropy(z, y, Math.exp(-Math.abs(z)));
    }

    /** Binary cross-entropy of logit z against a 0/1 target, given {@code e = exp(−|z|)}. */
    static double crossEntropy(double z, double y, double e) {
        return Math.max(z, 0.0) - z * y + Math.log1p(e);
    }

    /**
     * σ(z) given {@code e = exp(−|z|)}, which never overflows: {@code 1/(1+e)} for {@code z ≥ 0},
     * {@code e/(1+e)} below (the exp of a non-positive number either way).
     */
    static double sigmoid(double z, double e) {
        return z >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
    }

    /** l2·Σa², adding its gradient 2·l2·a when {@code grad} is given. */
    private double penalty(double[] params, double[] grad) {
        return L2.penalty(l2, params, grad, 0, features);
    }
}
