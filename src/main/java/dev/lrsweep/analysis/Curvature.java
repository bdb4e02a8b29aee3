package dev.lrsweep.analysis;

import dev.lrsweep.data.DataException;
import dev.lrsweep.data.Dataset;
import dev.lrsweep.model.Gram;
import dev.lrsweep.model.LinearRegression;
import dev.lrsweep.model.LogisticRegression;
import dev.lrsweep.model.Model;

/**
 * What curvature says about a model's rates, as exactly as the model allows:
 * <ul>
 * <li>linear regression with MSE (no L2): the closed form — optimum, Hessian eigenvalues, the
 *     critical rate 2/λmax exactly ({@link LinearAnalysis});</li>
 * <li>logistic regression: the smoothness bound L = λmax(X̃ᵀX̃)/(4n) (+2·l2) and the safe rate 2/L,
 *     below which full-batch gradient descent cannot diverge ({@link LogisticBound});</li>
 * <li>any model: the sharpness λ at the initial parameters by power iteration on finite-difference
 *     Hessian-vector products over a seeded sample of at most {@value #SAMPLE_ROWS} rows, giving an
 *     <em>estimated</em> critical rate 2/λ ({@link Sharpness}).</li>
 * </ul>
 *
 * @param kind       {@code linear_least_squares}, {@code logistic_bound} or {@code sharpness_estimate}
 * @param criticalLr the rate above which full-batch gradient descent diverges (exact for linear
 *                   models, the safe bound for logistic, an estimate otherwise)
 * @param estimate   whether {@code criticalLr} is an estimate rather than exact or a bound
 * @param linear     the closed-form analysis, or null
 * @param logistic   the smoothness bound, or null
 * @param sharpness  λmax of the Hessian at the initial parameters (estimated), or NaN when the
 *                   closed form gives it exactly
 */
public record Curvature(String kind, double criticalLr, boolean estimate, LinearAnalysis linear, LogisticBound logistic,
                        double sharpness) {

    /**
     * Beyond this many parameters the closed form's p×p matrices (p² doubles, p³ work) cost more
     * than they tell; the sharpness estimate is used instead.
     */
    static final int MAX_CLOSED_FORM_PARAMS = 2000;

    /** Power-iteration steps for the sharpness estimate. */
    static final int ITERATIONS = 20;

    /**
     * Rows the sharpness estimate looks at, at most: a seeded sample of the training rows, so that
     * the estimate costs a few dozen passes over a few thousand rows, not over the whole dataset.
     */
    static final int SAMPLE_ROWS = 4096;

    /**
     * Analyses a model on its training rows.
     *
     * @param initialParams where to measure sharpness (the trials' starting point)
     */
    public static Curvature of(Model model, Dataset train, double[] initialParams, boolean intercept, double l2) {
        return of(model, train, initialParams, intercept, l2, () -> Gram.of(train, intercept,
                Runtime.getRuntime().availableProcessors()));
    }

    /**
     * Analyses a model on its training rows, reusing the training rows' Gram matrix for linear
     * models.
     *
     * @param gram gives X̃ᵀX̃ of {@code train} with this intercept (called for linear and logistic models)
     */
    public static Curvature of(Model model, Dataset train, double[] initialParams, boolean intercept, double l2,
                               java.util.function.Supplier<Gram> gram) {
        if (model instanceof LinearRegression && l2 == 0 && model.paramCount() <= MAX_CLOSED_FORM_PARAMS) {
            LinearAnalysis a = closedForm(train, () -> LinearAnalysis.of(finite(gram.get(), train)));
            return new Curvature("linear_least_squares", a.criticalLr(), false, a, null, Double.NaN);
        }
        double lambda = Sharpness.estimate(model, sample(train), initialParams, ITERATIONS, 0L);
        double estimated = lambda > 0 ? 2.0 / lambda : Double.POSITIVE_INFINITY;
        if (model instanceof LogisticRegression) {
            LogisticBound b = closedForm(train, () -> LogisticBound.of(finite(gram.get(), train), l2));
            return new Curvature("logistic_bound", b.safeLr(), false, null, b, lambda);
        }
        return new Curvature("sharpness_estimate", estimated, true, null, null, lambda);
    }

    /** The Gram statistics, or a data error when they overflowed. */
    private static Gram finite(Gram g, Dataset train) {
        if (!g.finite()) {
            throw new DataException(train.source() + ": sums of squared values overflow (X̃ᵀX̃ is not finite): "
                    + "values near 1e154 or beyond; scale the data, or --standardize");
        }
        return g;
    }

    /** A closed-form analysis, or a data error when its decomposition fails on this data. */
    private static <T> T closedForm(Dataset train, java.util.function.Supplier<T> analysis) {
        try {
            return analysis.get();
        } catch (org.apache.commons.math3.exception.MathIllegalStateException
                 | org.apache.commons.math3.exception.MathArithmeticException e) {
            throw new DataException(train.source() + ": the closed-form analysis failed on this data ("
                    + e.getMessage() + "); scale the data, or --standardize");
        }
    }

    /** At most {@link #SAMPLE_ROWS} rows, drawn without replacement with a fixed seed, in file order. */
    static Dataset sample(Dataset train) {
        int n = train.rows();
        if (n <= SAMPLE_ROWS) return train;
        // the first SAMPLE_ROWS steps of a Fisher-Yates shuffle of 0..n-1, with the permutation held
        // sparsely (a position maps to itself until a swap moves it): memory for the sample's size,
        // not for every row (a 10-million-row file would have taken 40 MB here)
        java.util.Map<Integer, Integer> moved = new java.util.HashMap<>(4 * SAMPLE_ROWS);
        java.util.SplittableRandom rng = new java.util.SplittableRandom(0x5eed);
        int[] rows = new int[SAMPLE_ROWS];
        for (int i = 0; i < SAMPLE_ROWS; i++) {
            int j = i + rng.nextInt(n - i);
            int atJ = moved.getOrDefault(j, j);
            rows[i] = atJ;
            moved.put(j, moved.getOrDefault(i, i));
        }
        java.util.Arrays.sort(rows);
        return dev.lrsweep.data.Splits.subset(train, rows);
    }

    /** The closed-form optimum loss, or NaN when there is none. */
    public double optimumLoss() {
        return linear == null ? Double.NaN : linear.optimumLoss();
    }
}
