package dev.lrsweep.analysis;

import dev.lrsweep.data.Dataset;
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
 *     Hessian-vector products, giving an <em>estimated</em> critical rate 2/λ ({@link Sharpness}).</li>
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

    /** Power-iteration steps for the sharpness estimate. */
    static final int ITERATIONS = 30;

    /**
     * Analyses a model on its training rows.
     *
     * @param initialParams where to measure sharpness (the trials' starting point)
     */
    public static Curvature of(Model model, Dataset train, double[] initialParams, boolean intercept, double l2) {
        if (model instanceof LinearRegression && l2 == 0) {
            LinearAnalysis a = LinearAnalysis.of(train, intercept);
            return new Curvature("linear_least_squares", a.criticalLr(), false, a, null, Double.NaN);
        }
        double lambda = Sharpness.estimate(model, train, initialParams, ITERATIONS, 0L);
        double estimated = lambda > 0 ? 2.0 / lambda : Double.POSITIVE_INFINITY;
        if (model instanceof LogisticRegression) {
            LogisticBound b = LogisticBound.of(train, intercept, l2);
            return new Curvature("logistic_bound", b.safeLr(), false, null, b, lambda);
        }
        return new Curvature("sharpness_estimate", estimated, true, null, null, lambda);
    }

    /** The closed-form optimum loss, or NaN when there is none. */
    public double optimumLoss() {
        return linear == null ? Double.NaN : linear.optimumLoss();
    }
}
