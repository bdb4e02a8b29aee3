package dev.lrsweep.sweep.finder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Suggestions from the recorded smoothed losses of the golden files. The losses are printed to
 * six digits, so the tests check that each method picks the same point as the original; the rate
 * is then that point's exact rate from the compat's ramp.
 */
class SuggestionsTest {
    private static double[] exactLrs(FinderCompat compat) {
        return new RangeTest(RangeTestConfig.builder().compat(compat).minLr(1e-4).maxLr(10).steps(40).build())
                .plannedLrs();
    }

    private static void assertSuggests(String method, double lr, int index, Suggestion s) {
        assertTrue(s.isPresent(), () -> s.toString());
        assertEquals(method, s.method());
        assertEquals(index, s.index().getAsInt(), () -> s.toString());
        assertEquals(lr, s.lr().getAsDouble(), 1e-12 * lr, () -> s.toString());
    }

    // ------------------------------------------------------------ golden

    @Test
    void davidtvsSteepestPicksPoint29OfTheRealRun() {
        GoldenData.Table golden = GoldenData.parse(GoldenData.DAVIDTVS);
        assertSuggests("davidtvs_steepest", 0.5223345074266843, 29,
                Suggestions.davidtvsSteepest(exactLrs(FinderCompat.DAVIDTVS), golden.losses()));
        assertSuggests("davidtvs_steepest", 0.522335, 29,
                Suggestions.davidtvsSteepest(golden.lrs(), golden.losses()));
    }

    @Test
    void fastaiSuggestionsMatchTheTranscribedRun() {
        double[] lrs = exactLrs(FinderCompat.FASTAI);
        double[] losses = GoldenData.parse(GoldenData.FASTAI).losses();
        assertSuggests("valley", 0.017782794100389233, 18, Suggestions.valley(lrs, losses, 40));
        assertSuggests("slide", 0.000316227766016838, 4, Suggestions.slide(lrs, losses, 40));
        assertSuggests("minimum_over_ten", 0.17782794100389224, 34, Suggestions.minimumOverTen(lrs, losses, 40));
        assertSuggests("fastai_steep", 0.42169650342858217, 29, Suggestions.fastaiSteep(lrs, losses, 40));
    }

    @Test
    void lightningSuggestionMatchesTheTranscribedRun() {
        double[] lrs = exactLrs(FinderCompat.LIGHTNING);
        double[] losses = GoldenData.parse(GoldenData.LIGHTNING).losses();
        assertSuggests("lightning_gradient", 0.04216965034285824, 20, Suggestions.lightningGradient(lrs, losses));
    }

    @Test
    void lrsweepSteepestUsesLogLrSlopeOnTheDavidtvsCurve() {
        // exp ramp: log-lr spacing is uniform, so the log-lr slope ranks points as the index gradient
        GoldenData.Table golden = GoldenData.parse(GoldenData.DAVIDTVS);
        assertSuggests("steepest", 0.5223345074266843, 29,
                Suggestions.steepest(exactLrs(FinderCompat.LRSWEEP), golden.losses()));
    }

    // ------------------------------------------------------------ too few points

    @Test
    void tooFewPointsIsAReasonNeverANull() {
        double[] lrs = new double[16];
        double[] losses = new double[16];
        for (int i = 0; i < 16; i++) {
            lrs[i] = Math.pow(10, -4 + i * 0.25);
            losses[i] = 5 - i * 0.1;
        }
        String expected = "not enough points after trimming: need >= skip_start+skip_end+2 = 10+5+2 = 17, got 16";
        for (Suggestion s : new Suggestion[] {
                Suggestions.steepest(lrs, losses),
                Suggestions.davidtvsSteepest(lrs, losses)}) {
            assertFalse(s.isPresent());
            assertTrue(s.lr().isEmpty());
            assertTrue(s.index().isEmpty());
            assertEquals(expected, s.reason().orElseThrow());
            IllegalStateException ex = assertThrows(IllegalStateException.class, s::lrOrThrow);
            assertTrue(ex.getMessage().endsWith(expected));
        }
        assertEquals("not enough points after trimming: need >= skip_start+skip_end+2 = 10+1+2 = 13, got 12",
                Suggestions.lightningGradient(Arrays.copyOf(lrs, 12), Arrays.copyOf(losses, 12))
                        .reason().orElseThrow());
        // fastai: num_it 100 trims 10 at the start, 5 at the end, even if the run stopped at 15;
        // as in Python, lrs[10:-5] of 16 points is one point, which valley and minimum work on
        assertEquals("not enough points after trimming: need >= skip_start+skip_end+1 = 10+5+1 = 16, got 15",
                Suggestions.valley(Arrays.copyOf(lrs, 15), Arrays.copyOf(losses, 15), 100).reason().orElseThrow());
        assertSuggests("valley", lrs[10], 10, Suggestions.valley(lrs, losses, 100));
        assertSuggests("minimum_over_ten", lrs[10] / 10, 10, Suggestions.minimumOverTen(lrs, losses, 100));
        assertEquals("not enough points after trimming: need >= skip_start+skip_end+2 = 10+5+2 = 17, got 16",
                Suggestions.fastaiSteep(lrs, losses, 100).reason().orElseThrow());
        assertTrue(Suggestions.valley(lrs, losses, 40).isPresent(), "num_it 40 trims only 4 at the start");
    }

