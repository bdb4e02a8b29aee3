package dev.lrsweep.model;

import dev.lrsweep.data.Dataset;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Linear regression {@code ŷ = a1*x1 + ... + ak*xk (+ b)} with mean squared error
 * {@code mean((y - ŷ)^2)} (no ½, as Keras's MSE), plus {@code l2·Σ a_j²} when an L2 penalty is set
 * (the intercept is not penalised, as Keras's kernel regularizer). The gradient is
 * {@code (2/n) Σ (ŷ - y) x̃ + 2·l2·a} with {@code x̃ = (x, 1)} when there is an intercept.
 *
 * <p>{@link #loss} and {@link #lossAndGradient} keep no state, so they may be called from several
 * threads at once. {@link #lossAndGradientMany} reuses scratch arrays held by the instance, so an
 * instance used for it belongs to one thread at a time (as {@link Model} says of every model).
 */
public final class LinearRegression implements Model {
    private final int features;
    private final boolean intercept;
    private final double l2;
    private final List<String> names;
    private final List<String> meanings;
    private final FusedScratch scratch = new FusedScratch();

    private LinearRegression(List<String> featureNames, boolean intercept, double l2) {
        this.features = featureNames.size();
        this.intercept = intercept;
        this.l2 = l2;
        LinearNames ln = LinearNames.of(featureNames, intercept);
        this.names = ln.names();
        this.meanings = ln.meanings();
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

    /**
     * The same numbers as {@link #lossAndGradient} for each vector, bit for bit, from one read of
     * each row. Vectors go four at a time: their four running predictions stay in registers while
     * the row's features stream past, and their gradients accumulate in one interleaved array
     * ({@code [j][four trials]}), so the trial index is the innermost step. C2 does not vectorize
     * a loop over sixteen trials (too short for its pre/main/post split), and measured slower than
     * these unrolled blocks; the remaining one to three vectors take the single-vector arithmetic.
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
        for (int t = packed; t < count; t++) java.util.Arrays.fill(grads[t], 0.0);
        for (int k = from; k < to; k++) {
            final int i = rows == null ? k : rows[k];
            final int off = i * d;
            final double yi = y[i];
            for (int c = 0; c < packed; c += 4) {
                final int base = c * d;
                double q0 = bias[c];
                double q1 = bias[c + 1];
                double q2 = bias[c + 2];
                double q3 = bias[c + 3];
                for (int j = 0; j < d; j++) {
                    final double xv = x[off + j];
                    final int at = base + 4 * j;
                    q0 += pp[at] * xv;
                    q1 += pp[at + 1] * xv;
                    q2 += pp[at + 2] * xv;
                    q3 += pp[at + 3] * xv;
                }
                final double r0 = q0 - yi;
                final double r1 = q1 - yi;
                final double r2 = q2 - yi;
                final double r3 = q3 - yi;
                sums[c] += r0 * r0;
                sums[c + 1] += r1 * r1;
                sums[c + 2] += r2 * r2;
                sums[c + 3] += r3 * r3;
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
                double pred = bias[t];
                for (int j = 0; j < d; j++) pred += pt[j] * x[off + j];
                final double r = pred - yi;
                sums[t] += r * r;
                for (int j = 0; j < d; j++) gt[j] += r * x[off + j];
                gbs[t] += r;
            }
        }
        final int n = to - from;
        final double scale = 2.0 / n;
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

    /** l2·Σa², adding its gradient 2·l2·a when {@code grad} is given. */
    double penalty(double[] params, double[] grad) {
        return L2.penalty(l2, params, grad, 0, features);
    }
}
