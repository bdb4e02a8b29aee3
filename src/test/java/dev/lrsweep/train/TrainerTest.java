package dev.lrsweep.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.data.Dataset;
import dev.lrsweep.model.LinearRegression;
import dev.lrsweep.optim.GradientClipping;
import dev.lrsweep.optim.OptimizerSpec;
import dev.lrsweep.schedule.Schedule;
import dev.lrsweep.schedule.ScheduleSpec;
import dev.lrsweep.spec.Compat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The loop's mechanics against hand computation on tiny problems. */
class TrainerTest {
    /** The reference experiment's data: apples, mandarins, price. */
    static final Dataset APPLES = new Dataset(new double[] {1, 3, 3, 1, 5, 7}, new double[] {190, 330, 660},
            List.of("x1", "x2"), "y", "apples", null);

    /** y = 0 everywhere: at θ = 0 the loss and gradient are exactly 0, so every epoch is a plateau. */
    static final Dataset FLAT = new Dataset(new double[] {1, 2, 3, 4}, new double[] {0, 0, 0, 0}, List.of("x"), "y",
            "flat", null);

    static TrainConfig config(int steps, String plateau, String stopping, Compat compat) {
        return new TrainConfig(steps, 0, false, 1, GradientClipping.none(), null, plateau, stopping, compat);
    }

    static TrainRun run(Dataset d, String optimizer, Schedule s, TrainConfig c) {
        OptimizerSpec o = OptimizerSpec.parse(optimizer);
        return new Trainer(LinearRegression.of(d, false), d, null, c).run(n -> o.create(n, c.compat()), s,
                o.hasMomentum(), 0);
    }

    /** One hand step of GD on the apples: grad = (2/3) Xᵀ(Xθ − y). */
    static double[] gdStep(double[] t, double lr) {
        double[][] x = {{1, 3}, {3, 1}, {5, 7}};
        double[] y = {190, 330, 660};
        double g0 = 0;
        double g1 = 0;
        for (int i = 0; i < 3; i++) {
            double r = t[0] * x[i][0] + t[1] * x[i][1] - y[i];
            g0 += 2.0 / 3 * r * x[i][0];
            g1 += 2.0 / 3 * r * x[i][1];
        }
        return new double[] {t[0] - lr * g0, t[1] - lr * g1};
    }

    @Test
    void anEpochsLossIsItsBatchLossesMeanWeightedByBatchSize() {
        // θ stays 0 (rate 0), so each batch loss is the mean of y² over its rows. Batches of 3 and
        // 1 rows: (1+0+25)/3 and 4/1. Weighted by rows (Keras) the epoch loss is 30/4 = 7.5, the
        // loss over all rows; the plain mean of the two batches would be 19/3.
        Dataset d = new Dataset(new double[] {1, 2, 3, 4}, new double[] {1, 0, 5, -2}, List.of("x"), "y", "d", null);
        TrainConfig c = new TrainConfig(4, 3, false, 1, GradientClipping.none(), null, null, null, Compat.KERAS);
        TrainRun r = run(d, "sgd", Schedule.constant(0.0), c);
        assertEquals(2, r.stepsPerEpoch());
        assertTrue(r.miniBatch());
        assertEquals(2, r.epochLosses().length);
        assertEquals(7.5, r.epochLosses()[0], 1e-12);
        assertEquals(7.5, r.epochLosses()[1], 1e-12);
        assertEquals(4.0, r.losses()[1], 0); // the one-row batch's loss
        // judged on the epoch and whole-data losses, the lucky batch (4.0) is not the best loss
        assertEquals(7.5, Convergence.bestLoss(r), 1e-12);
        assertEquals(1, Convergence.bestStep(r));
    }

