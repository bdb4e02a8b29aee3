package dev.lrsweep.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.data.Dataset;
import dev.lrsweep.model.GramLinear;
import dev.lrsweep.model.LinearRegression;
import dev.lrsweep.model.ModelSpec;
import dev.lrsweep.optim.GradientClipping;
import dev.lrsweep.optim.OptimizerSpec;
import dev.lrsweep.schedule.ScheduleSpec;
import dev.lrsweep.spec.Compat;
import dev.lrsweep.train.TrainConfig;
import dev.lrsweep.train.TrainRun;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Sweeps through {@link SweepRunner}'s grouped overload: the same results as one trial at a time
 * for any number of jobs, deterministic grouping, resume, listener and cancellation.
 */
class GroupedSweepTest {
    private static final List<OptimizerSpec> OPTIMIZERS = List.of(OptimizerSpec.parse("sgd"),
            OptimizerSpec.parse("adam"));
    private static final List<ScheduleSpec> SCHEDULES = List.of(ScheduleSpec.parse("constant"),
            ScheduleSpec.parse("exponential(decay_steps=3,decay_rate=0.9)"));

    @Test
    void groupedSweepsEqualOneTrialAtATimeForAnyJobs() {
        for (String model : List.of("linear", "logistic", "mlp(hidden=3)")) {
            Dataset d = model.equals("logistic") ? binary(240, 3) : regression(240, 3, 4);
            Experiment e = experiment(model, d, 0, 24);
            List<Trial> trials = TrialList.cross(new double[] {0.001, 0.01, 0.1, 3.0}, OPTIMIZERS, SCHEDULES,
                    new int[] {0, 32}, new long[] {1, 2});
            SweepResult reference = SweepRunner.run(trials, 1, e::run, Double.NaN, 1e-3, false);
            for (int jobs : new int[] {1, 2, 3, 8}) {
                SweepResult grouped = SweepRunner.run(trials, jobs, e, Double.NaN, 1e-3, false);
                assertSameResult(reference, grouped, model + " jobs " + jobs);
            }
        }
    }

    @Test
    void trialsAreGroupedByBatchesStepsAndSeedInTrialOrderThenCutForTheJobs() {
        Experiment e = experiment("linear", regression(100, 2, 1), 0, 10);
        List<Trial> trials = TrialList.cross(new double[] {0.01, 0.02, 0.03}, OPTIMIZERS, List.of(SCHEDULES.get(0)),
                new int[] {0, 10}, new long[] {5, 6});
        // 2 optimizers × 2 batch sizes × 3 rates × 2 seeds = 24; 4 groups of 6 (batch × seed)
        List<List<Trial>> one = SweepRunner.pieces(trials, 1, e);
        assertEquals(4, one.size());
        for (List<Trial> g : one) {
            assertEquals(6, g.size());
            for (Trial t : g) assertEquals(e.groupKey(g.get(0)), e.groupKey(t));
            for (int i = 1; i < g.size(); i++) assertTrue(g.get(i - 1).id() < g.get(i).id());
        }
        assertEquals(List.of(0, 1, 6, 7), one.stream().map(g -> g.get(0).id()).toList());
        // jobs 8: at most ceil(24/8) = 3 trials a piece, so each group is cut in two
        List<List<Trial>> eight = SweepRunner.pieces(trials, 8, e);
        assertEquals(8, eight.size());
        for (List<Trial> p : eight) assertEquals(3, p.size());
        // networks group like the linear model
        Experiment mlp = experiment("mlp(hidden=2)", regression(100, 2, 1), 0, 10);
        assertEquals(4, SweepRunner.pieces(trials, 1, mlp).size());
        // models that share nothing run alone
        Dataset b = binary(100, 1);
        Dataset labels = new Dataset(b.xArray(), b.yArray(), b.featureNames(), "y", "t", null, List.of("no", "yes"));
        Experiment softmax = experiment("softmax", labels, 0, 10);
        assertNull(softmax.groupKey(trials.get(0)));
        assertEquals(24, SweepRunner.pieces(trials, 1, softmax).size());
    }

