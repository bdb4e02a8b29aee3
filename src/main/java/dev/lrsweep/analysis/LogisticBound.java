package dev.lrsweep.analysis;

import dev.lrsweep.data.Dataset;
import dev.lrsweep.model.Gram;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;

/**
 * A learning rate that is safe everywhere for logistic regression. The Hessian of the mean binary
 * cross-entropy is {@code (1/n) X̃ᵀ diag(p(1−p)) X̃}, and {@code p(1−p) <= 1/4}, so the loss is
 * L-smooth with {@code L = λmax(X̃ᵀX̃)/(4n)} (equality at θ = 0, where every p is ½). An L2 penalty
 * {@code l2·Σa²} adds at most {@code 2·l2}. Gradient descent with a constant rate below {@code 2/L}
 * then converges from any start; larger rates may still converge, since the bound is the worst case.
 *
 * @param smoothness L, the bound on the Hessian's largest eigenvalue
 * @param safeLr     2/L: constant rates below it are safe; infinite when L is 0
 */
public record LogisticBound(double smoothness, double safeLr) {

    /**
     * The bound for logistic regression without a penalty.
     *
     * @param intercept whether the model has an intercept column
     */
    public static LogisticBound of(Dataset data, boolean intercept) {
        return of(data, intercept, 0.0);
    }

    /**
     * The bound for logistic regression with the penalty {@code l2·Σa²} on the coefficients.
     *
     * @param intercept whether the model has an intercept column
     * @param l2        the penalty factor, {@code >= 0}
     * @throws IllegalArgumentException if {@code l2} is negative or not finite, or there are no rows
     */
    public static LogisticBound of(Dataset data, boolean intercept, double l2) {
        if (!(l2 >= 0) || !Double.isFinite(l2)) throw new IllegalArgumentException("l2 must be >= 0, got " + l2);
        if (data.rows() == 0) throw new IllegalArgumentException("the dataset has no rows");
        return of(Gram.of(data, intercept, 1), l2);
    }

    /**
     * The bound from the training rows' Gram statistics X̃ᵀX̃ (with the model's intercept column),
     * computed once and shared with the rest of the run.
     *
     * @param l2 the penalty factor, {@code >= 0}
     * @throws IllegalArgumentException if {@code l2} is negative or not finite, or there are no rows
     */
    public static LogisticBound of(Gram g, double l2) {
        if (!(l2 >= 0) || !Double.isFinite(l2)) throw new IllegalArgumentException("l2 must be >= 0, got " + l2);
        int n = g.rows();
        if (n == 0) throw new IllegalArgumentException("the dataset has no rows");
        int p = g.size();
        int d = p - (g.intercept() ? 1 : 0);
        if (p == 0) return new LogisticBound(0.0, Double.POSITIVE_INFINITY);
        double[][] gram = new double[p][p];
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < p; b++) gram[a][b] = g.g(a, b);
        }
        return of(gram, n, d, l2);
    }

    private static LogisticBound of(double[][] gram, int n, int d, double l2) {
        double lmax = 0.0;
        for (double e : new EigenDecomposition(new Array2DRowRealMatrix(gram, false)).getRealEigenvalues()) {
            lmax = Math.max(lmax, e);
        }
        double smoothness = lmax / (4.0 * n) + (d > 0 ? 2.0 * l2 : 0.0);
        return new LogisticBound(smoothness, smoothness > 0 ? 2.0 / smoothness : Double.POSITIVE_INFINITY);
    }
}
