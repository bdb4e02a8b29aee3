package dev.lrsweep.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.data.DataException;
import dev.lrsweep.data.Dataset;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.junit.jupiter.api.Test;

class LogisticRegressionTest {

    /** Binary cross-entropy written the textbook way, for points where it does not overflow. */
    private static double naiveLoss(Dataset d, double[] theta, double l2) {
        double s = 0;
        for (int i = 0; i < d.rows(); i++) {
            double z = theta[2];
            for (int j = 0; j < 2; j++) z += theta[j] * d.x(i, j);
            double p = 1 / (1 + Math.exp(-z));
            s += -(d.y(i) * Math.log(p) + (1 - d.y(i)) * Math.log(1 - p));
        }
        return s / d.rows() + l2 * (theta[0] * theta[0] + theta[1] * theta[1]);
    }

    /** Newton's method on the penalised loss, with its own gradient and Hessian (two features, intercept). */
    static double[] newton(Dataset d, double l2) {
        int n = d.rows();
        double[] theta = new double[3];
        for (int it = 0; it < 50; it++) {
            double[] g = new double[3];
            double[][] h = new double[3][3];
            for (int i = 0; i < n; i++) {
                double[] xt = {d.x(i, 0), d.x(i, 1), 1};
                double z = theta[0] * xt[0] + theta[1] * xt[1] + theta[2];
                double p = 1 / (1 + Math.exp(-z));
                for (int a = 0; a < 3; a++) {
                    g[a] += (p - d.y(i)) * xt[a] / n;
                    for (int b = 0; b < 3; b++) h[a][b] += p * (1 - p) * xt[a] * xt[b] / n;
                }
            }
            for (int a = 0; a < 2; a++) {
                g[a] += 2 * l2 * theta[a];
                h[a][a] += 2 * l2;
            }
            double[] step = new LUDecomposition(new Array2DRowRealMatrix(h)).getSolver()
                    .solve(new ArrayRealVector(g)).toArray();
            for (int a = 0; a < 3; a++) theta[a] -= step[a];
        }
        return theta;
    }

    @Test
    void gradientDescentReachesNewtonsOptimum() {
        Dataset d = TestData.binary(80, 21, false);
        double l2 = 0.01;
        double[] reference = newton(d, l2);
        LogisticRegression m = LogisticRegression.of(d, true, l2);
        double[] theta = m.initialParams(new SplittableRandom(1));
        double[] g = new double[3];
        for (int step = 0; step < 5000; step++) {
            m.lossAndGradient(d, theta, g);
            for (int j = 0; j < 3; j++) theta[j] -= 2.0 * g[j];
        }
        assertArrayEquals(reference, theta, 1e-9);
        assertEquals(naiveLoss(d, reference, l2), m.loss(d, theta), 1e-12);
        // the slope found is the generating one (1.5, −1, 0.3) up to noise and shrinkage
        assertTrue(reference[0] > 0.8 && reference[1] < -0.5, java.util.Arrays.toString(reference));
    }

    @Test
    void lossIsFiniteAndExactForLargeLogits() {
        Dataset d = new Dataset(new double[] {1, 1}, new double[] {1, 0}, List.of("x"), "y", "t", null);
        LogisticRegression m = LogisticRegression.of(d, false);
        // z = ±1000 for both rows: row 1 is right (loss ≈ e^-1000 ≈ 0), row 2 wrong (loss 1000)
        assertEquals(500.0, m.loss(d, new double[] {1000}), 1e-12);
        assertEquals(500.0, m.loss(d, new double[] {-1000}), 1e-12);
        double[] g = new double[1];
        assertEquals(500.0, m.lossAndGradient(d, new double[] {1000}, g), 1e-12);
        assertEquals(0.5, g[0], 1e-15); // ((1 − 1)·1 + (1 − 0)·1) / 2
        // at z = 0 every row costs log 2
        assertEquals(Math.log(2), m.loss(d, new double[] {0}), 1e-15);
        // a tiny logit: log(1 + e^-z) for y = 1 needs log1p to keep its digits
        Dataset one = new Dataset(new double[] {1}, new double[] {1}, List.of("x"), "y", "t", null);
        assertEquals(Math.exp(-40), LogisticRegression.of(one, false).loss(one, new double[] {40}), 1e-30);
    }