    @Test
    void withFullBatchesEarlyStoppingWatchesTheStepLossItself() {
        // each full-batch epoch is one step: the value watched is that step's loss, bit for bit. A
        // weighted mean computed as loss·n/n would round v to another double (one time in six for n = 3).
        double v = 100.0;
        while (v * 3 / 3 == v) v = Math.nextUp(v);
        TrainConfig c = config(10, null, "patience=1", Compat.KERAS);
        OptimizerSpec o = OptimizerSpec.parse("sgd");
        TrialLoop loop = new TrialLoop(LinearRegression.of(APPLES, false), APPLES, null, c, n -> o.create(n, c.compat()),
                Schedule.constant(0.0), false, new double[2], 1, System.nanoTime());
        assertTrue(loop.step(1, 0, true, 3, v, Double.NaN));
        assertFalse(loop.step(2, 1, true, 3, v + 1, Double.NaN), "no improvement with patience 1: stopped");
        assertTrue(loop.awaitingFinalLoss());
        Event stop = null;
        loop.complete(v, Double.NaN);
        for (Event e : loop.result().events()) {
            if (e.kind().equals("stopped_early")) stop = e;
        }
        assertEquals(Double.doubleToLongBits(v), Double.doubleToLongBits(stop.values().get("best")));
    }

    @Test
    void aTrialStoppedEarlyBetweenLoggedStepsStillHasItsLastRow() {
        // logging every 5 steps; the trial stops at step 4 (the loss rises from the start)
        TrainConfig c = new TrainConfig(100, 0, false, 5, GradientClipping.none(), null, null, "patience=3", Compat.KERAS);
        TrainRun r = run(APPLES, "sgd", Schedule.constant(0.035), c);
        assertTrue(r.stoppedEarly());
        assertEquals(4, r.updates());
        LoggedStep last = r.logged().get(r.logged().size() - 1);
        assertEquals(4, last.step());
        assertEquals(r.losses()[3], last.loss(), 0);
        assertEquals(0.035, last.lr(), 0);
    }

    @Test
    void aRunKeepingOnlyNormsLogsTheNormsOfTheHandSteps() {
        // three GD steps by hand from θ = 0; each logged step keeps no copy, only |θ| after it
        TrainConfig c = config(3, null, null, Compat.KERAS).keepingParams(false);
        TrainRun r = run(APPLES, "sgd", Schedule.constant(0.01), c);
        double[] t = {0, 0};
        assertEquals(3, r.logged().size());
        for (int k = 0; k < 3; k++) {
            t = gdStep(t, 0.01);
            LoggedStep s = r.logged().get(k);
            assertEquals(null, s.params());
            assertEquals(Math.hypot(t[0], t[1]), s.paramNorm(), 1e-12 * Math.hypot(t[0], t[1]));
        }
        // and the same run keeping them logs the same norms and the copies they came from
        TrainRun kept = run(APPLES, "sgd", Schedule.constant(0.01), config(3, null, null, Compat.KERAS));
        for (int k = 0; k < 3; k++) {
            assertEquals(kept.logged().get(k).paramNorm(), r.logged().get(k).paramNorm(), 0);
            assertEquals(LoggedStep.norm(kept.logged().get(k).params()), kept.logged().get(k).paramNorm(), 0);
        }
        assertArrayEquals(kept.finalParams(), r.finalParams(), 0);
    }

    @Test
    void aFullBatchRunHasNoEpochMeans() {
        TrainRun r = run(APPLES, "sgd", Schedule.constant(0.01), config(3, null, null, Compat.KERAS));
        assertFalse(r.miniBatch());
        assertEquals(0, r.epochLosses().length);
    }

    @Test
    void exponentialScheduleUsesStepZeroForTheFirstUpdate() {
        // ×0.9 every step: updates use 0.02, 0.018, 0.0162
        TrainRun r = run(APPLES, "sgd", ScheduleSpec.parse("exponential(decay_steps=1,decay_rate=0.9)").at(0.02),
                config(3, null, null, Compat.KERAS));
        double[] t = {0, 0};
        for (int k = 0; k < 3; k++) t = gdStep(t, 0.02 * Math.pow(0.9, k));
        assertArrayEquals(t, r.finalParams(), 1e-12);
        assertEquals(0.02 * 0.81, r.logged().get(2).lr(), 1e-15);
    }

