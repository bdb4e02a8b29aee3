package dev.lrsweep.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.data.DataException;
import dev.lrsweep.data.Dataset;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.junit.jupiter.api.Test;

class SoftmaxRegressionTest {

    /**
     * With two classes, softmax at {@code w = [0, a]}, {@code b = [0, b]} is logistic regression at
     * (a, b): p(class 1) = e^z / (1 + e^z) = σ(z). The losses agree, the class-1 gradient is the
     * logistic gradient and the class-0 gradient the negative of its data part (class-0 weights are 0,
     * so their penalty gradient is 0).
     */
    @Test
    void twoClassesAreLogisticRegression() {
        Dataset d = TestData.binary(50, 31, true);
        double[] ab = {0.7, -1.3, 0.4};
        double[] w = {0, ab[0], 0, ab[1], 0, ab[2]}; // x1: class 0, class 1; x2: ...; biases
        for (double l2 : new double[] {0, 0.2}) {
            LogisticRegression logistic = LogisticRegression.of(d, true, l2);
            SoftmaxRegression softmax = SoftmaxRegression.of(d, true, l2);
            double[] gl = new double[3];
            double[] gs = new double[6];
            double ll = logistic.lossAndGradient(d, ab, gl);
            double ls = softmax.lossAndGradient(d, w, gs);
            assertEquals(ll, ls, 1e-14 * ll);
            assertEquals(logistic.loss(d, ab), softmax.loss(d, w), 1e-14 * ll);
            for (int j = 0; j < 3; j++) {
                assertEquals(gl[j], gs[2 * j + 1], 1e-14);
                // the data part is opposite; the penalty part is 2·l2·a for class 1 and 0 for class 0
                double penalty = j < 2 ? 2 * l2 * ab[j] : 0;
                assertEquals(-(gl[j] - penalty), gs[2 * j], 1e-14);
            }
            assertEquals(logistic.accuracy(d, ab), softmax.accuracy(d, w), 0);
        }
    }

    /**
     * With two classes and {@code l2·(|w0|² + |w1|²)}, only {@code d = w1 − w0} matters to the data
     * term and the penalty is least at {@code w1 = −w0 = d/2}, where it is {@code (l2/2)·|d|²}: the
     * optimum is logistic regression's with {@code l2/2}, found here by Newton's method.
     */
    @Test
    void twoClassOptimumIsLogisticWithHalfThePenalty() {
        Dataset d = TestData.binary(80, 21, true);
        double l2 = 0.02;
        double[] reference = LogisticRegressionTest.newton(d, l2 / 2);
        SoftmaxRegression m = SoftmaxRegression.of(d, true, l2);
        double[] theta = descend(m, d, 1.0, 20000);
        for (int j = 0; j < 3; j++) {
            assertEquals(reference[j], theta[2 * j + 1] - theta[2 * j], 1e-9, "difference " + j);
        }
        for (int j = 0; j < 2; j++) assertEquals(0, theta[2 * j + 1] + theta[2 * j], 1e-9, "w0 = -w1");
    }

    @Test
    void threeClassesReachNewtonsOptimum() {
        Dataset d = TestData.labelled(90, 2, 41);
        double l2 = 0.01;
        double[] reference = newton(d, l2);
        SoftmaxRegression m = SoftmaxRegression.of(d, true, l2);
        double[] theta = descend(m, d, 1.0, 20000);
        // the weights are unique; the biases only up to a common shift, and gradient descent from 0
        // keeps them summing to 0 (their gradients sum to Σ(p − onehot) = 0), as the reference does
        assertArrayEquals(centredBiases(reference), centredBiases(theta), 1e-8);
        assertEquals(0, theta[6] + theta[7] + theta[8], 1e-12);
        assertTrue(m.accuracy(d, theta) > 0.6, "accuracy " + m.accuracy(d, theta));
    }

    private static double[] descend(Model m, Dataset d, double lr, int steps) {
        double[] theta = m.initialParams(new SplittableRandom(1));
        double[] g = new double[theta.length];
        for (int s = 0; s < steps; s++) {
            m.lossAndGradient(d, theta, g);
            for (int j = 0; j < theta.length; j++) theta[j] -= lr * g[j];
        }
        return theta;
    }

    private static double[] centredBiases(double[] theta) {
        double[] t = theta.clone();
        double mean = (t[6] + t[7] + t[8]) / 3;
        for (int c = 6; c < 9; c++) t[c] -= mean;
        return t;
    }

