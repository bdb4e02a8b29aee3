package dev.lrsweep.analysis;

import dev.lrsweep.data.Dataset;
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
 * direction) at {@code lr = 2/(λmax + λmin)}. The optimum is the least-squares solution, computed by
 * singular value decomposition (commons-math3), which also gives the rank.
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
        int n = data.rows();
        int d = data.features();
        int p = d + (intercept ? 1 : 0);
        double[][] a = new double[n][p];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) a[i][j] = data.x(i, j);
            if (intercept) a[i][d] = 1.0;
        }
        RealMatrix x = new Array2DRowRealMatrix(a, false);
        RealVector y = new ArrayRealVector(data.yArray(), true);

        SingularValueDecomposition svd = new SingularValueDecomposition(x);
        int rank = svd.getRank();
        RealVector theta = svd.getSolver().solve(y); // least squares, minimum norm
        RealVector r = x.operate(theta).subtract(y);
        double optimumLoss = r.dotProduct(r) / n;

        RealMatrix h = x.transpose().multiply(x).scalarMultiply(2.0 / n);
        double[] eig = new EigenDecomposition(h).getRealEigenvalues();
        Arrays.sort(eig);
        double lmax = eig[eig.length - 1];
        double lmin = Math.max(eig[0], 0.0);
        boolean deficient = rank < p;
        double critical = lmax > 0 ? 2.0 / lmax : Double.POSITIVE_INFINITY;
        double optimal = deficient ? Double.NaN : 2.0 / (lmax + lmin);
        return new LinearAnalysis(optimumLoss, deficient ? null : theta.toArray(), eig, critical, optimal, rank, p);
    }
}
