package dev.lrsweep.model;

import dev.lrsweep.data.Dataset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Multinomial logistic (softmax) regression over C classes: logits {@code z_c = Σ_j w_jc·x_j (+ b_c)},
 * probabilities {@code p = softmax(z)}, loss the mean categorical cross-entropy
 * {@code mean(logsumexp(z) − z_y)} (Keras's {@code sparse_categorical_crossentropy} on logits, with
 * the target holding class indices), plus {@code l2·Σ w²} on the weights (not the biases). The
 * gradient is {@code (1/n) Σ (p − onehot(y)) ⊗ x̃ + 2·l2·w}.
 *
 * <p>Parameters: the weights as a k×C row-major matrix (feature j, class c at {@code j*C + c}),
 * named {@code w_<feature>_<label>}, then, with an intercept, the C biases {@code b_<label>}.
 * The log-sum-exp subtracts the largest logit first, so no logit is too large. Accuracy counts
 * rows whose largest logit (the first, on ties) is the target class.
 *
 * <p>Keeps a C-long scratch array for the logits, so an instance is not thread-safe: one per trial.
 */
public final class SoftmaxRegression implements Model {
    private final int features;
    private final int classes;
    private final boolean intercept;
    private final double l2;
    private final List<String> names;
    private final List<String> meanings;
    private final double[] logits;

    private SoftmaxRegression(List<String> featureNames, List<String> labels, boolean intercept, double l2) {
        this.features = featureNames.size();
        this.classes = labels.size();
        this.intercept = intercept;
        this.l2 = l2;
        List<String> n = new ArrayList<>();
        List<String> m = new ArrayList<>();
        for (String f : featureNames) {
            for (String c : labels) {
                n.add("w_" + f + "_" + c);
                m.add("w_" + f + "_" + c + " = weight of " + f + " for class " + c);
            }
        }
        if (intercept) {
            for (String c : labels) {
                n.add("b_" + c);
                m.add("b_" + c + " = bias of class " + c);
            }
        }
        this.names = List.copyOf(n);
        this.meanings = List.copyOf(m);
        this.logits = new double[classes];
    }

    /**
     * A softmax model over the dataset's features and class labels, without a penalty.
     *
     * @throws dev.lrsweep.data.DataException if the target does not hold class labels with at least
     *                                        two classes
     */
    public static SoftmaxRegression of(Dataset data, boolean intercept) {
        return of(data, intercept, 0.0);
    }

    /**
     * A softmax model with an L2 penalty {@code l2·Σ w²} on the weights.
     *
     * @param intercept whether to fit a bias per class
     * @param l2        the penalty factor, {@code >= 0}
     * @throws dev.lrsweep.data.DataException if the target does not hold class indices 0..C-1 with
     *                                        {@code C = data.classes() >= 2}
     * @throws IllegalArgumentException       if {@code l2} is negative or not finite
     */
    public static SoftmaxRegression of(Dataset data, boolean intercept, double l2) {
        if (!(l2 >= 0) || !Double.isFinite(l2)) throw new IllegalArgumentException("l2 must be >= 0, got " + l2);
        Targets.requireClasses(data, "softmax");
        return new SoftmaxRegression(data.featureNames(), data.classLabels(), intercept, l2);
    }

    /** Number of classes. */
    public int classes() {
        return classes;
    }

    /** Whether the model has a bias per class. */
    public boolean hasIntercept() {
        return intercept;
    }

    /** The L2 penalty factor. */
    public double l2() {
        return l2;
    }

    @Override public int paramCount() { return features * classes + (intercept ? classes : 0); }

    @Override public List<String> paramNames() { return names; }

    @Override public List<String> paramMeanings() { return meanings; }

    @Override public double[] initialParams(SplittableRandom rng) { return new double[paramCount()]; }

    /** True when there are at most 8 parameters. */

    @Override public String name() { return "softmax"; }

    @Override public String lossName() { return "categorical_crossentropy"; }

    @Override
    public double lossAndGradient(Dataset data, int[] rows, int from, int to, double[] params, double[] grad) {
        final int d = features;
        final int cs = classes;
        final double[] x = data.xArray();
        final double[] y = data.yArray();
        final double[] z = logits;
        final int bias = d * cs;
        Arrays.fill(grad, 0.0);
        double sum = 0.0;
        for (int k = from; k < to; k++) {
            int i = rows == null ? k : rows[k];
            int off = i * d;
            int target = (int) y[i];
            logits(params, x, off);
            double max = z[0];
            for (int c = 1; c < cs; c++) max = Math.max(max, z[c]);
            double zy = z[target];
            double total = 0.0;
            for (int c = 0; c < cs; c++) {
                z[c] = Math.exp(z[c] - max);
                total += z[c];
            }
            sum += max + Math.log(total) - zy;
            double inv = 1.0 / total;
            for (int c = 0; c < cs; c++) z[c] *= inv;
            z[target] -= 1.0;
            for (int j = 0; j < d; j++) {
                double xj = x[off + j];
                int w = j * cs;
                for (int c = 0; c < cs; c++) grad[w + c] += z[c] * xj;
            }
            if (intercept) {
                for (int c = 0; c < cs; c++) grad[bias + c] += z[c];
            }
        }
        int n = to - from;
        double scale = 1.0 / n;
        for (int p = 0; p < grad.length; p++) grad[p] *= scale;
        return sum / n + penalty(params, grad);
    }

    @Override
    public double loss(Dataset data, int[] rows, int from, int to, double[] params) {
        final int d = features;
        final int cs = classes;
        final double[] x = data.xArray();
        final double[] y = data.yArray();
        final double[] z = logits;
        double sum = 0.0;
        for (int k = from; k < to; k++) {
            int i = rows == null ? k : rows[k];
            logits(params, x, i * d);
            double max = z[0];
            for (int c = 1; c < cs; c++) max = Math.max(max, z[c]);
            double total = 0.0;
            for (int c = 0; c < cs; c++) total += Math.exp(z[c] - max);
            sum += max + Math.log(total) - z[(int) y[i]];
        }
        return sum / (to - from) + penalty(params, null);
    }

    /** Fraction of rows whose largest logit is the target class. */
    @Override
    public double accuracy(Dataset data, double[] params) {
        final double[] x = data.xArray();
        final double[] y = data.yArray();
        int right = 0;
        for (int i = 0; i < data.rows(); i++) {
            logits(params, x, i * features);
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (logits[c] > logits[best]) best = c;
            }
            if (best == (int) y[i]) right++;
        }
        return (double) right / data.rows();
    }

    /** Writes the logits of the row starting at {@code off} into the scratch array. */
    private void logits(double[] params, double[] x, int off) {
        final int cs = classes;
        final double[] z = logits;
        if (intercept) {
            System.arraycopy(params, features * cs, z, 0, cs);
        } else {
            Arrays.fill(z, 0.0);
        }
        for (int j = 0; j < features; j++) {
            double xj = x[off + j];
            int w = j * cs;
            for (int c = 0; c < cs; c++) z[c] += params[w + c] * xj;
        }
    }

    /** l2·Σw², adding its gradient 2·l2·w when {@code grad} is given. */
    private double penalty(double[] params, double[] grad) {
        return L2.penalty(l2, params, grad, 0, features * classes);
    }
}