    @Test
    void exactlyTheMinimumNumberOfPointsIsEnough() {
        double[] lrs = {1, 2, 4, 8};
        double[] losses = {3, 2, 1, 0.5};
        Trim trim = new Trim(1, 1);
        assertSuggests("steepest", 2, 1, Suggestions.steepest(lrs, losses, trim));
        assertSuggests("davidtvs_steepest", 2, 1, Suggestions.davidtvsSteepest(lrs, losses, trim));
        assertFalse(Suggestions.steepest(Arrays.copyOf(lrs, 3), Arrays.copyOf(losses, 3), trim).isPresent());
    }

    @Test
    void slideNeedsLrDiffPlusOnePointsInTheWindow() {
        double[] lrs = exactLrs(FinderCompat.FASTAI);
        double[] losses = GoldenData.parse(GoldenData.FASTAI).losses();
        Suggestion s = Suggestions.slide(Arrays.copyOf(lrs, 24), Arrays.copyOf(losses, 24), 40);
        assertEquals("not enough points after trimming: the slide rule needs >= lr_diff+1 = 16 points in the"
                + " window, got 15", s.reason().orElseThrow());
    }

    // ------------------------------------------------------------ algorithms

    @Test
    void valleyIsTheMiddleOfTheLongestDecreasingSubsequence() {
        // window = whole array; longest strictly decreasing subsequence 9,7,5,3,2,1 (length 6) ends at 9
        double[] losses = {9, 10, 7, 8, 5, 6, 3, 4, 2, 1, 5, 6};
        double[] lrs = new double[losses.length];
        Arrays.setAll(lrs, i -> i + 1.0);
        // max_end = 9, max_start = 9 - 6 = 3, sections = 2, idx = 3 + 2 + 1 = 6
        assertSuggests("valley", 7, 6, Suggestions.valley(lrs, losses, new Trim(0, 0)));
    }

    @Test
    void valleyKeepsFastaisNegativeIndexWrap() {
        // longest decreasing run has length 2 and ends at point 1: idx = -1 + 0 + 0 -> the last point
        double[] losses = {2, 1, 3, 4};
        double[] lrs = {1, 2, 3, 4};
        assertSuggests("valley", 4, 3, Suggestions.valley(lrs, losses, new Trim(0, 0)));
    }

    @Test
    void fastaiMethodsCutTheWindowAtTheFirstNaN() {
        double[] lrs = exactLrs(FinderCompat.FASTAI);
        double[] losses = GoldenData.parse(GoldenData.FASTAI).losses().clone();
        losses[20] = Double.NaN;
        losses[21] = 0; // after the NaN: must be ignored
        assertSuggests("minimum_over_ten", lrs[19] / 10, 19, Suggestions.minimumOverTen(lrs, losses, 40));
        losses[5] = Double.NaN;
        // one point before the NaN: valley takes it (Python's slice keeps one), steep needs two
        assertSuggests("valley", lrs[4], 4, Suggestions.valley(lrs, losses, 40));
        Suggestion s = Suggestions.fastaiSteep(lrs, losses, 40);
        assertEquals("not enough points after trimming: need >= 2 points in the window, got 1 before the first"
                + " non-finite smoothed loss at point 5 (40 recorded, skip_start 4, skip_end 5)",
                s.reason().orElseThrow());
        losses[4] = Double.NaN;
        assertEquals("not enough points after trimming: need >= 1 points in the window, got 0 before the first"
                + " non-finite smoothed loss at point 4 (40 recorded, skip_start 4, skip_end 5)",
                Suggestions.valley(lrs, losses, 40).reason().orElseThrow());
    }

    @Test
    void lightningDropsNonFiniteLossesAndMapsTheIndexBack() {
        double[] lrs = exactLrs(FinderCompat.LIGHTNING);
        double[] losses = GoldenData.parse(GoldenData.LIGHTNING).losses().clone();
        losses[12] = Double.NaN;
        losses[13] = Double.POSITIVE_INFINITY;
        assertSuggests("lightning_gradient", lrs[20], 20, Suggestions.lightningGradient(lrs, losses));
        double[] allBad = losses.clone();
        Arrays.fill(allBad, 10, 39, Double.NaN);
        allBad[30] = 1;
        assertEquals("not enough points after trimming: need >= 2 finite smoothed losses in the window [10, 39),"
                + " got 1", Suggestions.lightningGradient(lrs, allBad).reason().orElseThrow());
    }

