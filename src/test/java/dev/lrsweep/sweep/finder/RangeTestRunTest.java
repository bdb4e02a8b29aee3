package dev.lrsweep.sweep.finder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Smoothing and stop rules of each compat, driven by a TrainStep replaying recorded raw losses. */
class RangeTestRunTest {

    /** Replays raw losses and records the rates it was given. */
    private static final class Replay implements TrainStep {
        private final double[] raw;
        private final List<Double> seen = new ArrayList<>();

        Replay(double... raw) {
            this.raw = raw;
        }

        @Override
        public double step(double lr) {
            seen.add(lr);
            return raw[seen.size() - 1];
        }
    }

    private static RangeTestConfig.Builder golden(FinderCompat compat) {
        return RangeTestConfig.builder().compat(compat).minLr(1e-4).maxLr(10).steps(40);
    }

    // ------------------------------------------------------------ recovered golden runs

    @Test
    void davidtvsReplaysTheRealRunStopsAt39AndSuggestsPoint29() {
        double[] s = GoldenData.parse(GoldenData.DAVIDTVS).losses();
        double[] raw = new double[s.length];
        raw[0] = s[0];
        for (int i = 1; i < s.length; i++) {
            raw[i] = (s[i] - 0.95 * s[i - 1]) / 0.05;
        }
        Replay replay = new Replay(raw);
        RangeTestResult r = new RangeTest(golden(FinderCompat.DAVIDTVS).build()).run(replay);

        assertEquals(StopReason.DIVERGED, r.stopReason());
        assertEquals(40, r.size());
        assertEquals(39, r.points().get(39).step());
        for (int i = 0; i < s.length; i++) {
            assertEquals(s[i], r.smoothedLosses()[i], 1e-9 * s[i], "smoothed at " + i);
            assertEquals(raw[i], r.rawLosses()[i], 0, "raw at " + i);
            assertEquals(replay.seen.get(i), r.lrs()[i], 0);
        }
        assertEquals(38, r.bestStep().getAsInt());
        assertEquals(2.0313, r.bestSmoothedLoss().getAsDouble(), 1e-9);
        // the message counts steps from 1, as the tables do: index 39 is step 40
        assertEquals("Stopped at step 40 of 40 (lr 10): the smoothed loss 12.1234 exceeded 5 x the best"
                + " smoothed loss 2.0313 (step 39).", r.stopMessage());
        Suggestion sug = r.suggestion();
        assertEquals("davidtvs_steepest", sug.method());
        assertEquals(29, sug.index().getAsInt());
        assertEquals(0.5223345074266843, sug.lr().getAsDouble(), 1e-15);
    }

    @Test
    void davidtvsStopRuleUsesFiveTimesBestWhereLrsweepUsesFour() {
        // smoothed values (davidtvs, smooth_f 0.05) rise to between 4x and 5x of the first loss
        double[] s = {1, 1, 1.5, 2.5, 4.5, 4.9, 4.95};
        double[] raw = new double[s.length];
        raw[0] = s[0];
        for (int i = 1; i < s.length; i++) {
            raw[i] = (s[i] - 0.95 * s[i - 1]) / 0.05;
        }
        RangeTestResult d = new RangeTest(RangeTestConfig.builder().compat(FinderCompat.DAVIDTVS)
                .minLr(1e-3).maxLr(1).steps(7).build()).run(new Replay(raw));
        assertEquals(StopReason.REACHED_MAX, d.stopReason());
        assertEquals(7, d.size());
        RangeTestResult four = new RangeTest(RangeTestConfig.builder().compat(FinderCompat.DAVIDTVS)
                .divergeFactor(4).minLr(1e-3).maxLr(1).steps(7).build()).run(new Replay(raw));
        assertEquals(StopReason.DIVERGED, four.stopReason());
        assertEquals(5, four.size(), "the diverging point (4.5 > 4 x 1) is recorded");
    }

