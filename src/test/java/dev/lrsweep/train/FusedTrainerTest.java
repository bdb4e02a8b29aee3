package dev.lrsweep.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.data.Dataset;
import dev.lrsweep.model.Activation;
import dev.lrsweep.model.Gram;
import dev.lrsweep.model.GramLinear;
import dev.lrsweep.model.LinearRegression;
import dev.lrsweep.model.LogisticRegression;
import dev.lrsweep.model.Mlp;
import dev.lrsweep.model.Model;
import dev.lrsweep.optim.GradientClipping;
import dev.lrsweep.optim.OptimizerSpec;
import dev.lrsweep.schedule.ScheduleSpec;
import dev.lrsweep.spec.Compat;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A group trained in lockstep gives every trial exactly (bit for bit) the run it gets alone, with
 * each trial's own optimizer, schedule, clipping, logging and callbacks, and trials leaving the
 * group as they diverge or stop early.
 */
class FusedTrainerTest {
    /** A trial of a group: optimizer spec, schedule spec and swept rate. */
    record Spec(String optimizer, String schedule, double lr) {
        FusedTrainer.Member member(Compat compat) {
            OptimizerSpec o = OptimizerSpec.parse(optimizer);
            return new FusedTrainer.Member(n -> o.create(n, compat), ScheduleSpec.parse(schedule).at(lr), o.hasMomentum());
        }
    }

    private static final List<Spec> MIXED = List.of(
            new Spec("sgd", "constant", 0.01),
            new Spec("sgd", "constant", 0.3),
            new Spec("sgd", "constant", 5.0), // diverges within a few steps
            new Spec("sgd(momentum=0.9)", "exponential(decay_steps=5,decay_rate=0.8)", 0.05),
            new Spec("adam", "constant", 0.05),
            new Spec("rmsprop", "cosine(decay_steps=40)", 0.01),
            new Spec("sgd(momentum=0.9)", "cyclic(max=0.1,step_size_up=5)", 0.01),
            new Spec("adagrad", "constant", 0.5),
            new Spec("adam(amsgrad=true)", "warmup(steps=5)", 0.02));

    @Test
    void linearFullBatchGroupMatchesEachTrialAlone() {
        Dataset d = regression(400, 3, 1);
        TrainConfig c = config(60, 0, false, 7, GradientClipping.none(), null, null);
        assertGroupMatchesAlone(() -> LinearRegression.of(d, true), d, null, c, MIXED, 3);
    }

    @Test
    void gramRouteGroupMatchesEachTrialAlone() {
        Dataset d = regression(400, 3, 2);
        Gram g = Gram.of(d, true, 1);
        TrainConfig c = config(60, 0, false, 7, GradientClipping.clipNorm(50), "factor=0.5,patience=2", null);
        assertGroupMatchesAlone(() -> GramLinear.of(LinearRegression.of(d, true, 0.01), g), d, null, c, MIXED, 3);
    }

    @Test
    void linearShuffledMiniBatchesWithValidationPlateauAndEarlyStopping() {
        Dataset d = regression(300, 4, 3);
        Dataset val = regression(80, 4, 4);
        TrainConfig c = config(10 * 10, 32, true, 9, GradientClipping.clipValue(2.0), "factor=0.5,patience=1",
                "patience=2,restore_best=true");
        assertGroupMatchesAlone(() -> LinearRegression.of(d, false), d, val, c, MIXED, 5);
    }

    @Test
    void logisticMiniBatchesWithEarlyStoppingOnTheTrainingLoss() {
        Dataset d = binary(350, 5);
        TrainConfig c = config(8 * 11, 32, true, 10, GradientClipping.none(), null, "patience=1,min_delta=0.001");
        assertGroupMatchesAlone(() -> LogisticRegression.of(d, true, 0.001), d, null, c, MIXED, 9);
    }

    @Test
    void logisticFullBatchWithValidation() {
        Dataset d = binary(200, 6);
        Dataset val = binary(60, 7);
        TrainConfig c = config(40, 0, false, 5, GradientClipping.clipNorm(1.0, Compat.TORCH), null, null);
        assertGroupMatchesAlone(() -> LogisticRegression.of(d, false), d, val, c, MIXED, 11);
    }

