package dev.lrsweep.model;

import dev.lrsweep.data.Dataset;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@link LinearRegression} whose full-batch loss and gradient come from the dataset's {@link Gram}
 * statistics instead of a pass over the rows: with {@code G = X̃ᵀX̃}, {@code c = X̃ᵀy},
 * <pre>
 *   mse(θ)  = (θᵀGθ − 2θᵀc + yᵀy) / n
 *   ∇mse(θ) = (2/n)(Gθ − c)
 * </pre>
 * plus the same L2 term as the row route. A step then costs O(p²) whatever the row count; the
 * trajectory is the row route's to rounding. Any other batch (mini-batches, other data such as
 * validation rows) goes to the row route unchanged.
 *
 * <p><b>When the expansion is not exact enough.</b> The three terms are each of the order of
 * {@code s = (θᵀGθ + yᵀy)/n} (near a fit, {@code θᵀGθ ≈ θᵀc ≈ yᵀy}), and each carries a rounding
 * error of a few units of {@code ε·s}. When the loss is a fraction {@code f} of {@code s}, the
 * difference keeps about {@code 16 + log10 f} correct digits. Below {@value #GUARD}·s (more than
 * six digits lost, fewer than about ten left) — or when a term overflows — the loss and gradient of
 * that step are computed by a row pass instead, which is exact to the last few digits at any loss.
 * The gradient cancels in the same way; above the guard its error is at most about
 * {@code sqrt(s/mse) ≤ 10³} times the row route's rounding noise, far below any step that matters.
 *
 * <p>Holds scratch space: not thread-safe, one instance per thread.
 */
public final class GramLinear implements Model {
    /**
     * The smallest ratio of the loss to {@code (θᵀGθ + yᵀy)/n} served from the Gram statistics;
     * below it the step falls back to a row pass.
     */
    public static final double GUARD = 1e-6;

    private final LinearRegression rows;
    private final Gram gram;
    private final double[] gTheta;
    private final double[] terms = new double[2];
    private double[][] fallbackParams = new double[0][];
    private double[][] fallbackGrads = new double[0][];
    private double[] fallbackLosses = new double[0];
    private int[] fallbackIndex = new int[0];
    private long rowPasses;

    private GramLinear(LinearRegression rows, Gram gram) {
        this.rows = rows;
        this.gram = gram;
        this.gTheta = new double[gram.size()];
    }

    /**
     * The Gram route for {@code model} over the rows {@code gram} was computed from.
     *
     * @throws IllegalArgumentException if the statistics do not fit the model (intercept or
     *                                  feature count differ)
     */
    public static GramLinear of(LinearRegression model, Gram gram) {
        if (gram.intercept() != model.hasIntercept() || gram.size() != model.paramCount()) {
            throw new IllegalArgumentException("the Gram statistics (" + gram.size() + " parameters, intercept "
                    + gram.intercept() + ") do not fit the model (" + model.paramCount() + ", intercept "
                    + model.hasIntercept() + ")");
        }
        return new GramLinear(model, gram);
    }

    /** The row-route model it falls back to. */
    public LinearRegression rowModel() {
        return rows;
    }

    /**
     * How many loss evaluations over the whole dataset fell back to a row pass since creation (the
     * guard tripped or a term overflowed). For tests and diagnostics.
     */
    public long rowPasses() {
        return rowPasses;
    }

    /** Whether the batch is every row, in order, of the dataset the statistics came from. */
    private boolean covers(Dataset data, int[] order, int from, int to) {
        return data == gram.data() && order == null && from == 0 && to == data.rows();
    }

    /**
     * The mean squared error at θ from the statistics, with its gradient into {@code grad} when
     * given; NaN when the guard trips or a term is not finite.
     */
    private double gramMse(double[] theta, double[] grad) {
        gram.apply(theta, gTheta, terms);
        final double n = gram.rows();
        final double yy = gram.yy();
        final double q = terms[0];
        final double mse = (q - 2 * terms[1] + yy) / n;
        final double scale = (q + yy) / n;
        if (!(mse >= GUARD * scale) || !Double.isFinite(mse)) return Double.NaN;
        if (grad != null) {
            final double f = 2.0 / n;
            for (int a = 0; a < gTheta.length; a++) grad[a] = f * (gTheta[a] - gram.c(a));
        }
        return mse;
    }

    @Override
    public double lossAndGradient(Dataset data, int[] order, int from, int to, double[] params, double[] grad) {
        if (covers(data, order, from, to)) {
            double mse = gramMse(params, grad);
            if (!Double.isNaN(mse)) return mse + rows.penalty(params, grad);
            rowPasses++;
        }
        return rows.lossAndGradient(data, order, from, to, params, grad);
    }

    @Override
    public double loss(Dataset data, int[] order, int from, int to, double[] params) {
        if (covers(data, order, from, to)) {
            double mse = gramMse(params, null);
            if (!Double.isNaN(mse)) return mse + rows.penalty(params, null);
            rowPasses++;
        }
        return rows.loss(data, order, from, to, params);
    }

    /**
     * Each vector from the statistics; those that fall back share one fused row pass
     * ({@link LinearRegression#lossAndGradientMany}).
     */
    @Override
    public void lossAndGradientMany(Dataset data, int[] order, int from, int to, double[][] params, double[][] grads,
                                    double[] losses, int count) {
        if (!covers(data, order, from, to)) {
            rows.lossAndGradientMany(data, order, from, to, params, grads, losses, count);
            return;
        }
        if (fallbackIndex.length < count) {
            fallbackParams = new double[count][];
            fallbackGrads = new double[count][];
            fallbackLosses = new double[count];
            fallbackIndex = new int[count];
        }
        int m = 0;
        for (int t = 0; t < count; t++) {
            double mse = gramMse(params[t], grads[t]);
            if (!Double.isNaN(mse)) {
                losses[t] = mse + rows.penalty(params[t], grads[t]);
            } else {
                fallbackParams[m] = params[t];
                fallbackGrads[m] = grads[t];
                fallbackIndex[m++] = t;
            }
        }
        if (m > 0) {
            rowPasses += m;
            rows.lossAndGradientMany(data, order, from, to, fallbackParams, fallbackGrads, fallbackLosses, m);
            for (int i = 0; i < m; i++) {
                losses[fallbackIndex[i]] = fallbackLosses[i];
                fallbackParams[i] = null;
                fallbackGrads[i] = null;
            }
        }
    }

    @Override
    public boolean fusesTrials() {
        return true;
    }

    @Override public int paramCount() { return rows.paramCount(); }

    @Override public List<String> paramNames() { return rows.paramNames(); }

    @Override public List<String> paramMeanings() { return rows.paramMeanings(); }

    @Override public double[] initialParams(SplittableRandom rng) { return rows.initialParams(rng); }

    @Override public double accuracy(Dataset data, double[] params) { return rows.accuracy(data, params); }

    @Override public int layers() { return rows.layers(); }

    @Override public int layerOf(int param) { return rows.layerOf(param); }

    @Override public boolean tabular() { return rows.tabular(); }

    @Override public String name() { return rows.name(); }

    @Override public String lossName() { return rows.lossName(); }
}