    @Test
    void kerasPlateauReducesOnThePatienceThBadEpoch() {
        // epoch 0 sets best; epochs 1 and 2 are bad; Keras reduces when wait >= 2, at epoch 2 = step 3
        TrainRun r = run(FLAT, "sgd", Schedule.constant(0.1), config(6, "factor=0.5,patience=2", null, Compat.KERAS));
        List<Event> ev = r.events();
        assertEquals("lr_reduced", ev.get(0).kind());
        assertEquals(3, ev.get(0).step());
        assertEquals(0.1, ev.get(0).values().get("old_lr"), 0);
        assertEquals(0.05, ev.get(0).values().get("new_lr"), 0);
        assertEquals(0.05, r.logged().get(3).lr(), 0); // step 4 runs at the reduced rate
        assertEquals(5, ev.get(1).step()); // wait resets; epochs 3, 4 bad -> again at epoch 4
    }

    @Test
    void torchPlateauNeedsOneMoreBadEpoch() {
        // PyTorch: num_bad > patience, so the third bad epoch (epoch 3 = step 4)
        TrainRun r = run(FLAT, "sgd", Schedule.constant(0.1), config(6, "factor=0.5,patience=2", null, Compat.TORCH));
        assertEquals(4, r.events().get(0).step());
    }

    @Test
    void kerasEarlyStoppingOnAFlatLoss() {
        // wait: epoch0 improvement -> 0; epochs 1,2,3 -> 1,2,3; stops at epoch 3 (step 4) with patience 3
        TrainRun r = run(FLAT, "sgd", Schedule.constant(0.1), config(100, null, "patience=3", Compat.KERAS));
        assertTrue(r.stoppedEarly());
        assertEquals(4, r.updates());
        assertEquals("stopped_early", r.events().get(0).kind());
        // the values count epochs from 0 (Keras's callback argument), the message from 1, as Keras
        // prints "Epoch 4: early stopping"; the best epoch is epoch 0, the first
        assertEquals(3.0, ((Number) r.events().get(0).values().get("epoch")).doubleValue());
        assertEquals(0.0, ((Number) r.events().get(0).values().get("best_epoch")).doubleValue());
        assertTrue(r.events().get(0).message().startsWith("epoch 4: stopped early (best epoch 1,"),
                r.events().get(0).message());
        assertEquals(Status.STOPPED_EARLY, Convergence.status(r, 0, 1e-4));
    }

    @Test
    void restoreBestPutsBackTheBestEpochsParameters() {
        // lr 0.04 diverges on the apples: the loss rises after the first epochs, so the best epoch is early
        TrainRun r = run(APPLES, "sgd", Schedule.constant(0.04),
                config(50, null, "patience=5,restore_best=true", Compat.KERAS));
        assertTrue(r.stoppedEarly());
        int best = (int) (double) r.events().get(1).values().get("epoch");
        double[] t = {0, 0};
        for (int k = 0; k <= best; k++) t = gdStep(t, 0.04);
        assertArrayEquals(t, r.finalParams(), 1e-9);
        assertEquals("best_restored", r.events().get(1).kind());
    }

    @Test
    void clippingIsCountedAndBoundsTheStep() {
        // with clip_norm 1 every apples gradient (norm > 1000) is rescaled to norm 1
        TrainConfig c = new TrainConfig(3, 0, false, 1, GradientClipping.clipNorm(1.0), null, null, null, Compat.KERAS);
        TrainRun r = run(APPLES, "sgd", Schedule.constant(0.5), c);
        Event e = r.events().get(0);
        assertEquals("gradient_clipped", e.kind());
        assertEquals(3.0, e.values().get("count"));
        double norm = Math.hypot(r.finalParams()[0], r.finalParams()[1]);
        assertTrue(norm <= 1.5 + 1e-12, "three steps of length 0.5 at most: " + norm);
    }