    @Test
    void fastaiReplaysTheTranscribedRunToTheEnd() {
        double[] s = GoldenData.parse(GoldenData.FASTAI).losses();
        double[] raw = unDebias(s, 0.98, 1);
        RangeTestResult r = new RangeTest(golden(FinderCompat.FASTAI).build()).run(new Replay(raw));
        assertEquals(StopReason.REACHED_MAX, r.stopReason());
        assertEquals(40, r.size());
        for (int i = 0; i < s.length; i++) {
            assertEquals(s[i], r.smoothedLosses()[i], 1e-9 * s[i], "smoothed at " + i);
        }
        assertEquals(4, r.config().trim().skipStart(), "fastai trims num_it // 10");
        Suggestion valley = r.suggestion();
        assertEquals("valley", valley.method());
        assertEquals(0.017782794100389233, valley.lr().getAsDouble(), 1e-15);
        assertTrue(r.stopMessage().startsWith("Ran all 40 steps up to lr 7.49894;"), r.stopMessage());
    }

    @Test
    void lightningReplaysTheTranscribedRunWithItsBiasedSmoothing() {
        double[] s = GoldenData.parse(GoldenData.LIGHTNING).losses();
        double[] raw = unDebias(s, 0.98, 2);
        // the first raw loss is the toy's initial loss, the same as in the davidtvs run
        assertEquals(4.13543, raw[0], 5e-5);
        assertEquals(raw[0] / 1.98, s[0], 1e-5, "first smoothed = 0.02 x raw / (1 - 0.98^2), about 0.505 x raw");
        RangeTestResult r = new RangeTest(golden(FinderCompat.LIGHTNING).build()).run(new Replay(raw));
        assertEquals(StopReason.DIVERGED, r.stopReason());
        assertEquals(40, r.size());
        for (int i = 0; i < s.length; i++) {
            assertEquals(s[i], r.smoothedLosses()[i], 1e-9 * s[i], "smoothed at " + i);
        }
        assertEquals(0.04216965034285824, r.suggestion().lr().getAsDouble(), 1e-15);
        assertEquals(20, r.suggestion().index().getAsInt());
    }

    /** Inverts avg/(1 - beta^(k + offset)) smoothing: the raw losses that produce {@code s}. */
    private static double[] unDebias(double[] s, double beta, int offset) {
        double[] raw = new double[s.length];
        double prevAvg = 0;
        for (int k = 0; k < s.length; k++) {
            double avg = s[k] * (1 - Math.pow(beta, k + offset));
            raw[k] = (avg - beta * prevAvg) / (1 - beta);
            prevAvg = avg;
        }
        return raw;
    }

    // ------------------------------------------------------------ smoothing by hand

    @Test
    void debiasedEmaIsTheBetaWeightedMeanFromTheFirstStep() {
        double b = 0.98;
        double x1 = 4;
        double x2 = 2;
        double x3 = 7;
        RangeTestResult r = new RangeTest(RangeTestConfig.builder().minLr(0.01).maxLr(0.03).steps(3).build())
                .run(new Replay(x1, x2, x3));
        double[] sm = r.smoothedLosses();
        assertEquals(x1, sm[0], 1e-12);
        assertEquals((b * x1 + x2) / (b + 1), sm[1], 1e-12);
        assertEquals((b * b * x1 + b * x2 + x3) / (b * b + b + 1), sm[2], 1e-12);
    }

    @Test
    void fastaiSmoothsLikeLrsweepAndLightningDividesByOneMoreBetaPower() {
        double[] raw = {4, 2, 7, 5};
        RangeTestConfig.Builder base = RangeTestConfig.builder().minLr(0.01).maxLr(0.04).steps(6);
        double[] ours = new RangeTest(base.build()).run(new Replay(4, 2, 7, 5, 5, 5)).smoothedLosses();
        double[] fastai = new RangeTest(base.compat(FinderCompat.FASTAI).build())
                .run(new Replay(4, 2, 7, 5, 5, 5)).smoothedLosses();
        double[] lightning = new RangeTest(base.compat(FinderCompat.LIGHTNING).build())
                .run(new Replay(4, 2, 7, 5, 5, 5)).smoothedLosses();
        double avg = 0;
        for (int k = 0; k < raw.length; k++) {
            avg = 0.98 * avg + 0.02 * raw[k];
            assertEquals(avg / (1 - Math.pow(0.98, k + 1)), ours[k], 1e-12);
            assertEquals(ours[k], fastai[k], 0);
            assertEquals(avg / (1 - Math.pow(0.98, k + 2)), lightning[k], 1e-12);
        }
    }

