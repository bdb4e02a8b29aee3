package dev.lrsweep.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.data.Dataset;
import dev.lrsweep.optim.OptimizerSpec;
import dev.lrsweep.schedule.Schedule;
import dev.lrsweep.spec.Compat;
import dev.lrsweep.train.TrainConfig;
import dev.lrsweep.train.TrainRun;
import dev.lrsweep.train.Trainer;
import java.math.BigDecimal;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The Gram route against the row route it replaces, and its fallback when the expansion cancels. */
class GramLinearTest {

    /** G, c and yᵀy against exact sums (BigDecimal), to a few units of rounding. */
    @Test
    void statisticsAreTheExactSumsToRounding() {
        Dataset d = TestData.regression(9_000, 3, 1); // three blocks, three parts
        Gram g = Gram.of(d, true, 1);
        int p = 4;
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < p; b++) {
                BigDecimal exact = BigDecimal.ZERO;
                double magnitude = 0;
                for (int i = 0; i < d.rows(); i++) {
                    double xa = a < 3 ? d.x(i, a) : 1.0;
                    double xb = b < 3 ? d.x(i, b) : 1.0;
                    exact = exact.add(new BigDecimal(xa).multiply(new BigDecimal(xb)));
                    magnitude += Math.abs(xa * xb);
                }
                assertEquals(exact.doubleValue(), g.g(a, b), 1e-14 * magnitude, "G[" + a + "][" + b + "]");
            }
            BigDecimal exact = BigDecimal.ZERO;
            double magnitude = 0;
            for (int i = 0; i < d.rows(); i++) {
                double xa = a < 3 ? d.x(i, a) : 1.0;
                exact = exact.add(new BigDecimal(xa).multiply(new BigDecimal(d.y(i))));
                magnitude += Math.abs(xa * d.y(i));
            }
            assertEquals(exact.doubleValue(), g.c(a), 1e-14 * magnitude, "c[" + a + "]");
        }
        assertEquals(d.rows(), g.g(3, 3), 0.0, "the intercept's diagonal counts the rows exactly");
        BigDecimal yy = BigDecimal.ZERO;
        for (int i = 0; i < d.rows(); i++) yy = yy.add(new BigDecimal(d.y(i)).pow(2));
        assertEquals(yy.doubleValue(), g.yy(), 1e-14 * g.yy());
    }

    @Test
    void sameBitsForAnyThreadCount() {
        Dataset d = TestData.regression(100_003, 4, 2);
        Gram one = Gram.of(d, true, 1);
        for (int threads : new int[] {2, 3, 8, 64}) {
            Gram many = Gram.of(d, true, threads);
            for (int a = 0; a < 5; a++) {
                for (int b = 0; b < 5; b++) assertEquals(one.g(a, b), many.g(a, b), 0.0, threads + " threads");
                assertEquals(one.c(a), many.c(a), 0.0);
            }
            assertEquals(one.yy(), many.yy(), 0.0);
        }
    }

    @Test
    void lossAndGradientAgreeWithTheRowRouteAtRandomPoints() {
        Dataset d = TestData.regression(5_000, 6, 3);
        for (boolean intercept : new boolean[] {true, false}) {
            for (double l2 : new double[] {0.0, 0.1}) {
                LinearRegression rows = LinearRegression.of(d, intercept, l2);
                GramLinear gram = GramLinear.of(rows, Gram.of(d, intercept, 2));
                int p = rows.paramCount();
                for (int s = 0; s < 20; s++) {
                    double[] theta = TestData.randomParams(p, 1 + s, 40 + s);
                    double[] gRows = new double[p];
                    double[] gGram = new double[p];
                    double lRows = rows.lossAndGradient(d, theta, gRows);
                    double lGram = gram.lossAndGradient(d, theta, gGram);
                    assertEquals(lRows, lGram, 1e-10 * lRows);
                    assertEquals(lRows, gram.loss(d, theta), 1e-10 * lRows);
                    double largest = 0;
                    for (double v : gRows) largest = Math.max(largest, Math.abs(v));
                    for (int j = 0; j < p; j++) assertEquals(gRows[j], gGram[j], 1e-10 * largest, "grad " + j);
                }
                assertEquals(0, gram.rowPasses(), "no point here is near a fit");
            }
        }
    }

    /** 100 steps of plain and adaptive descent from the same start: same trajectory to 1e-10. */
    @Test
    void trajectoriesAgreeOver100Steps() {
        Dataset d = TestData.regression(20_000, 5, 4);
        for (String optimizer : List.of("sgd", "sgd(momentum=0.9)", "adam")) {
            double lr = optimizer.equals("adam") ? 0.05 : 0.02;
            LinearRegression rows = LinearRegression.of(d, true, 0.01);
            GramLinear gram = GramLinear.of(LinearRegression.of(d, true, 0.01), Gram.of(d, true, 2));
            TrainRun a = train(rows, d, optimizer, lr, 100);
            TrainRun b = train(gram, d, optimizer, lr, 100);
            assertEquals(a.losses().length, b.losses().length);
            for (int k = 0; k < a.losses().length; k++) {
                assertEquals(a.losses()[k], b.losses()[k], 1e-10 * a.losses()[k], optimizer + " loss " + k);
            }
            for (int j = 0; j < a.finalParams().length; j++) {
                double v = a.finalParams()[j];
                assertEquals(v, b.finalParams()[j], 1e-10 * Math.max(1, Math.abs(v)), optimizer + " param " + j);
            }
            assertEquals(0, gram.rowPasses());
        }
    }

    /**
     * y = 2·x1 − 3·x2 + 1 exactly (small integers, so every value and the fit are exact): at the
     * fit the loss is 0, which the expanded form cannot see through its cancellation, so the guard
     * sends those steps to a row pass; the trajectory still follows the row route's.
     */
    @Test
    void fallsBackToRowPassesWhenTheLossIsTinyNextToTheTargetsEnergy() {
        Dataset d = exactFit(4_000);
        LinearRegression rows = LinearRegression.of(d, true);
        GramLinear gram = GramLinear.of(rows, Gram.of(d, true, 2));
        double[] fit = {2, -3, 1};

        double[] gr = new double[3];
        double[] gg = new double[3];
        assertEquals(0.0, rows.lossAndGradient(d, fit, gr), 0.0);
        assertEquals(0, gram.rowPasses());
        assertEquals(0.0, gram.lossAndGradient(d, fit, gg), 0.0);
        assertEquals(1, gram.rowPasses(), "the guard must trip at the exact fit");
        for (int j = 0; j < 3; j++) assertEquals(gr[j], gg[j], 0.0);

        // the expansion itself is of no use there: its three terms cancel to rounding noise
        Gram s = Gram.of(d, true, 1);
        double quad = 0;
        double lin = 0;
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) quad += fit[a] * s.g(a, b) * fit[b];
            lin += fit[a] * s.c(a);
        }
        double expanded = (quad - 2 * lin + s.yy()) / d.rows();
        double energy = s.yy() / d.rows();
        assertTrue(Math.abs(expanded) < 1e-6 * energy, "expanded " + expanded + " is cancellation noise");

        // near the fit (loss ~1e-18 of yᵀy/n) the fallback gives the row route's bits
        double[] near = {2 + 1e-9, -3 - 2e-9, 1 + 1e-9};
        long before = gram.rowPasses();
        assertEquals(rows.loss(d, near), gram.loss(d, near), 0.0);
        assertEquals(before + 1, gram.rowPasses());

        // far from it the statistics serve
        double[] zero = new double[3];
        assertEquals(rows.loss(d, zero), gram.loss(d, zero), 1e-12 * rows.loss(d, zero));
        assertEquals(before + 1, gram.rowPasses());

        // training into the fit: the late steps fall back, and both routes land on it
        TrainRun a = train(rows, d, "sgd", 0.05, 400);
        GramLinear fresh = GramLinear.of(LinearRegression.of(d, true), Gram.of(d, true, 2));
        TrainRun b = train(fresh, d, "sgd", 0.05, 400);
        assertTrue(fresh.rowPasses() > 0, "some late steps must have fallen back");
        assertTrue(fresh.rowPasses() < 400, "the early steps must come from the statistics");
        assertTrue(a.finalLoss() < 1e-20 && b.finalLoss() < 1e-20, a.finalLoss() + " / " + b.finalLoss());
        for (int j = 0; j < 3; j++) assertEquals(fit[j], b.finalParams()[j], 1e-10);
        // above the guard the expansion's error is a few ulps of the energy: at the guard that is
        // about 1e-10 of the loss, so allow 64 ulps of the energy besides 1e-10 relative
        for (int k = 0; k < a.losses().length; k++) {
            double la = a.losses()[k];
            if (la > 1e-6 * energy) {
                assertEquals(la, b.losses()[k], 1e-10 * la + 64 * Math.ulp(energy), "loss " + k);
            }
        }
    }

    @Test
    void manyGivesEachVectorWhatOneAtATimeGives() {
        Dataset d = exactFit(3_000);
        GramLinear gram = GramLinear.of(LinearRegression.of(d, true, 0.02), Gram.of(d, true, 1));
        double[][] params = new double[7][];
        for (int t = 0; t < 7; t++) params[t] = TestData.randomParams(3, 2, t);
        params[2] = new double[] {2, -3, 1}; // falls back
        params[5] = new double[] {2, -3 + 1e-10, 1}; // falls back
        double[][] grads = new double[7][3];
        double[] losses = new double[7];
        gram.lossAndGradientMany(d, null, 0, d.rows(), params, grads, losses, 7);
        assertEquals(2, gram.rowPasses());
        GramLinear single = GramLinear.of(LinearRegression.of(d, true, 0.02), Gram.of(d, true, 1));
        for (int t = 0; t < 7; t++) {
            double[] g = new double[3];
            assertEquals(single.lossAndGradient(d, params[t], g), losses[t], 0.0, "loss " + t);
            for (int j = 0; j < 3; j++) assertEquals(g[j], grads[t][j], 0.0, "grad " + t + "," + j);
        }
    }

    /** Mini-batches and other datasets (validation rows) are the row route's, bit for bit. */
    @Test
    void anyOtherBatchTakesTheRowRoute() {
        Dataset d = TestData.regression(500, 3, 5);
        Dataset other = TestData.regression(500, 3, 6);
        LinearRegression rows = LinearRegression.of(d, true);
        GramLinear gram = GramLinear.of(rows, Gram.of(d, true, 1));
        double[] theta = TestData.randomParams(4, 1, 1);
        int[] order = new int[500];
        for (int i = 0; i < 500; i++) order[i] = 499 - i;
        double[] g1 = new double[4];
        double[] g2 = new double[4];
        assertEquals(rows.lossAndGradient(d, null, 10, 60, theta, g1), gram.lossAndGradient(d, null, 10, 60, theta, g2), 0.0);
        assertEquals(rows.lossAndGradient(d, order, 0, 500, theta, g1), gram.lossAndGradient(d, order, 0, 500, theta, g2), 0.0);
        assertEquals(rows.loss(other, theta), gram.loss(other, theta), 0.0);
        for (int j = 0; j < 4; j++) assertEquals(g1[j], g2[j], 0.0);
        assertEquals(0, gram.rowPasses());
    }

    @Test
    void statisticsMustFitTheModel() {
        Dataset d = TestData.regression(100, 3, 7);
        assertThrows(IllegalArgumentException.class, () -> GramLinear.of(LinearRegression.of(d, false), Gram.of(d, true, 1)));
        assertInstanceOf(LinearRegression.class, GramLinear.of(LinearRegression.of(d, true), Gram.of(d, true, 1)).rowModel());
    }

    private static Dataset exactFit(int n) {
        SplittableRandom rng = new SplittableRandom(12);
        double[] x = new double[2 * n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = rng.nextInt(-3, 4);
            x[2 * i + 1] = rng.nextInt(-3, 4);
            y[i] = 2 * x[2 * i] - 3 * x[2 * i + 1] + 1;
        }
        return new Dataset(x, y, TestData.featureNames(2), "y", "exact", null);
    }

    private static TrainRun train(Model model, Dataset d, String optimizer, double lr, int steps) {
        OptimizerSpec o = OptimizerSpec.parse(optimizer);
        return new Trainer(model, d, null, TrainConfig.fullBatch(steps, 10))
                .run(n -> o.create(n, Compat.KERAS), Schedule.constant(lr), false, 0L);
    }
}