    /**
     * With at most k trials in training at a time the results are the same bits, and no moment has
     * more than k trials in training: a trainer that counts the trials of the groups in flight.
     */
    @Test
    void aCapOnTrialsAtOnceHoldsAndChangesNoResult() {
        Experiment e = experiment("mlp(hidden=3)", regression(120, 3, 5), 0, 12);
        List<Trial> trials = TrialList.cross(new double[] {0.001, 0.01, 0.1}, OPTIMIZERS, SCHEDULES,
                new int[] {0}, new long[] {1});
        SweepResult reference = SweepRunner.run(trials, 1, e::run, Double.NaN, 1e-3, false);
        for (int atOnce : new int[] {1, 2, 3, 5}) {
            for (int jobs : new int[] {1, 2, 4}) {
                AtomicInteger inFlight = new AtomicInteger();
                AtomicInteger most = new AtomicInteger();
                GroupTrainer counting = new GroupTrainer() {
                    @Override
                    public Object groupKey(Trial trial) {
                        return e.groupKey(trial);
                    }

                    @Override
                    public List<TrainRun> trainGroup(List<Trial> group, BooleanSupplier cancelled,
                                                     SweepRunner.Listener finished) {
                        most.accumulateAndGet(inFlight.addAndGet(group.size()), Math::max);
                        try {
                            // long enough that pieces on two threads overlap, as a rule (the assertion is a bound either way)
                            Thread.sleep(20);
                            return e.trainGroup(group, cancelled, finished);
                        } catch (InterruptedException ex) {
                            throw new IllegalStateException(ex);
                        } finally {
                            inFlight.addAndGet(-group.size());
                        }
                    }
                };
                SweepResult capped = SweepRunner.run(trials, jobs, atOnce, counting, () -> false, Double.NaN, 1e-3,
                        false, Map.of(), (t, r) -> { });
                String what = "atOnce " + atOnce + " jobs " + jobs;
                assertSameResult(reference, capped, what);
                assertTrue(most.get() <= atOnce, what + ": " + most.get() + " in training at once");
            }
        }
        // the note's test: a bound at or above what the plan holds anyway holds nothing back
        assertTrue(SweepRunner.holdsBack(trials, 2, e, 1));
        assertFalse(SweepRunner.holdsBack(trials, 1, e, trials.size()));
        assertThrows(IllegalArgumentException.class, () -> SweepRunner.run(trials, 1, 0, e, () -> false, Double.NaN,
                1e-3, false, Map.of(), (t, r) -> { }));
    }

    /** The bound (budget − Σ kept) / max(running − kept), worked by hand. */
    @Test
    void trialsAtOnceFollowsTheBytesTheTrainerStates() {
        List<Trial> five = TrialList.cross(new double[] {0.1, 0.2, 0.3, 0.4, 0.5}, List.of(OPTIMIZERS.get(0)),
                List.of(SCHEDULES.get(0)), new int[] {0}, new long[] {1});
        GroupTrainer sized = sized(t -> t.id() == 3 ? 190L : 100L, t -> 10L);
        // kept 5 × 10 = 50; the largest extra 190 − 10 = 180
        assertEquals(new SweepRunner.Footprint(50, 180, 190, 10), SweepRunner.Footprint.of(five, sized));
        assertEquals(230, SweepRunner.Footprint.of(five, sized).least());
        assertEquals(Long.MAX_VALUE, SweepRunner.Footprint.of(five, sized(t -> Long.MAX_VALUE / 2, t -> Long.MAX_VALUE / 4))
                .least());
        assertEquals(1, SweepRunner.trialsAtOnce(five, sized, 400));
        assertEquals(2, SweepRunner.trialsAtOnce(five, sized, 410));
        assertEquals(2, SweepRunner.trialsAtOnce(five, sized, 589));
        assertEquals(3, SweepRunner.trialsAtOnce(five, sized, 590));
        // too small even for one: still one (the sweep starts, and ends at the out-of-memory error)
        assertEquals(1, SweepRunner.trialsAtOnce(five, sized, 0));
        // a trainer that states no sizes sets no bound
        GroupTrainer unsized = sized(t -> 0L, t -> 0L);
        assertEquals(Integer.MAX_VALUE, SweepRunner.trialsAtOnce(five, unsized, 0));
        // an experiment, by hand: 16 parameters (3·3 + 3 + 3 + 1), a vector of 8·16 + 16 = 144 bytes;
        // 12 steps logged every 5: 12/5 + 2 = 4 logged steps; the history 8·(12 + 2) + 16 = 128 bytes
        // of losses and 80 a logged step, plus a parameter copy at each when they are shown
        Experiment shown = experiment("mlp(hidden=3)", regression(50, 3, 5), 0, 12);
        long history = 128 + 4 * (80 + 144);
        // sgd: parameters, gradient, its one vector, the final copy
        assertEquals(4 * 144 + history, shown.runningBytes(five.get(0)));
        assertEquals(144 + history, shown.keptBytes(five.get(0)));
        Experiment normOnly = shown.keepingParams(false);
        assertEquals(4 * 144 + 128 + 4 * 80, normOnly.runningBytes(five.get(0)));
        assertEquals(144 + 128 + 4 * 80, normOnly.keptBytes(five.get(0)));
        // adam with amsgrad holds three vectors (m, v, the maximum of v)
        Trial amsgrad = new Trial(0, 0.1, 1, OptimizerSpec.parse("adam(amsgrad=true)"), SCHEDULES.get(0), 0);
        assertEquals(6 * 144 + 128 + 4 * 80, normOnly.runningBytes(amsgrad));
        assertEquals(16, normOnly.paramCount());
    }

