package dev.lrsweep.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.data.Dataset;
import dev.lrsweep.model.Gram;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.junit.jupiter.api.Test;

class LinearAnalysisTest {
    static Dataset random(int n, int d, long seed, boolean duplicateLast) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[n * d];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) x[i * d + j] = 3 + r.nextGaussian() * (j + 1);
            if (duplicateLast) x[i * d + d - 1] = x[i * d];
            y[i] = 10;
            for (int j = 0; j < d; j++) y[i] += (j - 2.5) * x[i * d + j];
            y[i] += r.nextGaussian();
        }
        List<String> names = new ArrayList<>();
        for (int j = 0; j < d; j++) names.add("x" + j);
        return new Dataset(x, y, names, "y", "random", null);
    }

    @Test
    void largeRouteAgreesWithAnSvdOfTheWholeDesign() {
        Dataset data = random(20_000, 12, 1, false); // 20,000 × 13 cells: above the SVD threshold
        assertTrue((long) data.rows() * 13 > LinearAnalysis.SVD_CELLS);
        LinearAnalysis a = LinearAnalysis.of(data, true);
        double[][] m = new double[data.rows()][13];
        for (int i = 0; i < data.rows(); i++) {
            for (int j = 0; j < 12; j++) m[i][j] = data.x(i, j);
            m[i][12] = 1;
        }
        SingularValueDecomposition svd = new SingularValueDecomposition(new Array2DRowRealMatrix(m, false));
        double[] theta = svd.getSolver().solve(new ArrayRealVector(data.yArray())).toArray();
        assertArrayEquals(theta, a.optimumParams(), 1e-8);
        double[] r = new Array2DRowRealMatrix(m, false).operate(theta);
        double loss = 0;
        for (int i = 0; i < r.length; i++) loss += (r[i] - data.y(i)) * (r[i] - data.y(i));
        assertEquals(loss / data.rows(), a.optimumLoss(), 1e-9 * loss / data.rows());
        // λmax(H) = 2σmax²/n
        double smax = svd.getSingularValues()[0];
        assertEquals(2 * smax * smax / data.rows(), a.hessianEigenvalues()[12], 1e-9 * smax * smax);
        assertEquals(13, a.rank());
    }

    @Test
    void largeRouteMeasuresANearExactFitByARowPass() {
        // y = 10 + Σ (j − 2.5)·x_j exactly, up to the rounding of y itself: the least loss is about
        // (ε·|y|)², some 1e-28, while θᵀGθ − 2θᵀc + yᵀy cancels to an error near ε·yᵀy/n ≈ 1e-13
        int n = 20_000;
        int d = 12;
        Dataset noisy = random(n, d, 3, false);
        double[] x = noisy.xArray();
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = 10;
            for (int j = 0; j < d; j++) y[i] += (j - 2.5) * x[i * d + j];
        }
        Dataset exact = new Dataset(x, y, noisy.featureNames(), "y", "exact", null);
        LinearAnalysis a = LinearAnalysis.of(exact, true);
        assertTrue(a.optimumLoss() < 1e-20, "optimum loss " + a.optimumLoss());
        // the same loss by a plain pass over the rows with the analysis's parameters
        double[] t = a.optimumParams();
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double pred = t[d];
            for (int j = 0; j < d; j++) pred += t[j] * x[i * d + j];
            sum += (pred - y[i]) * (pred - y[i]);
        }
        assertEquals(sum / n, a.optimumLoss(), 1e-6 * sum / n);
    }

    @Test
    void theExpandedLossIsUsedAboveTheGuardOnly() {
        // noisy data: the least loss is about 1 (the noise variance) against a scale of about 4e4, so
        // θᵀGθ − 2θᵀc + yᵀy keeps some eleven digits and is used; it matches a pass over the rows
        Dataset noisy = random(20_000, 12, 4, false);
        LinearAnalysis a = LinearAnalysis.of(noisy, true);
        Gram g = Gram.of(noisy, true, 1);
        double expanded = LinearAnalysis.expandedResidualSquares(g, a.optimumParams());
        double rows = 0;
        for (int i = 0; i < noisy.rows(); i++) {
            double pred = a.optimumParams()[12];
            for (int j = 0; j < 12; j++) pred += a.optimumParams()[j] * noisy.x(i, j);
            rows += (pred - noisy.y(i)) * (pred - noisy.y(i));
        }
        assertEquals(rows, expanded, 1e-9 * rows);
        assertEquals(expanded / noisy.rows(), a.optimumLoss());
        // an exact fit: the expansion would be all rounding, so it declines (NaN)
        double[] y = new double[noisy.rows()];
        for (int i = 0; i < y.length; i++) {
            y[i] = 10;
            for (int j = 0; j < 12; j++) y[i] += (j - 2.5) * noisy.x(i, j);
        }
        Dataset exact = new Dataset(noisy.xArray(), y, noisy.featureNames(), "y", "exact", null);
        double[] theta = new double[13];
        for (int j = 0; j < 12; j++) theta[j] = j - 2.5;
        theta[12] = 10;
        assertTrue(Double.isNaN(LinearAnalysis.expandedResidualSquares(Gram.of(exact, true, 1), theta)));
    }

    @Test
    void largeRouteSeesARankDeficientDesign() {
        LinearAnalysis a = LinearAnalysis.of(random(20_000, 12, 2, true), true);
        assertEquals(12, a.rank());
        assertTrue(a.rankDeficient());
        assertNull(a.optimumParams());
        assertTrue(Double.isNaN(a.optimalLr()));
    }

    @Test
    void smallRouteOnTheReferenceData() {
        Dataset apples = new Dataset(new double[] {1, 3, 3, 1, 5, 7}, new double[] {190, 330, 660},
                List.of("x1", "x2"), "y", "apples", null);
        LinearAnalysis a = LinearAnalysis.of(apples, false);
        assertEquals(1250.0 / 9, a.optimumLoss(), 1e-9);
        assertEquals(6 / (94 + Math.sqrt(7300)), a.criticalLr(), 1e-15);
        assertEquals(3.0 / 94, a.optimalLr(), 1e-15);
    }
}
