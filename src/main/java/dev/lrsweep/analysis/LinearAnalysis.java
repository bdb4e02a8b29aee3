package dev.lrsweep.analysis;

import dev.lrsweep.data.Dataset;
import dev.lrsweep.model.Gram;
import dev.lrsweep.model.GramLinear;
import java.util.Arrays;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * What theory says about gradient descent on linear regression with MSE: the loss is the quadratic
 * {@code L(θ) = (1/n)‖X̃θ − y‖²} with constant Hessian {@code H = (2/n) X̃ᵀX̃}. Plain gradient descent
 * with a constant rate converges iff {@code lr < 2/λmax(H)} and converges fastest (in the worst
 * direction) at {@code lr = 2/(λmax + λmin)}.
 *
 * <p>How it is computed: one pass over the rows accumulates {@code X̃ᵀX̃} and {@code X̃ᵀy}
 * ({@link Gram}, in a fixed order whatever the thread count); the
 * eigenvalues of that small p×p matrix give H's (commons-math3). The least-squares optimum comes
 * from an SVD of X̃ itself while X̃ is small (at most {@value #SVD_CELLS} cells: the accurate route,
 * with its rank); beyond that from the eigen-decomposition of X̃ᵀX̃ (a pseudo-inverse with the same
 * relative cut-off), which costs nothing next to the pass over the data. The optimum loss is then
 * measured by a second pass over the rows while X̃ is small, and on the larger route from the
 * expanded quadratic unless that cancels too far (then by the row pass too: see
 * {@link #expandedResidualSquares}).
 *
 * @param optimumLoss        the least loss any parameters can reach
 * @param optimumParams      the least-squares parameters, or null when the design is rank-deficient
 *                           (then there are infinitely many)
 * @param hessianEigenvalues eigenvalues of H in ascending order
 * @param criticalLr         2/λmax: constant-rate gradient descent diverges above it
 * @param optimalLr          2/(λmax+λmin), or NaN when the design is rank-deficient
 * @param rank               rank of X̃
 * @param parameters         number of parameters (columns of X̃)
 */
public record LinearAnalysis(double optimumLoss, double[] optimumParams, double[] hessianEigenvalues,
                             double criticalLr, double optimalLr, int rank, int parameters) {

    /** Above this many cells of X̃ the optimum comes from X̃ᵀX̃ rather than an SVD of X̃. */
    static final long SVD_CELLS = 200_000;

    /** Whether X̃ has fewer independent columns than parameters. */
    public boolean rankDeficient() {
        return rank < parameters;
    }

    /**
     * Analyses linear regression on {@code data}.
     *
     * @param intercept whether the model has an intercept column
     */
    public static LinearAnalysis of(Dataset data, boolean intercept) {
        return of(Gram.of(data, intercept, Runtime.getRuntime().availableProcessors()));
    }

    /** Analyses linear regression given the data's Gram matrix (already computed for training). */
    public static LinearAnalysis of(Gram gm) {
        Dataset data = gm.data();
        boolean intercept = gm.intercept();
        int n = data.rows();
        int d = data.features();
        int p = d + (intercept ? 1 : 0);
        double[] x = data.xArray();
        double[] y = data.yArray();
        double[][] g = new double[p][p];
        double[] c = new double[p];
        for (int a = 0; a < p; a++) {
            c[a] = gm.c(a);
            for (int b = 0; b < p; b++) g[a][b] = gm.g(a, b);
        }
        RealMatrix gram = new Array2DRowRealMatrix(g, false);
        EigenDecomposition eig = new EigenDecomposition(gram);
        double[] ev = eig.getRealEigenvalues().clone();
        double[] hess = new double[p];
        for (int j = 0; j < p; j++) hess[j] = ev[j] * 2.0 / n;
        Arrays.sort(hess);

        double[] theta;
        int rank;
        if ((long) n * p <= SVD_CELLS) {
            double[][] a = new double[n][p];
            for (int i = 0; i < n; i++) {
                System.arraycopy(x, i * d, a[i], 0, d);
                if (intercept) a[i][d] = 1.0;
            }
            SingularValueDecomposition svd = new SingularValueDecomposition(new Array2DRowRealMatrix(a, false));
            rank = svd.getRank();
            theta = svd.getSolver().solve(new ArrayRealVector(y, true)).toArray();
        } else {
            // pseudo-inverse of X̃ᵀX̃: eigenvalues are the squared singular values, so the SVD's
            // cut-off max(n,p)·ulp(σmax) on σ becomes its square on λ
            double lmaxG = Arrays.stream(ev).max().orElse(0);
            double sigmaCut = Math.max(n, p) * Math.ulp(Math.sqrt(Math.max(lmaxG, 0)));
            double cut = sigmaCut * sigmaCut;
            RealVector cv = new ArrayRealVector(c, false);
            RealVector t = new ArrayRealVector(p);
            rank = 0;
            for (int j = 0; j < p; j++) {
                if (ev[j] > cut) {
                    RealVector v = eig.getEigenvector(j);
                    t = t.add(v.mapMultiply(v.dotProduct(cv) / ev[j]));
                    rank++;
                }
            }
            theta = t.toArray();
        }
        double sum = (long) n * p <= SVD_CELLS ? Double.NaN : expandedResidualSquares(gm, theta);
        if (Double.isNaN(sum)) sum = residualSquares(x, y, n, d, theta, intercept);
        double lmax = hess[p - 1];
        double lmin = Math.max(hess[0], 0.0);
        boolean deficient = rank < p;
        double critical = lmax > 0 ? 2.0 / lmax : Double.POSITIVE_INFINITY;
        double optimal = deficient ? Double.NaN : 2.0 / (lmax + lmin);
        return new LinearAnalysis(sum / n, deficient ? null : theta, hess, critical, optimal, rank, p);
    }

    /**
     * {@code Σ_i (x̃_i·θ − y_i)²} from the Gram statistics, {@code θᵀGθ − 2θᵀc + yᵀy}, or NaN when
     * that cancels too far to keep about ten digits: the same guard as the training's Gram route
     * ({@link GramLinear#GUARD}), so a loss reached in training and the optimum it is measured
     * against are computed alike. A near-exact fit (the reference data) falls back to the row pass.
     */
    static double expandedResidualSquares(Gram gm, double[] theta) {
        int p = theta.length;
        double q = 0;
        double tc = 0;
        for (int a = 0; a < p; a++) {
            double s = 0;
            for (int b = 0; b < p; b++) s += gm.g(a, b) * theta[b];
            q += theta[a] * s;
            tc += theta[a] * gm.c(a);
        }
        double sum = q - 2 * tc + gm.yy();
        return sum >= GramLinear.GUARD * (q + gm.yy()) && Double.isFinite(sum) ? sum : Double.NaN;
    }

    /**
     * {@code Σ_i (x̃_i·θ − y_i)²} by a pass over the rows. A method of its own so that the JIT
     * compiles this loop alone: inside {@link #of(Gram)}, which runs once, the loop made C2 compile
     * the whole method (with the eigen-decomposition inlined) for a call that never comes again.
     */
    private static double residualSquares(double[] x, double[] y, int n, int d, double[] theta, boolean intercept) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double pred = intercept ? theta[d] : 0.0;
            for (int j = 0; j < d; j++) pred += theta[j] * x[i * d + j];
            double r = pred - y[i];
            sum += r * r;
        }
        return sum;
    }
}