    @Test
    void fusedPassCountsRightPredictionsAsAHandCountDoes() {
        // random labels: every prediction is right or wrong at random (the kernel counts without a
        // branch); a vector of zeros (z = 0 predicts 1), a NaN vector (never z >= 0: predicts 0)
        // and several block lengths, rows 0..n-1 and a shuffled subset
        SplittableRandom rng = new SplittableRandom(5);
        int d = 3;
        for (int n : new int[] {1, 7, 128, 300}) {
            double[] x = new double[n * d];
            double[] y = new double[n];
            for (int i = 0; i < x.length; i++) x[i] = rng.nextGaussian();
            for (int i = 0; i < n; i++) y[i] = rng.nextInt(2);
            Dataset data = new Dataset(x, y, List.of("a", "b", "c"), "y", "t", null);
            LogisticRegression m = LogisticRegression.of(data, true);
            int count = 7;
            double[][] params = new double[count][d + 1];
            for (int t = 3; t < count; t++) for (int j = 0; j <= d; j++) params[t][j] = rng.nextGaussian();
            java.util.Arrays.fill(params[1], Double.NaN);
            // all −0.0: logits of −0.0 and +0.0 by the rows' signs, both predicting 1
            java.util.Arrays.fill(params[2], -0.0);
            int[] rows = new int[n];
            for (int i = 0; i < n; i++) rows[i] = i;
            for (int i = n - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int tmp = rows[i];
                rows[i] = rows[j];
                rows[j] = tmp;
            }
            for (int[] order : new int[][] {null, rows}) {
                int from = order == null ? 0 : n / 3;
                m.lossAndGradientMany(data, order, from, n, params, new double[count][d + 1], new double[count], count);
                for (int t = 0; t < count; t++) {
                    int right = 0;
                    for (int k = from; k < n; k++) {
                        int i = order == null ? k : order[k];
                        double z = params[t][d];
                        for (int j = 0; j < d; j++) z += params[t][j] * x[i * d + j];
                        // this hand sum may round differently from the kernel's fma; no logit is that close to 0
                        boolean predictsOne = t == 0 || t == 2 || (t != 1 && z >= 0);
                        if (predictsOne == (y[i] == 1.0)) right++;
                    }
                    assertEquals((double) right / (n - from), m.lastAccuracy(t), 0, "n=" + n + " vector " + t);
                }
            }
        }
    }

    @Test
    void accuracyThresholdsAtOneHalf() {
        Dataset d = new Dataset(new double[] {-2, -1, 0, 1, 2}, new double[] {0, 1, 1, 1, 0}, List.of("x"), "y", "t", null);
        LogisticRegression m = LogisticRegression.of(d, true);
        // p = σ(x): predictions 0, 0, 1 (p = 0.5 counts as 1), 1, 1 → rows 1, 3, 4 right
        assertEquals(3.0 / 5, m.accuracy(d, new double[] {1, 0}), 0);
    }

    @Test
    void namesFollowTheLinearModel() {
        Dataset d = TestData.binary(10, 1, false);
        LogisticRegression m = LogisticRegression.of(d, true, 0.5);
        assertEquals(List.of("a1", "a2", "b"), m.paramNames());
        assertEquals(List.of("a1 = x1", "a2 = x2", "b = intercept"), m.paramMeanings());
        assertEquals(List.of("a1", "a2"), LogisticRegression.of(d, false).paramNames());
        assertEquals("logistic", m.name());
        assertEquals("binary_crossentropy", m.lossName());
        assertTrue(m.tabular());
        assertEquals(1, m.layers());
        assertArrayEquals(new double[3], m.initialParams(new SplittableRandom(9)), 0);
    }

    @Test
    void aTargetOtherThanZeroOrOneIsRejectedWithItsRow() {
        double[] y = {0, 1, 1, 0, 1, 0, 2.5, 1};
        Dataset d = new Dataset(new double[8], y, List.of("x"), "y", "t", null);
        DataException e = assertThrows(DataException.class, () -> LogisticRegression.of(d, true, 0));
        assertEquals("t: data row 7: --model logistic: the target 'y' must be 0 or 1, found 2.5", e.getMessage());
        y[6] = 2;
        Dataset d2 = new Dataset(new double[8], y, List.of("x"), "price", "t", null);
        assertEquals("t: data row 7: --model logistic: the target 'price' must be 0 or 1, found 2",
                assertThrows(DataException.class, () -> LogisticRegression.of(d2, true)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> LogisticRegression.of(TestData.binary(5, 1, false), true, -1));
    }
}