    @Test
    void momentumMatchesHandRecurrence() {
        // Keras SGD momentum 0.9: m = 0.9 m - lr g; θ += m
        TrainRun r = run(APPLES, "sgd(momentum=0.9)", Schedule.constant(0.01), config(3, null, null, Compat.KERAS));
        double[] t = {0, 0};
        double[] m = {0, 0};
        for (int k = 0; k < 3; k++) {
            double[] stepped = gdStep(t, 1.0); // t - g
            double[] g = {t[0] - stepped[0], t[1] - stepped[1]};
            for (int j = 0; j < 2; j++) {
                m[j] = 0.9 * m[j] - 0.01 * g[j];
                t[j] += m[j];
            }
        }
        assertArrayEquals(t, r.finalParams(), 1e-9);
    }

    @Test
    void layerMultiplierScalesTheRate() {
        TrainConfig half = new TrainConfig(10, 0, false, 10, GradientClipping.none(), new double[] {0.5}, null, null,
                Compat.KERAS);
        TrainRun a = run(APPLES, "sgd", Schedule.constant(0.04), half);
        TrainRun b = run(APPLES, "sgd", Schedule.constant(0.02), config(10, null, null, Compat.KERAS));
        assertArrayEquals(b.finalParams(), a.finalParams(), 0);
    }

    @Test
    void miniBatchesCoverEveryRowOncePerEpochInASeededOrder() {
        // y = x exactly, one feature: each batch's gradient depends on which rows it holds
        double[] x = {1, 2, 3, 4, 5, 6, 7};
        Dataset d = new Dataset(x, x.clone(), List.of("x"), "y", "line", null);
        TrainConfig c = new TrainConfig(6, 3, true, 1, GradientClipping.none(), null, null, null, Compat.KERAS);
        OptimizerSpec o = OptimizerSpec.parse("sgd");
        TrainRun r1 = new Trainer(LinearRegression.of(d, false), d, null, c).run(n -> o.create(n, Compat.KERAS),
                Schedule.constant(0.001), false, 42);
        TrainRun r2 = new Trainer(LinearRegression.of(d, false), d, null, c).run(n -> o.create(n, Compat.KERAS),
                Schedule.constant(0.001), false, 42);
        assertArrayEquals(r1.finalParams(), r2.finalParams(), 0);
        assertArrayEquals(r1.losses(), r2.losses(), 0);
        // 7 rows, batches of 3: epochs of 3 steps (3 + 3 + 1 rows)
        assertEquals(0, r1.logged().get(2).epoch());
        assertEquals(1, r1.logged().get(3).epoch());
        // with lr 0, θ stays 0 and a batch's loss is the mean of y² over its rows; the rows of an
        // epoch partition {1..7}, so each epoch's batch losses weighted by size sum to Σy² = 140
        TrainRun still = new Trainer(LinearRegression.of(d, false), d, null, c).run(n -> o.create(n, Compat.KERAS),
                Schedule.constant(0), false, 42);
        double[] l = still.losses();
        assertEquals(140, 3 * l[0] + 3 * l[1] + 1 * l[2], 1e-9);
        assertEquals(140, 3 * l[3] + 3 * l[4] + 1 * l[5], 1e-9);
        // and the order is shuffled, not the file's: file order would give (1+4+9)/3 first
        assertFalse(l[0] == 14.0 / 3 && l[3] == 14.0 / 3);
        TrainRun other = new Trainer(LinearRegression.of(d, false), d, null, c).run(n -> o.create(n, Compat.KERAS),
                Schedule.constant(0), false, 7);
        assertFalse(java.util.Arrays.equals(l, other.losses()), "another seed, another order");
    }
}
