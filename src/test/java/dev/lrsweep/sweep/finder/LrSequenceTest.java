package dev.lrsweep.sweep.finder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The learning-rate sequence of each compat against the golden lr columns and the formulas. */
class LrSequenceTest {
    private static final double REL = 1e-5;

    private static RangeTest test(FinderCompat compat, int steps, RampMode mode) {
        return new RangeTest(RangeTestConfig.builder().compat(compat).minLr(1e-4).maxLr(10)
                .steps(steps).mode(mode).build());
    }

    private static void assertRelClose(double[] expected, double[] actual, double rel) {
        assertEquals(expected.length, actual.length, "length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], rel * Math.abs(expected[i]), "lr at step " + i);
        }
    }

    @Test
    void davidtvsMatchesTheRealPytorchLrFinderRun() {
        GoldenData.Table golden = GoldenData.parse(GoldenData.DAVIDTVS);
        double[] lrs = test(FinderCompat.DAVIDTVS, 40, RampMode.EXP).plannedLrs();
        assertRelClose(golden.lrs(), lrs, REL);
        assertEquals(10.0, lrs[39], 1e-12, "pytorch-lr-finder reaches end_lr on the last step");
        assertEquals(0.5223345074266843, lrs[29], 1e-15);
    }

    @Test
    void lrsweepDefaultUsesTheSameRampAsDavidtvs() {
        double[] ours = test(FinderCompat.LRSWEEP, 40, RampMode.EXP).plannedLrs();
        assertRelClose(GoldenData.parse(GoldenData.DAVIDTVS).lrs(), ours, REL);
        double[] davidtvs = test(FinderCompat.DAVIDTVS, 40, RampMode.EXP).plannedLrs();
        assertRelClose(Arrays.copyOf(davidtvs, 39), Arrays.copyOf(ours, 39), 0);
        // lrsweep ends on --max exactly; s*(e/s)^1.0 (pytorch-lr-finder's) may be an ulp off
        assertEquals(10.0, ours[39], 0);
    }

    @Test
    void lrsweepEndsOnMaxExactlyWhereThePowerIsAnUlpOff() {
        // 1e-5 * (1 / 1e-5)^1.0 is 0.9999999999999999 in double arithmetic (as in Python)
        assertEquals(0.9999999999999999, 1e-5 * Math.pow(1 / 1e-5, 1.0), 0);
        for (RampMode mode : RampMode.values()) {
            double[] lrs = new RangeTest(RangeTestConfig.builder().compat(FinderCompat.LRSWEEP).minLr(1e-5).maxLr(1)
                    .steps(20).mode(mode).build()).plannedLrs();
            assertEquals(1.0, lrs[19], 0, mode.toString());
            assertEquals(1e-5, lrs[0], 0, mode.toString());
        }
    }

    @Test
    void fastaiMatchesTheTranscribedRunAndNeverUsesEndLr() {
        double[] lrs = test(FinderCompat.FASTAI, 40, RampMode.EXP).plannedLrs();
        assertRelClose(GoldenData.parse(GoldenData.FASTAI).lrs(), lrs, REL);
        assertEquals(1e-4 * Math.pow(1e5, 39.0 / 40), lrs[39], 1e-12);
        assertTrue(lrs[39] < 10);
    }

    @Test
    void lightningMatchesTheTranscribedRunAndSkipsExponentOneOverN() {
        double[] lrs = test(FinderCompat.LIGHTNING, 40, RampMode.EXP).plannedLrs();
        assertRelClose(GoldenData.parse(GoldenData.LIGHTNING).lrs(), lrs, REL);
        assertEquals(1e-4, lrs[0], 0);
        assertEquals(1e-4 * Math.pow(1e5, 2.0 / 40), lrs[1], 1e-15);
        assertEquals(10.0, lrs[39], 1e-12);
    }

    @Test
    void fastaiRaisesFewerThanSixStepsToSix() {
        RangeTest t = test(FinderCompat.FASTAI, 3, RampMode.EXP);
        assertEquals(6, t.config().steps());
        assertEquals(6, t.plannedLrs().length);
        assertEquals(1e-4 * Math.pow(1e5, 5.0 / 6), t.plannedLrs()[5], 1e-12);
        assertEquals(3, test(FinderCompat.LRSWEEP, 3, RampMode.EXP).config().steps());
    }

    @Test
    void linearRampsFollowEachToolsFraction() {
        double s = 1e-4;
        double e = 10;
        double[] lrsweep = test(FinderCompat.LRSWEEP, 5, RampMode.LINEAR).plannedLrs();
        double[] davidtvs = test(FinderCompat.DAVIDTVS, 5, RampMode.LINEAR).plannedLrs();
        double[] lightning = test(FinderCompat.LIGHTNING, 5, RampMode.LINEAR).plannedLrs();
        for (int k = 0; k < 5; k++) {
            double expected = s + (k / 4.0) * (e - s);
            assertEquals(expected, lrsweep[k], 1e-12);
            assertEquals(expected, davidtvs[k], 1e-12);
            assertEquals(k == 0 ? s : s + ((k + 1) / 5.0) * (e - s), lightning[k], 1e-12);
        }
    }

    @Test
    void fastaiHasNoLinearRamp() {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> test(FinderCompat.FASTAI, 40, RampMode.LINEAR));
        assertTrue(ex.getMessage().contains("exponential"), ex.getMessage());
    }

    @Test
    void lrAtRejectsStepsOutsideTheRun() {
        RangeTest t = test(FinderCompat.LRSWEEP, 10, RampMode.EXP);
        assertThrows(IllegalArgumentException.class, () -> t.lrAt(10));
        assertThrows(IllegalArgumentException.class, () -> t.lrAt(-1));
    }
}