    @Test
    void networksThroughTheDefaultLoopWithLayerRates() {
        Dataset d = regression(120, 3, 8);
        TrainConfig c = new TrainConfig(30, 16, true, 6, GradientClipping.none(), new double[] {1.0, 0.5}, null, null,
                Compat.KERAS);
        assertGroupMatchesAlone(() -> Mlp.of(d, 5, 1, Activation.RELU, 0.001), d, null, c, MIXED.subList(0, 5), 13);
    }

    @Test
    void trialsLeaveTheGroupAsTheyEndAndAreReportedThen() {
        Dataset d = regression(200, 3, 9);
        TrainConfig c = config(50, 0, false, 10, GradientClipping.none(), null, null);
        List<Spec> specs = List.of(new Spec("sgd", "constant", 0.01), new Spec("sgd", "constant", 1e5),
                new Spec("sgd", "constant", 0.02));
        List<Integer> order = new ArrayList<>();
        List<TrainRun> runs = new FusedTrainer(LinearRegression.of(d, true), d, null, c)
                .run(members(specs, Compat.KERAS), 1, () -> false, (i, r) -> order.add(i));
        assertEquals(List.of(1, 0, 2), order, "the diverging trial leaves first; the rest in member order");
        assertTrue(runs.get(1).nonFinite());
        assertTrue(runs.get(1).updates() < 50);
        assertEquals(50, runs.get(0).updates());
    }

    @Test
    void cancellationInterruptsEveryTrialStillRunningAtTheSameStep() {
        Dataset d = regression(200, 3, 10);
        TrainConfig c = config(50, 20, true, 10, GradientClipping.none(), null, null);
        List<Spec> specs = List.of(new Spec("sgd", "constant", 0.01), new Spec("adam", "constant", 0.05),
                new Spec("sgd", "constant", 0.02));
        int[] calls = {0};
        List<TrainRun> runs = new FusedTrainer(LinearRegression.of(d, true), d, null, c)
                .run(members(specs, Compat.KERAS), 3, () -> ++calls[0] > 17, (i, r) -> { });
        for (int t = 0; t < 3; t++) {
            int[] alone = {0};
            FusedTrainer.Member m = specs.get(t).member(Compat.KERAS);
            TrainRun a = new Trainer(LinearRegression.of(d, true), d, null, c)
                    .run(m.optimizers(), m.schedule(), m.cycleMomentum(), 3, () -> ++alone[0] > 17);
            assertTrue(runs.get(t).interrupted());
            assertEquals(17, runs.get(t).updates());
            assertSameRun(a, runs.get(t), "trial " + t);
        }
    }

    private static void assertGroupMatchesAlone(Supplier<Model> models, Dataset d, Dataset val, TrainConfig c,
                                                List<Spec> specs, long seed) {
        for (Compat compat : Compat.values()) {
            List<TrainRun> group = new FusedTrainer(models.get(), d, val, c).run(members(specs, compat), seed,
                    () -> false, (i, r) -> { });
            assertEquals(specs.size(), group.size());
            for (int t = 0; t < specs.size(); t++) {
                FusedTrainer.Member m = specs.get(t).member(compat);
                TrainRun alone = new Trainer(models.get(), d, val, c).run(m.optimizers(), m.schedule(),
                        m.cycleMomentum(), seed);
                assertSameRun(alone, group.get(t), specs.get(t) + " " + compat);
                // the group measures its final losses together, in one pass: each is still exactly
                // the model's loss (and accuracy) over all training rows at that trial's final parameters
                TrainRun r = group.get(t);
                if (!r.nonFinite()) {
                    Model fresh = models.get();
                    assertBits(fresh.loss(d, r.finalParams()), r.finalLoss(), specs.get(t) + " final loss");
                    assertBits(fresh.accuracy(d, r.finalParams()), r.finalAccuracy(), specs.get(t) + " final accuracy");
                }
            }
            // and any split of the group gives the same runs
            List<TrainRun> tail = new FusedTrainer(models.get(), d, val, c)
                    .run(members(specs.subList(2, specs.size()), compat), seed, () -> false, (i, r) -> { });
            for (int t = 2; t < specs.size(); t++) assertSameRun(group.get(t), tail.get(t - 2), "split " + t);
        }
    }