    @Test
    void resumedTrialsAreNotRunAgainAndTheListenerHearsEachNewOneOnce() {
        Experiment e = experiment("linear", regression(150, 3, 2), 0, 20);
        List<Trial> trials = TrialList.cross(new double[] {0.01, 0.02, 0.05, 0.1}, OPTIMIZERS, List.of(SCHEDULES.get(0)),
                new int[] {0}, new long[] {1});
        SweepResult full = SweepRunner.run(trials, 2, e, Double.NaN, 1e-3, false);
        Map<Integer, TrainRun> done = new HashMap<>();
        done.put(1, full.outcomes().get(1).run());
        done.put(6, full.outcomes().get(6).run());
        Map<Integer, Integer> heard = new ConcurrentHashMap<>();
        SweepResult resumed = SweepRunner.run(trials, 2, e, () -> false, Double.NaN, 1e-3, false, done,
                (t, r) -> heard.merge(t.id(), 1, Integer::sum));
        assertSame(done.get(1), resumed.outcomes().get(1).run());
        assertSame(done.get(6), resumed.outcomes().get(6).run());
        assertEquals(6, heard.size());
        assertFalse(heard.containsKey(1) || heard.containsKey(6));
        assertTrue(heard.values().stream().allMatch(c -> c == 1));
        assertSameResult(full, resumed, "resumed");
    }

    @Test
    void cancellationInterruptsRunningAndPendingTrials() {
        Experiment e = experiment("logistic", binary(200, 5), 16, 30);
        List<Trial> trials = TrialList.cross(new double[] {0.01, 0.02, 0.05}, OPTIMIZERS, List.of(SCHEDULES.get(0)),
                new int[] {0}, new long[] {1, 2});
        AtomicInteger checks = new AtomicInteger();
        BooleanSupplier cancelled = () -> checks.incrementAndGet() > 10;
        List<Trial> finished = Collections.synchronizedList(new ArrayList<>());
        SweepResult r = SweepRunner.run(trials, 1, e, cancelled, Double.NaN, 1e-3, false, Map.of(),
                (t, run) -> finished.add(t));
        assertTrue(r.interrupted());
        assertEquals(trials.size(), finished.size());
        for (TrialOutcome o : r.outcomes()) assertTrue(o.run().interrupted(), "trial " + o.trial().id());
    }

