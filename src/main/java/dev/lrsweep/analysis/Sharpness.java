package dev.lrsweep.analysis;

import dev.lrsweep.data.Dataset;
import dev.lrsweep.model.Model;
import java.util.SplittableRandom;

/**
 * The sharpness of a loss at given parameters: the largest eigenvalue λ of its Hessian, for any
 * {@link Model}. Gradient descent with a constant rate cannot settle where {@code lr > 2/λ}, so
 * {@code 2/λ} estimates the critical learning rate there (exactly so for linear regression, where
 * the Hessian is constant).
 *
 * <p>λ comes from power iteration on Hessian-vector products, each from two full-batch gradients by
 * central differences: {@code Hv ≈ (∇L(θ + εv) − ∇L(θ − εv)) / (2ε)} with {@code ‖v‖ = 1} and
 * {@code ε = 1e-4·max(1, ‖θ‖)}. That is exact up to rounding for a quadratic loss and has an
 * {@code O(ε²)} error otherwise. The estimate is the Rayleigh quotient {@code vᵀHv} at the last
 * iterate. Power iteration finds the eigenvalue of largest magnitude; if that is negative (a saddle
 * of a network), a second run on {@code H − μI} finds the largest one. The start vector is drawn
 * from the seed, so the result is a function of the arguments alone.
 */
public final class Sharpness {
    private Sharpness() {
    }

    /**
     * Estimates the largest Hessian eigenvalue of the full-batch loss at {@code params}.
     *
     * @param model      the model, which must accept {@code params}; its scratch space is used
     * @param params     the point, left unchanged
     * @param iterations power-iteration steps (each costs two gradients), {@code >= 1}; a second
     *                   run of as many steps follows when the dominant eigenvalue is negative
     * @param seed       seeds the random start vector
     * @return λ, the largest eigenvalue (the critical-rate estimate is {@code 2/λ}); 0 when every
     *         Hessian-vector product vanishes
     * @throws IllegalArgumentException if {@code params} has the wrong length or {@code iterations < 1}
     */
    public static double estimate(Model model, Dataset data, double[] params, int iterations, long seed) {
        int p = model.paramCount();
        if (params.length != p) {
            throw new IllegalArgumentException("params has " + params.length + " values, the model " + p);
        }
        if (iterations < 1) throw new IllegalArgumentException("iterations must be >= 1, got " + iterations);
        Products h = new Products(model, data, params);
        double[] start = new double[p];
        SplittableRandom rng = new SplittableRandom(seed);
        for (int j = 0; j < p; j++) start[j] = 2.0 * rng.nextDouble() - 1.0;
        double mu = powerIteration(h, start.clone(), 0.0, iterations);
        if (mu >= 0) return mu;
        // the dominant eigenvalue is negative: H − μI is positive semi-definite with largest
        // eigenvalue λmax − μ
        return powerIteration(h, start, mu, iterations) + mu;
    }

    /** The dominant eigenvalue of {@code H − shift·I} by power iteration from {@code v} (overwritten). */
    private static double powerIteration(Products h, double[] v, double shift, int iterations) {
        double[] w = new double[v.length];
        if (!normalize(v)) return 0.0;
        double lambda = 0.0;
        for (int it = 0; it < iterations; it++) {
            h.times(v, w);
            double rayleigh = 0.0;
            for (int j = 0; j < v.length; j++) {
                w[j] -= shift * v[j];
                rayleigh += v[j] * w[j];
            }
            lambda = rayleigh;
            if (!normalize(w)) return 0.0;
            double[] t = v;
            v = w;
            w = t;
        }
        return lambda;
    }

    /** Scales {@code v} to unit length; false when it is zero (or not finite). */
    private static boolean normalize(double[] v) {
        double norm = norm(v);
        if (!(norm > 0) || !Double.isFinite(norm)) return false;
        for (int j = 0; j < v.length; j++) v[j] /= norm;
        return true;
    }

    private static double norm(double[] v) {
        double s = 0.0;
        for (double x : v) s += x * x;
        return Math.sqrt(s);
    }

    /** Hessian-vector products at a fixed point by central differences of gradients. */
    private static final class Products {
        private final Model model;
        private final Dataset data;
        private final double[] theta;
        private final double eps;
        private final double[][] shifted;
        private final double[][] grads;
        private final double[] losses = new double[2];

        Products(Model model, Dataset data, double[] theta) {
            this.model = model;
            this.data = data;
            this.theta = theta;
            this.eps = 1e-4 * Math.max(1.0, norm(theta));
            this.shifted = new double[2][theta.length];
            this.grads = new double[2][theta.length];
        }

        /** {@code out = H·v} for a unit vector v. */
        void times(double[] v, double[] out) {
            double[] up = shifted[0];
            double[] down = shifted[1];
            for (int j = 0; j < theta.length; j++) {
                up[j] = theta[j] + eps * v[j];
                down[j] = theta[j] - eps * v[j];
            }
            // both gradients in one pass where the model shares passes (the same bits as one at a time)
            model.lossAndGradientMany(data, null, 0, data.rows(), shifted, grads, losses, 2);
            double[] plus = grads[0];
            double[] minus = grads[1];
            for (int j = 0; j < theta.length; j++) out[j] = (plus[j] - minus[j]) / (2 * eps);
        }
    }
}