    @Test
    void davidtvsTakesNonFiniteLossesAsNumpyDoes() {
        GoldenData.Table golden = GoldenData.parse(GoldenData.DAVIDTVS);
        double[] lrs = golden.lrs();
        double[] losses = golden.losses().clone();
        losses[39] = Double.NaN; // trimmed away by skip_end
        assertSuggests("davidtvs_steepest", lrs[29], 29, Suggestions.davidtvsSteepest(lrs, losses));
        // a NaN at point 24 makes the central differences at 23 and 25 NaN: np.argmin stops at the
        // first NaN, point 23 (ignoring NaN would give the golden 29)
        losses[24] = Double.NaN;
        assertSuggests("davidtvs_steepest", lrs[23], 23, Suggestions.davidtvsSteepest(lrs, losses));
        // +inf as the last point, kept with skip_end 0: the differences next to it are +inf, which
        // np.argmin passes over; the answer is the smallest of the finite differences
        double[] f = {5, 4, 3.5, 1, 2, Double.POSITIVE_INFINITY};
        double[] x = {1, 2, 3, 4, 5, 6};
        // differences: 4-5 = -1; (3.5-5)/2 = -0.75; (1-4)/2 = -1.5; (2-3.5)/2 = -0.75; +inf; +inf
        assertSuggests("davidtvs_steepest", 3, 2, Suggestions.davidtvsSteepest(x, f, new Trim(0, 0)));
    }

    @Test
    void lrsweepSteepestNeedsAFallingLoss() {
        // the loss rises everywhere: the least rising point is no suggestion (the libraries' steepest
        // rules would return it)
        double[] lrs = {1e-3, 1e-2, 1e-1, 1, 10};
        double[] losses = {1, 2, 4, 8, 16};
        Suggestion s = Suggestions.steepest(lrs, losses, new Trim(0, 0));
        assertFalse(s.isPresent());
        assertTrue(s.reason().orElseThrow().startsWith("the smoothed loss falls nowhere in the window [0, 5)"),
                s.reason().orElseThrow());
        assertTrue(Suggestions.davidtvsSteepest(lrs, losses, new Trim(0, 0)).isPresent());
        // one falling point is enough: {1, 2, 1.5, 1.6, 16} falls around point 2 only
        // (central difference (1.6 - 2) / (2 ln 10) < 0; at point 1, (1.5 - 1) / (2 ln 10) > 0)
        losses[2] = 1.5;
        losses[3] = 1.6;
        assertSuggests("steepest", 1e-1, 2, Suggestions.steepest(lrs, losses, new Trim(0, 0)));
    }

    /** fastai's valley as written in fastai/callback/schedule.py: the O(n^2) double loop. */
    private static int fastaiValleyIndex(double[] l) {
        int n = l.length;
        int[] lds = new int[n];
        Arrays.fill(lds, 1);
        int maxStart = 0;
        int maxEnd = 0;
        for (int i = 1; i < n; i++) {
            for (int j = 0; j < i; j++) {
                if (l[i] < l[j] && lds[i] < lds[j] + 1) {
                    lds[i] = lds[j] + 1;
                }
                if (lds[maxEnd] < lds[i]) {
                    maxEnd = i;
                    maxStart = maxEnd - lds[maxEnd];
                }
            }
        }
        double sections = (maxEnd - maxStart) / 3.0;
        int idx = maxStart + (int) sections + (int) (sections / 2);
        return idx < 0 ? idx + n : idx;
    }