    @Test
    void davidtvsSmoothFZeroDisablesSmoothing() {
        RangeTestResult r = new RangeTest(RangeTestConfig.builder().compat(FinderCompat.DAVIDTVS).beta(1)
                .minLr(0.01).maxLr(0.03).steps(3).build()).run(new Replay(4, 3, 3.5));
        assertEquals("[4.0, 3.0, 3.5]", java.util.Arrays.toString(r.smoothedLosses()));
    }

    // ------------------------------------------------------------ stops

    @Test
    void lrsweepStopsAtFourTimesTheBestSmoothedLoss() {
        double[] raw = new double[50];
        java.util.Arrays.fill(raw, 1);
        for (int i = 20; i < 50; i++) {
            raw[i] = 1000;
        }
        RangeTestResult r = new RangeTest(RangeTestConfig.builder().minLr(1e-3).maxLr(1).steps(50).build())
                .run(new Replay(raw));
        assertEquals(StopReason.DIVERGED, r.stopReason());
        // smoothed at step 20 = (sum_{j<20} b^(20-j) + 1000) / sum_{j<=20} b^j with b = 0.98 > 4
        assertEquals(21, r.size());
        assertTrue(r.smoothedLosses()[20] > 4, "step 20 diverges");
        assertEquals(1.0, r.smoothedLosses()[19], 1e-12, "a constant loss smooths to itself");
    }

    @Test
    void lightningDoesNotCheckDivergenceOnTheFirstStep() {
        // its first smoothed loss is biased low (~0.505 x raw) and is always the best so far
        RangeTestResult r = new RangeTest(RangeTestConfig.builder().compat(FinderCompat.LIGHTNING)
                .minLr(1e-3).maxLr(1).steps(4).build()).run(new Replay(1, 1, 1, 1));
        assertEquals(StopReason.REACHED_MAX, r.stopReason());
        assertEquals(0, r.bestStep().getAsInt(), "later smoothed values are higher than the biased first one");
    }

