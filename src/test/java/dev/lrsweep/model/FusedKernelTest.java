package dev.lrsweep.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.data.Dataset;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Model#lossAndGradientMany} must give every vector exactly the bits of
 * {@link Model#lossAndGradient}, whatever the number of vectors (full blocks of four and the
 * remainder), the batch (contiguous or permuted, full or partial) and the model's options.
 */
class FusedKernelTest {
    private static final int[] COUNTS = {1, 2, 3, 4, 5, 7, 8, 9, 16};

    @Test
    void linearManyIsBitForBitTheSingleVectorArithmetic() {
        Dataset d = TestData.regression(301, 5, 11);
        for (boolean intercept : new boolean[] {true, false}) {
            for (double l2 : new double[] {0.0, 0.05}) {
                assertManyMatchesSingle(LinearRegression.of(d, intercept, l2), d, 1.0);
            }
        }
    }

    @Test
    void logisticManyIsBitForBitTheSingleVectorArithmetic() {
        Dataset d = TestData.binary(257, 21, false);
        for (boolean intercept : new boolean[] {true, false}) {
            for (double l2 : new double[] {0.0, 0.05}) {
                // scale 40 reaches logits where exp underflows and σ saturates
                assertManyMatchesSingle(LogisticRegression.of(d, intercept, l2), d, 1.0);
                assertManyMatchesSingle(LogisticRegression.of(d, intercept, l2), d, 40.0);
            }
        }
    }

    @Test
    void theDefaultLoopServesEveryOtherModel() {
        Dataset labels = TestData.labelled(90, 3, 5);
        SoftmaxRegression softmax = SoftmaxRegression.of(labels, true, 0.01);
        assertManyMatchesSingle(softmax, labels, 0.5);
        assertFalse(softmax.fusesTrials());
        assertTrue(LinearRegression.of(TestData.regression(90, 3, 6), true).fusesTrials());
    }

    /**
     * Networks: blocks of 128 rows and a remainder (301 rows), the first layer's gradient held
     * input-major (more units than features) and unit-major (fewer), one and two hidden layers,
     * ReLU and tanh, regression and classification; scale 40 drives activations to overflow, where
     * the blocked pass hands vectors over to the per-row form.
     */
    @Test
    void mlpManyIsBitForBitTheSingleVectorArithmetic() {
        Dataset reg = TestData.regression(301, 5, 6);
        Dataset labels = TestData.labelled(301, 5, 7);
        for (Activation a : Activation.values()) {
            for (int hidden : new int[] {3, 24}) {
                for (int layers : new int[] {1, 2}) {
                    double l2 = layers == 2 ? 0.01 : 0.0;
                    Mlp r = Mlp.of(reg, hidden, layers, a, l2);
                    assertTrue(r.fusesTrials());
                    assertManyMatchesSingle(r, reg, 0.5);
                    assertManyMatchesSingle(Mlp.of(labels, hidden, layers, a, l2), labels, 0.5);
                }
            }
            assertManyMatchesSingle(Mlp.of(reg, 24, 2, a, 0.0), reg, 40.0);
        }
    }

    /** Non-finite parameters propagate per vector, without touching the others. */
    @Test
    void aDivergedVectorDoesNotSpillIntoItsNeighbours() {
        Dataset d = TestData.regression(50, 3, 2);
        LinearRegression m = LinearRegression.of(d, true);
        double[][] p = new double[5][];
        for (int t = 0; t < 5; t++) p[t] = TestData.randomParams(4, 1, t);
        p[1][2] = Double.NaN;
        p[3][0] = 1e300;
        double[][] g = new double[5][4];
        double[] l = new double[5];
        m.lossAndGradientMany(d, null, 0, d.rows(), p, g, l, 5);
        assertTrue(Double.isNaN(l[1]));
        assertTrue(Double.isInfinite(l[3]));
        for (int t : new int[] {0, 2, 4}) {
            double[] single = new double[4];
            assertBits(m.lossAndGradient(d, null, 0, d.rows(), p[t], single), l[t], "loss " + t);
            for (int j = 0; j < 4; j++) assertBits(single[j], g[t][j], "grad " + t + "," + j);
        }
    }

    /** Sharing exp(−|z|) between the loss and σ changes no bit of σ. */
    @Test
    void sigmoidFromTheSharedExpIsTheSigmoid() {
        SplittableRandom rng = new SplittableRandom(3);
        double[] special = {0.0, -0.0, 1e-300, -1e-300, 1, -1, 36.7, -36.7, 700, -700, 745.2, -745.2, 800, -800,
            Double.MAX_VALUE, -Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN};
        for (double z : special) assertBits(sigmoidAlone(z), LogisticRegression.sigmoid(z, Math.exp(-Math.abs(z))), "z=" + z);
        for (int i = 0; i < 100_000; i++) {
            double z = rng.nextDouble(-60, 60) * (i % 3 == 0 ? 1e-3 : 1);
            assertBits(sigmoidAlone(z), LogisticRegression.sigmoid(z, Math.exp(-Math.abs(z))), "z=" + z);
        }
    }

    /** σ as it was computed before the exp was shared: from exp of a non-positive number. */
    private static double sigmoidAlone(double z) {
        if (z >= 0) return 1.0 / (1.0 + Math.exp(-z));
        double e = Math.exp(z);
        return e / (1.0 + e);
    }

    private static void assertManyMatchesSingle(Model model, Dataset d, double scale) {
        int p = model.paramCount();
        int n = d.rows();
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = i;
        SplittableRandom rng = new SplittableRandom(9);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        record Batch(int[] rows, int from, int to) { }
        List<Batch> batches = List.of(new Batch(null, 0, n), new Batch(null, 7, n - 3), new Batch(perm, 0, n),
                new Batch(perm, 5, 37));
        for (int count : COUNTS) {
            double[][] params = new double[count][];
            double[][] grads = new double[count][];
            for (int t = 0; t < count; t++) {
                params[t] = TestData.randomParams(p, scale, 100 + t);
                grads[t] = new double[p];
                java.util.Arrays.fill(grads[t], 123.0); // stale values must not leak in
            }
            double[] losses = new double[count];
            for (Batch b : batches) {
                model.lossAndGradientMany(d, b.rows(), b.from(), b.to(), params, grads, losses, count);
                for (int t = 0; t < count; t++) {
                    double[] single = new double[p];
                    double loss = model.lossAndGradient(d, b.rows(), b.from(), b.to(), params[t], single);
                    String where = model.name() + " count " + count + " vector " + t + " batch " + b.from() + ".."
                            + b.to() + (b.rows() == null ? "" : " permuted");
                    assertBits(loss, losses[t], where + " loss");
                    for (int j = 0; j < p; j++) assertBits(single[j], grads[t][j], where + " grad " + j);
                }
            }
        }
    }

    private static void assertBits(double expected, double actual, String what) {
        assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(actual),
                what + ": expected " + expected + ", got " + actual);
    }
}