    @Test
    void valleyPicksWhatFastaisDoubleLoopPicks() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(7);
        for (int trial = 0; trial < 3000; trial++) {
            int n = 1 + rng.nextInt(60);
            double[] l = new double[n];
            double[] lrs = new double[n];
            for (int i = 0; i < n; i++) {
                lrs[i] = Math.pow(10, -5 + i * 0.1);
                // few distinct values, so that ties are common; sometimes a falling trend, an infinity
                l[i] = rng.nextInt(trial % 3 == 0 ? 4 : 20) + (trial % 2 == 0 ? 0 : (n - i) * 0.5);
                if (rng.nextInt(50) == 0) l[i] = Double.POSITIVE_INFINITY;
            }
            int expected = fastaiValleyIndex(l);
            Suggestion s = Suggestions.valley(lrs, l, new Trim(0, 0));
            assertEquals(expected, s.index().getAsInt(), Arrays.toString(l));
        }
    }

    @Test
    void slideRelativeIsScaleFreeWhileSlideIsNot() {
        double[] lrs = exactLrs(FinderCompat.FASTAI);
        double[] losses = GoldenData.parse(GoldenData.FASTAI).losses();
        double[] scaled = Arrays.stream(losses).map(v -> v / 100).toArray();
        Suggestion rel = Suggestions.slideRelative(lrs, losses, 40);
        Suggestion relScaled = Suggestions.slideRelative(lrs, scaled, 40);
        assertEquals(rel.index(), relScaled.index());
        assertNotEquals(Suggestions.slide(lrs, losses, 40).index(), Suggestions.slide(lrs, scaled, 40).index());
        // threshold = 0.005 * (4.13309 - 2.61985): the walk stops where |g[r]-g[l]| <= 0.00757
        assertSuggests("slide_relative", lrs[4], 4, rel);
    }

    @Test
    void slideRelativeAgreesWithSlideWhenTheLossSpansOne() {
        double[] losses = new double[40];
        double[] lrs = exactLrs(FinderCompat.FASTAI);
        for (int i = 0; i < 40; i++) {
            losses[i] = 2 - 1 / (1 + Math.exp(-(i - 22) / 3.0));
        }
        Trim trim = new Trim(0, 0);
        double span = Arrays.stream(losses).max().getAsDouble() - Arrays.stream(losses).min().getAsDouble();
        double[] unitSpan = Arrays.stream(losses).map(v -> v / span).toArray();
        assertEquals(Suggestions.slide(lrs, unitSpan, trim).index(),
                Suggestions.slideRelative(lrs, losses, trim).index());
    }

    @Test
    void steepestUsesTheLogLrSlopeEvenWithALinearRamp() {
        // loss = 10 - (log lr)^2 / 2 on a linear ramp: d loss / d log lr = -log lr is steepest at
        // the largest lr, while d loss / d lr = -log(lr) / lr is steepest at lr = e
        double[] lrs = new double[30];
        double[] losses = new double[30];
        for (int i = 0; i < 30; i++) {
            lrs[i] = 0.1 + i * 0.3;
            double x = Math.log(lrs[i]);
            losses[i] = 10 - x * x / 2;
        }
        Trim all = new Trim(0, 0);
        assertEquals(29, Suggestions.steepest(lrs, losses, all).index().getAsInt());
        double perIndex = Suggestions.davidtvsSteepest(lrs, losses, all).lr().getAsDouble();
        assertTrue(Math.abs(perIndex - Math.E) < 0.3, "index gradient on a linear ramp: " + perIndex);
    }

    // ------------------------------------------------------------ numerics

    @Test
    void uniformGradientIsCentralInsideAndOneSidedAtTheEnds() {
        double[] g = Suggestions.gradient(new double[] {1, 2, 4, 7, 11});
        assertEquals(Arrays.toString(new double[] {1, 1.5, 2.5, 3.5, 4}), Arrays.toString(g));
    }

    @Test
    void nonUniformGradientIsExactForQuadraticsInside() {
        double[] x = {0.1, 0.3, 0.35, 1.0, 2.5, 2.6};
        double[] f = Arrays.stream(x).map(v -> 3 * v * v - v + 2).toArray();
        double[] g = Suggestions.gradient(f, x);
        for (int i = 1; i < x.length - 1; i++) {
            assertEquals(6 * x[i] - 1, g[i], 1e-12, "interior point " + i);
        }
        assertEquals((f[1] - f[0]) / (x[1] - x[0]), g[0], 1e-15);
        assertEquals((f[5] - f[4]) / (x[5] - x[4]), g[5], 1e-15);
    }

    @Test
    void argminTakesTheFirstMinimumAndSkipsNaN() {
        assertEquals(1, Suggestions.argmin(new double[] {3, -1, Double.NaN, -1}));
        assertEquals(2, Suggestions.argmin(new double[] {Double.NaN, 5, 4}));
        assertEquals(-1, Suggestions.argmin(new double[] {Double.NaN}));
    }

    @Test
    void callerErrorsThrow() {
        assertThrows(IllegalArgumentException.class,
                () -> Suggestions.steepest(new double[3], new double[4], new Trim(0, 0)));
        assertThrows(IllegalArgumentException.class,
                () -> Suggestions.steepest(new double[] {1, 1, 2}, new double[] {3, 2, 1}, new Trim(0, 0)));
        assertThrows(IllegalArgumentException.class,
                () -> Suggestions.fastaiSteep(new double[] {-1, 1, 2}, new double[] {3, 2, 1}, new Trim(0, 0)));
        assertThrows(IllegalArgumentException.class, () -> new Trim(-1, 0));
        assertThrows(IllegalArgumentException.class,
                () -> Suggestions.slide(new double[20], new double[20], new Trim(0, 0), 0, 0.005, 1));
    }
}
