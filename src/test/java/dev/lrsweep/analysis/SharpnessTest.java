package dev.lrsweep.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.data.Dataset;
import dev.lrsweep.model.Activation;
import dev.lrsweep.model.LinearRegression;
import dev.lrsweep.model.LogisticRegression;
import dev.lrsweep.model.Mlp;
import dev.lrsweep.model.Model;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.junit.jupiter.api.Test;

class SharpnessTest {

    static Dataset random(int n, int k, long seed, boolean binary) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[n * k];
        double[] y = new double[n];
        List<String> names = new ArrayList<>();
        for (int j = 0; j < k; j++) names.add("x" + (j + 1));
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < k; j++) {
                x[i * k + j] = rng.nextDouble(-1, 1) * (j + 1) + 0.3 * j;
                s += x[i * k + j] * (j % 2 == 0 ? 1 : -1);
            }
            y[i] = binary ? (s + rng.nextDouble(-1, 1) > 0 ? 1 : 0) : 3 * s + rng.nextDouble(-1, 1) + 10;
        }
        return new Dataset(x, y, names, "y", "test", null);
    }

    /** λmax of (2/n)·X̃ᵀX̃ by commons-math's eigen decomposition. */
    private static double closedForm(Dataset d, boolean intercept) {
        int p = d.features() + (intercept ? 1 : 0);
        double[][] h = new double[p][p];
        for (int i = 0; i < d.rows(); i++) {
            double[] row = new double[p];
            for (int j = 0; j < d.features(); j++) row[j] = d.x(i, j);
            if (intercept) row[p - 1] = 1;
            for (int a = 0; a < p; a++) {
                for (int b = 0; b < p; b++) h[a][b] += 2.0 * row[a] * row[b] / d.rows();
            }
        }
        return Arrays.stream(new EigenDecomposition(new Array2DRowRealMatrix(h)).getRealEigenvalues()).max().orElseThrow();
    }

    @Test
    void linearRegressionGivesTheClosedForm() {
        for (boolean intercept : new boolean[] {true, false}) {
            Dataset d = random(50, 3, 5, false);
            LinearRegression m = LinearRegression.of(d, intercept);
            double expected = closedForm(d, intercept);
            // the Hessian is constant: the same at the origin and anywhere else
            for (double[] at : new double[][] {new double[m.paramCount()], {3, -2, 1, 7}}) {
                double[] theta = Arrays.copyOf(at, m.paramCount());
                double lambda = Sharpness.estimate(m, d, theta, 200, 1);
                assertEquals(expected, lambda, 1e-6 * expected, "intercept=" + intercept);
            }
        }
    }

    /**
     * The reference experiment's data, (1, 3, 190), (3, 1, 330), (5, 7, 660) without intercept:
     * H = (2/3)·[[35, 41], [41, 59]], λmax = (2/3)·(47 + sqrt(12² + 41²)). 2/λmax = 0.0334 lies
     * between 0.032 (converges) and 0.035 (explodes), as the article found.
     */
    @Test
    void referenceExperimentCriticalRate() {
        Dataset d = new Dataset(new double[] {1, 3, 3, 1, 5, 7}, new double[] {190, 330, 660}, List.of("x1", "x2"),
                "y", "apples", null);
        double lambda = Sharpness.estimate(LinearRegression.of(d, false), d, new double[2], 100, 7);
        double expected = 2.0 / 3 * (47 + Math.sqrt(12 * 12 + 41 * 41));
        assertEquals(expected, lambda, 1e-6 * expected);
        assertTrue(2 / lambda > 0.032 && 2 / lambda < 0.035, "critical rate " + 2 / lambda);
    }

    @Test
    void logisticAtTheOriginReachesTheBoundAndStaysBelowItElsewhere() {
        Dataset d = random(60, 2, 9, true);
        LogisticRegression m = LogisticRegression.of(d, true);
        double bound = LogisticBound.of(d, true).smoothness();
        // at θ = 0 every p(1 − p) is ¼, so the Hessian is X̃ᵀX̃/(4n) and the bound is attained
        double atZero = Sharpness.estimate(m, d, new double[3], 200, 3);
        assertTrue(atZero <= bound * (1 + 1e-6), atZero + " > " + bound);
        assertEquals(bound, atZero, 1e-6 * bound);
        double elsewhere = Sharpness.estimate(m, d, new double[] {1.5, -2, 0.5}, 200, 3);
        assertTrue(elsewhere > 0 && elsewhere < bound, elsewhere + " vs " + bound);
    }

    @Test
    void deterministicForASeed() {
        Dataset d = random(40, 3, 2, false);
        Mlp m = Mlp.of(d, 6, 2, Activation.TANH, 0);
        double[] theta = m.initialParams(new SplittableRandom(4));
        double[] copy = theta.clone();
        double a = Sharpness.estimate(m, d, theta, 60, 11);
        assertEquals(a, Sharpness.estimate(m, d, theta, 60, 11), 0);
        assertEquals(Arrays.toString(copy), Arrays.toString(theta), "params must be left unchanged");
        // another start vector converges to the same eigenvalue
        assertEquals(a, Sharpness.estimate(m, d, theta, 200, 12), 1e-3 * Math.abs(a));
    }

    /**
     * A loss ½θᵀAθ with A = diag(−5, 1, 2): power iteration alone would find −5; the shifted second
     * run gives the largest eigenvalue, 2.
     */
    @Test
    void aDominantNegativeEigenvalueIsShiftedAway() {
        double[] diag = {-5, 1, 2};
        Model quadratic = new Model() {
            @Override public int paramCount() { return 3; }
            @Override public List<String> paramNames() { return List.of("p", "q", "r"); }
            @Override public List<String> paramMeanings() { return paramNames(); }
            @Override public double[] initialParams(SplittableRandom rng) { return new double[3]; }
            @Override public double lossAndGradient(Dataset data, int[] rows, int from, int to, double[] p, double[] g) {
                for (int j = 0; j < 3; j++) g[j] = diag[j] * p[j];
                return loss(data, rows, from, to, p);
            }
            @Override public double loss(Dataset data, int[] rows, int from, int to, double[] p) {
                double s = 0;
                for (int j = 0; j < 3; j++) s += 0.5 * diag[j] * p[j] * p[j];
                return s;
            }
            @Override public String name() { return "quadratic"; }
            @Override public String lossName() { return "quadratic"; }
        };
        Dataset d = new Dataset(new double[0], new double[1], List.of(), "y", "t", null);
        assertEquals(2.0, Sharpness.estimate(quadratic, d, new double[] {0.3, 0.1, -0.2}, 300, 5), 1e-9);
    }

    @Test
    void checksItsArguments() {
        Dataset d = random(10, 2, 1, false);
        LinearRegression m = LinearRegression.of(d, true);
        assertThrows(IllegalArgumentException.class, () -> Sharpness.estimate(m, d, new double[2], 10, 1));
        assertThrows(IllegalArgumentException.class, () -> Sharpness.estimate(m, d, new double[3], 0, 1));
        // a loss without curvature
        Dataset zeros = new Dataset(new double[4], new double[] {1, 2}, List.of("a", "b"), "y", "t", null);
        assertEquals(0.0, Sharpness.estimate(LinearRegression.of(zeros, false), zeros, new double[2], 10, 1), 0);
    }
}