    private static List<FusedTrainer.Member> members(List<Spec> specs, Compat compat) {
        List<FusedTrainer.Member> out = new ArrayList<>();
        for (Spec s : specs) out.add(s.member(compat));
        return out;
    }

    static void assertSameRun(TrainRun a, TrainRun b, String what) {
        assertArrayEquals(a.losses(), b.losses(), 0.0, what + " losses");
        assertBits(a.initialLoss(), b.initialLoss(), what + " initial loss");
        assertEquals(a.updates(), b.updates(), what + " updates");
        assertEquals(a.nonFinite(), b.nonFinite(), what + " nonFinite");
        assertEquals(a.stoppedEarly(), b.stoppedEarly(), what + " stoppedEarly");
        assertEquals(a.interrupted(), b.interrupted(), what + " interrupted");
        assertEquals(a.events(), b.events(), what + " events");
        assertEquals(a.logged().size(), b.logged().size(), what + " logged rows");
        for (int i = 0; i < a.logged().size(); i++) {
            LoggedStep x = a.logged().get(i);
            LoggedStep y = b.logged().get(i);
            String row = what + " logged " + i;
            assertEquals(x.step(), y.step(), row);
            assertEquals(x.epoch(), y.epoch(), row);
            assertBits(x.lr(), y.lr(), row + " lr");
            assertBits(x.loss(), y.loss(), row + " loss");
            assertBits(x.valLoss(), y.valLoss(), row + " val loss");
            assertBits(x.accuracy(), y.accuracy(), row + " accuracy");
            assertBits(x.valAccuracy(), y.valAccuracy(), row + " val accuracy");
            assertArrayEquals(x.params(), y.params(), 0.0, row + " params");
        }
        assertArrayEquals(a.finalParams(), b.finalParams(), 0.0, what + " final params");
        assertBits(a.finalValLoss(), b.finalValLoss(), what + " final val loss");
        assertBits(a.finalAccuracy(), b.finalAccuracy(), what + " final accuracy");
        assertBits(a.finalValAccuracy(), b.finalValAccuracy(), what + " final val accuracy");
    }

    private static void assertBits(double a, double b, String what) {
        assertEquals(Double.doubleToLongBits(a), Double.doubleToLongBits(b), what + ": " + a + " vs " + b);
    }

    private static TrainConfig config(int steps, int batch, boolean shuffle, int logEvery, GradientClipping clipping,
                                      String plateau, String stopping) {
        return new TrainConfig(steps, batch, shuffle, logEvery, clipping, null, plateau, stopping, Compat.KERAS);
    }

    static List<String> names(int k) {
        List<String> n = new ArrayList<>();
        for (int j = 0; j < k; j++) n.add("x" + (j + 1));
        return n;
    }

    /** y = Σ (j+1)·x_j + 0.3 + noise, features uniform in (−2, 2). */
    static Dataset regression(int n, int k, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[n * k];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0.3;
            for (int j = 0; j < k; j++) {
                x[i * k + j] = rng.nextDouble(-2, 2);
                s += (j + 1) * x[i * k + j];
            }
            y[i] = s + rng.nextDouble(-0.5, 0.5);
        }
        return new Dataset(x, y, names(k), "y", "test", null);
    }

    /** Two features, y = 1 when x1 − x2 plus logistic noise is positive. */
    static Dataset binary(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[2 * n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = rng.nextDouble(-2, 2);
            x[2 * i + 1] = rng.nextDouble(-2, 2);
            double u = rng.nextDouble(1e-9, 1 - 1e-9);
            y[i] = x[2 * i] - x[2 * i + 1] + Math.log(u / (1 - u)) > 0 ? 1 : 0;
        }
        return new Dataset(x, y, names(2), "y", "test", null);
    }
}