    /**
     * Newton's method on the 3-class, 2-feature softmax loss with its own gradient and Hessian
     * ({@code (1/n) Σ (diag p − p pᵀ) ⊗ x̃x̃ᵀ}, plus 2·l2 on the weights). The Hessian is singular
     * along a common shift of the biases, so each step uses the pseudo-inverse (SVD).
     */
    private static double[] newton(Dataset d, double l2) {
        int n = d.rows();
        int cs = 3;
        double[] theta = new double[9]; // w[j*3 + c] for j = 0, 1; b[c] at 6 + c
        for (int it = 0; it < 40; it++) {
            double[] g = new double[9];
            double[][] h = new double[9][9];
            for (int i = 0; i < n; i++) {
                double[] xt = {d.x(i, 0), d.x(i, 1), 1};
                double[] z = new double[cs];
                for (int c = 0; c < cs; c++) z[c] = theta[6 + c] + theta[c] * xt[0] + theta[3 + c] * xt[1];
                double sum = 0;
                for (int c = 0; c < cs; c++) sum += Math.exp(z[c]);
                double[] p = new double[cs];
                for (int c = 0; c < cs; c++) p[c] = Math.exp(z[c]) / sum;
                for (int a = 0; a < 3; a++) {
                    for (int c = 0; c < cs; c++) {
                        int r = a * 3 + c;
                        g[r] += (p[c] - (d.y(i) == c ? 1 : 0)) * xt[a] / n;
                        for (int b = 0; b < 3; b++) {
                            for (int e = 0; e < cs; e++) {
                                double pc = (c == e ? p[c] : 0) - p[c] * p[e];
                                h[r][b * 3 + e] += pc * xt[a] * xt[b] / n;
                            }
                        }
                    }
                }
            }
            for (int r = 0; r < 6; r++) {
                g[r] += 2 * l2 * theta[r];
                h[r][r] += 2 * l2;
            }
            double[] step = new SingularValueDecomposition(new Array2DRowRealMatrix(h)).getSolver()
                    .solve(new ArrayRealVector(g)).toArray();
            for (int r = 0; r < 9; r++) theta[r] -= step[r];
        }
        return theta;
    }

    @Test
    void lossIsStableForLargeLogits() {
        Dataset d = new Dataset(new double[] {1}, new double[] {0}, List.of("x"), "y", "t", null, List.of("a", "b"));
        SoftmaxRegression m = SoftmaxRegression.of(d, false);
        // logits (0, 2000): loss = log(1 + e^2000) ≈ 2000
        double[] g = new double[2];
        assertEquals(2000.0, m.lossAndGradient(d, new double[] {0, 2000}, g), 1e-12);
        assertArrayEquals(new double[] {-1, 1}, g, 1e-15);
        assertEquals(2000.0, m.loss(d, new double[] {0, 2000}), 1e-12);
        assertEquals(0.0, m.loss(d, new double[] {2000, 0}), 1e-300);
    }

    @Test
    void namesAndShape() {
        Dataset d = TestData.labelled(20, 2, 5);
        SoftmaxRegression m = SoftmaxRegression.of(d, true);
        assertEquals(List.of("w_x1_red", "w_x1_green", "w_x1_blue", "w_x2_red", "w_x2_green", "w_x2_blue",
                "b_red", "b_green", "b_blue"), m.paramNames());
        assertEquals("w_x2_green = weight of x2 for class green", m.paramMeanings().get(4));
        assertEquals("b_blue = bias of class blue", m.paramMeanings().get(8));
        assertEquals(9, m.paramCount());
        assertEquals(3, m.classes());
        assertFalse(m.tabular());
        assertEquals(6, SoftmaxRegression.of(d, false).paramCount());
        assertTrue(SoftmaxRegression.of(d, false).tabular());
        assertEquals("softmax", m.name());
        assertEquals("categorical_crossentropy", m.lossName());
    }

    @Test
    void accuracyIsByArgmax() {
        Dataset d = new Dataset(new double[] {1, 2, 3, 4}, new double[] {0, 1, 2, 2}, List.of("x"), "y", "t", null,
                List.of("a", "b", "c"));
        SoftmaxRegression m = SoftmaxRegression.of(d, true);
        // logits (a, b, c) = (0, x, 2.5): predicted c, c, b, b against a, b, c, c: none right
        double[] theta = {0, 1, 0, 0, 0, 2.5};
        assertEquals(0.0, m.accuracy(d, theta), 0);
        // (0, x, 1.5): predicted c, b, b, b: only x = 2 right
        theta[5] = 1.5;
        assertEquals(0.25, m.accuracy(d, theta), 0);
    }

    @Test
    void needsClassLabels() {
        Dataset numeric = TestData.regression(5, 2, 1);
        assertEquals("--model softmax: the target 'y' must hold class labels with at least 2 classes, found numbers",
                assertThrows(DataException.class, () -> SoftmaxRegression.of(numeric, true)).getMessage());
        Dataset one = new Dataset(new double[] {1, 2}, new double[] {0, 0}, List.of("x"), "y", "t", null, List.of("a"));
        assertTrue(assertThrows(DataException.class, () -> SoftmaxRegression.of(one, true)).getMessage()
                .endsWith("found 1 class (a)"));
        Dataset bad = new Dataset(new double[] {1, 2}, new double[] {0, 2}, List.of("x"), "y", "t", null,
                List.of("a", "b"));
        assertEquals("t: data row 2: --model softmax: the target 'y' must hold class indices 0..1, found 2",
                assertThrows(DataException.class, () -> SoftmaxRegression.of(bad, true)).getMessage());
    }
}