    @Test
    void aNonFiniteLossStopsEveryCompatAndIsRecorded() {
        for (FinderCompat compat : FinderCompat.values()) {
            for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY}) {
                RangeTestResult r = new RangeTest(RangeTestConfig.builder().compat(compat).minLr(1e-3).maxLr(1)
                        .steps(20).divergeFactor(Double.POSITIVE_INFINITY).build())
                        .run(new Replay(3, 2.5, 2, bad, 1, 1, 1));
                assertEquals(StopReason.NON_FINITE_LOSS, r.stopReason(), compat + " " + bad);
                assertEquals(4, r.size());
                assertEquals(bad, r.rawLosses()[3], 0);
                assertTrue(r.stopMessage().startsWith("Stopped at step 4 of 20 (lr "), r.stopMessage());
                assertTrue(r.stopMessage().endsWith("the training loss was " + bad + "."), r.stopMessage());
            }
        }
    }

    @Test
    void aNonFiniteFirstLossLeavesNoBest() {
        RangeTestResult r = new RangeTest(RangeTestConfig.builder().minLr(1e-3).maxLr(1).steps(5).build())
                .run(lr -> Double.NaN);
        assertEquals(1, r.size());
        assertTrue(r.bestStep().isEmpty());
        assertTrue(r.bestSmoothedLoss().isEmpty());
        assertEquals("steepest", r.suggestion().method());
        assertTrue(r.suggestion().reason().orElseThrow().startsWith("not enough points after trimming"));
    }

    @Test
    void anInfiniteDivergeFactorNeverStopsOnDivergence() {
        RangeTestResult r = new RangeTest(RangeTestConfig.builder().minLr(1e-3).maxLr(1).steps(30)
                .divergeFactor(Double.POSITIVE_INFINITY).build()).run(lr -> 1 + 1e6 * lr * lr);
        assertEquals(StopReason.REACHED_MAX, r.stopReason());
        assertEquals(30, r.size());
        assertTrue(r.stopMessage().contains("the divergence stop was disabled"), r.stopMessage());
    }

    @Test
    void reachedMaxSaysWhereTheBestLossWas() {
        RangeTestResult r = new RangeTest(RangeTestConfig.builder().minLr(0.01).maxLr(1).steps(3).build())
                .run(new Replay(3, 2, 1));
        assertEquals(StopReason.REACHED_MAX, r.stopReason());
        assertEquals(2, r.bestStep().getAsInt());
        assertEquals("Ran all 3 steps up to lr 1; the smoothed loss never exceeded 4 x its best (best smoothed"
                + " loss " + RangeTest.fmt(r.smoothedLosses()[2]) + " at step 3, lr 1).", r.stopMessage());
    }

    @Test
    void runsAreIndependent() {
        RangeTest t = new RangeTest(RangeTestConfig.builder().minLr(0.01).maxLr(1).steps(20).build());
        RangeTestResult a = t.run(lr -> 5 - lr);
        RangeTestResult b = t.run(lr -> 5 - lr);
        assertEquals(java.util.Arrays.toString(a.smoothedLosses()), java.util.Arrays.toString(b.smoothedLosses()));
    }

    @Test
    void allSuggestionsListsEveryMethodWithTheDefaultFirst() {
        double[] s = GoldenData.parse(GoldenData.FASTAI).losses();
        RangeTestResult r = new RangeTest(golden(FinderCompat.FASTAI).build()).run(new Replay(unDebias(s, 0.98, 1)));
        List<String> keys = new ArrayList<>(r.allSuggestions().keySet());
        assertEquals(List.of("valley", "steepest", "davidtvs_steepest", "slide", "slide_relative",
                "minimum_over_ten", "fastai_steep", "lightning_gradient"), keys);
        assertEquals(0.000316227766016838, r.allSuggestions().get("slide").lr().getAsDouble(), 1e-15);
    }

    // ------------------------------------------------------------ configuration

    @Test
    void compatDefaultsReproduceEachTool() {
        RangeTestConfig d = golden(FinderCompat.DAVIDTVS).build();
        assertEquals(0.95, d.beta());
        assertEquals(5, d.divergeFactor());
        assertEquals(new Trim(10, 5), d.trim());
        RangeTestConfig f = golden(FinderCompat.FASTAI).steps(100).build();
        assertEquals(0.98, f.beta());
        assertEquals(4, f.divergeFactor());
        assertEquals(new Trim(10, 5), f.trim());
        assertEquals(new Trim(10, 1), golden(FinderCompat.LIGHTNING).build().trim());
        RangeTestConfig l = RangeTestConfig.builder().minLr(1e-7).maxLr(10).build();
        assertEquals(FinderCompat.LRSWEEP, l.compat());
        assertEquals(100, l.steps());
        assertEquals(RampMode.EXP, l.mode());
        assertEquals(0.98, l.beta());
        assertEquals(4, l.divergeFactor());
        assertEquals(Trim.DEFAULT, l.trim());
        assertEquals(new Trim(3, 0), golden(FinderCompat.LIGHTNING).skipStart(3).skipEnd(0).build().trim());
    }

    @Test
    void invalidConfigurationsAreRejected() {
        assertThrows(IllegalStateException.class, () -> RangeTestConfig.builder().maxLr(1).build());
        assertThrows(IllegalArgumentException.class, () -> RangeTestConfig.builder().minLr(0).maxLr(1).build());
        assertThrows(IllegalArgumentException.class, () -> RangeTestConfig.builder().minLr(1).maxLr(1).build());
        assertThrows(IllegalArgumentException.class,
                () -> RangeTestConfig.builder().minLr(0.1).maxLr(1).steps(1).build());
        assertThrows(IllegalArgumentException.class,
                () -> RangeTestConfig.builder().minLr(0.1).maxLr(1).beta(1).build());
        assertThrows(IllegalArgumentException.class,
                () -> RangeTestConfig.builder().compat(FinderCompat.DAVIDTVS).minLr(0.1).maxLr(1).beta(0).build());
        assertThrows(IllegalArgumentException.class,
                () -> RangeTestConfig.builder().minLr(0.1).maxLr(1).divergeFactor(1).build());
        assertThrows(NullPointerException.class,
                () -> new RangeTest(RangeTestConfig.builder().minLr(0.1).maxLr(1).build()).run(null));
    }

    @Test
    void numbersInMessagesArePlainOrScientificNeverHundredsOfDigits() {
        assertEquals("0.0034", RangeTest.fmt(0.0034));
        assertEquals("250", RangeTest.fmt(250));
        assertEquals("1.2045e-07", RangeTest.fmt(1.2045e-7));
        assertEquals("3.1e+168", RangeTest.fmt(3.1e168));
        assertEquals("-2.5e+07", RangeTest.fmt(-2.5e7));
        assertEquals("0", RangeTest.fmt(0));
    }
}