    @Test
    void theGramRouteServesLinearFullBatchTrialsFromOneSharedComputation() throws Exception {
        Experiment e = experiment("linear", regression(500, 3, 3), 0, 10);
        Trial full = new Trial(0, 0.01, 1, OPTIMIZERS.get(0), SCHEDULES.get(0), 0);
        Trial mini = new Trial(1, 0.01, 1, OPTIMIZERS.get(0), SCHEDULES.get(0), 50);
        assertTrue(e.usesGram(full));
        assertFalse(e.usesGram(mini));
        assertInstanceOf(GramLinear.class, e.newModel(full));
        assertInstanceOf(LinearRegression.class, e.newModel(mini));
        assertInstanceOf(LinearRegression.class, e.newModel(), "reports and analysis see the plain model");
        assertFalse(experiment("logistic", binary(100, 1), 0, 10).usesGram(full));
        // more parameters than rows: a row pass is cheaper than the p×p matrix
        assertFalse(experiment("linear", regression(3, 3, 1), 0, 10).usesGram(full));

        // computed once, whichever thread asks first
        Thread[] threads = new Thread[4];
        Object[] seen = new Object[4];
        for (int i = 0; i < 4; i++) {
            int k = i;
            threads[i] = new Thread(() -> seen[k] = e.gram());
            threads[i].start();
        }
        for (Thread t : threads) t.join();
        for (Object g : seen) assertSame(e.gram(), g);
        assertNotNull(e.gram());
    }

    @Test
    void aGroupMustShareBatches() {
        Experiment e = experiment("linear", regression(100, 2, 1), 0, 10);
        Trial a = new Trial(0, 0.01, 1, OPTIMIZERS.get(0), SCHEDULES.get(0), 0);
        Trial b = new Trial(1, 0.01, 2, OPTIMIZERS.get(0), SCHEDULES.get(0), 0);
        assertThrows(IllegalArgumentException.class, () -> e.trainGroup(List.of(a, b), () -> false, (t, r) -> { }));
    }

    private static void assertSameResult(SweepResult a, SweepResult b, String what) {
        assertEquals(a.bestIndex(), b.bestIndex(), what + " best");
        assertEquals(a.referenceLoss(), b.referenceLoss(), 0.0, what + " reference");
        assertEquals(a.outcomes().size(), b.outcomes().size());
        for (int i = 0; i < a.outcomes().size(); i++) {
            TrialOutcome x = a.outcomes().get(i);
            TrialOutcome y = b.outcomes().get(i);
            String t = what + " trial " + i;
            assertEquals(x.trial(), y.trial(), t);
            assertEquals(x.status(), y.status(), t);
            assertEquals(x.stepsToTarget(), y.stepsToTarget(), t);
            assertArrayEquals(x.run().losses(), y.run().losses(), 0.0, t + " losses");
            assertArrayEquals(x.run().finalParams(), y.run().finalParams(), 0.0, t + " params");
            assertEquals(x.run().events(), y.run().events(), t + " events");
            assertEquals(x.run().logged().size(), y.run().logged().size(), t + " logged");
        }
    }

    /** A trainer that only states sizes: each trial alone, never trained. */
    private static GroupTrainer sized(java.util.function.ToLongFunction<Trial> running,
                                      java.util.function.ToLongFunction<Trial> kept) {
        return new GroupTrainer() {
            @Override
            public Object groupKey(Trial trial) {
                return null;
            }

            @Override
            public List<TrainRun> trainGroup(List<Trial> group, BooleanSupplier c, SweepRunner.Listener f) {
                throw new AssertionError("not trained here");
            }

            @Override
            public long runningBytes(Trial trial) {
                return running.applyAsLong(trial);
            }

            @Override
            public long keptBytes(Trial trial) {
                return kept.applyAsLong(trial);
            }
        };
    }

    private static Experiment experiment(String model, Dataset d, int batch, int steps) {
        TrainConfig c = new TrainConfig(steps, batch, true, 5, GradientClipping.none(), null, null, null, Compat.KERAS);
        return new Experiment(ModelSpec.parse(model), true, 0.0, Compat.KERAS, c, null, LrScaling.none(), d, null);
    }

    private static List<String> names(int k) {
        List<String> n = new ArrayList<>();
        for (int j = 0; j < k; j++) n.add("x" + (j + 1));
        return n;
    }

    private static Dataset regression(int n, int k, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[n * k];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0.3;
            for (int j = 0; j < k; j++) {
                x[i * k + j] = rng.nextDouble(-2, 2);
                s += (j % 2 == 0 ? 1 : -1) * (j + 1) * x[i * k + j];
            }
            y[i] = s + rng.nextDouble(-0.5, 0.5);
        }
        return new Dataset(x, y, names(k), "y", "test", null);
    }

    private static Dataset binary(int n, long seed) {
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
