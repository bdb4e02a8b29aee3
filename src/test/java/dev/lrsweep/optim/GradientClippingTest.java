package dev.lrsweep.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.spec.Compat;
import dev.lrsweep.spec.SpecException;
import org.junit.jupiter.api.Test;

/** Clipping against torch_golden.out (real torch 1.13.1) and keras_transcribed.out. */
class GradientClippingTest {

    /** torch: clip_grad_norm_(grads [3,4],[12], max_norm=1): total_norm 13, with the +1e-6. */
    @Test
    void torchClipGradNormGolden() {
        double[] g = {3, 4, 12};
        assertEquals(13.0, GradientClipping.globalNorm(g), 0);
        assertTrue(GradientClipping.clipNorm(1, Compat.TORCH).apply(g));
        assertArrayEquals(new double[] {0.23076921301775288, 0.3076922840236705, 0.9230768520710115}, g, 1e-15);
    }

    /** torch: clip_grad_value_([3,-4], 3.5) gives [3.0, -3.5]. */
    @Test
    void torchClipGradValueGolden() {
        double[] g = {3, -4};
        assertTrue(GradientClipping.clipValue(3.5).apply(g));
        assertArrayEquals(new double[] {3.0, -3.5}, g, 0);
    }

    /** Keras: global_clipnorm=1 on [3,4],[12]. */
    @Test
    void kerasGlobalClipnormGolden() {
        double[] g = {3, 4, 12};
        assertTrue(GradientClipping.clipNorm(1).apply(g));
        assertArrayEquals(new double[] {0.23076923076923078, 0.3076923076923077, 0.9230769230769231}, g, 1e-15);
    }

    /** Keras: per-variable clipnorm=1 on [3,4] and [12] is the global form applied to each variable alone. */
    @Test
    void kerasPerVariableClipnormGolden() {
        double[] a = {3, 4};
        double[] b = {12};
        GradientClipping c = GradientClipping.clipNorm(1, Compat.KERAS);
        assertTrue(c.apply(a));
        assertTrue(c.apply(b));
        assertArrayEquals(new double[] {0.6, 0.8}, a, 1e-15);
        assertArrayEquals(new double[] {1.0}, b, 1e-15);
    }

    /** The norm of [3, -4] is 5: Keras leaves a norm equal to the limit alone. */
    @Test
    void belowTheThresholdNothingChanges() {
        for (GradientClipping c : new GradientClipping[] {GradientClipping.clipNorm(5),
                GradientClipping.clipNorm(5.1, Compat.TORCH), GradientClipping.clipNorm(6),
                GradientClipping.clipValue(4), GradientClipping.none()}) {
            double[] g = {3, -4};
            assertFalse(c.apply(g), c.toString());
            assertArrayEquals(new double[] {3, -4}, g, 0, c.toString());
        }
    }

    /** PyTorch divides by norm + 1e-6, so a norm at or just under the limit is still scaled a little. */
    @Test
    void torchScalesJustBelowTheLimitKerasDoesNot() {
        double[] at = {3, -4};
        assertTrue(GradientClipping.clipNorm(5, Compat.TORCH).apply(at));
        assertArrayEquals(new double[] {3 * 5 / (5 + 1e-6), -4 * 5 / (5 + 1e-6)}, at, 1e-15);

        double[] t = {1 - 1e-7};
        assertTrue(GradientClipping.clipNorm(1, Compat.TORCH).apply(t));
        assertEquals((1 - 1e-7) / (1 - 1e-7 + 1e-6), t[0], 1e-15);
        double[] k = {1 - 1e-7};
        assertFalse(GradientClipping.clipNorm(1).apply(k));
        assertEquals(1 - 1e-7, k[0], 0);
    }

    /** Keras turns every component into NaN; PyTorch scales by max_norm/(inf + 1e-6) = 0. */
    @Test
    void nonFiniteNorm() {
        double[] k = {Double.POSITIVE_INFINITY, 1};
        assertTrue(GradientClipping.clipNorm(1).apply(k));
        assertTrue(Double.isNaN(k[0]) && Double.isNaN(k[1]));

        double[] t = {Double.POSITIVE_INFINITY, 1};
        assertTrue(GradientClipping.clipNorm(1, Compat.TORCH).apply(t));
        assertTrue(Double.isNaN(t[0])); // inf * 0
        assertEquals(0.0, t[1], 0);

        double[] n = {Double.NaN, 1};
        assertTrue(GradientClipping.clipNorm(1, Compat.TORCH).apply(n));
        assertTrue(Double.isNaN(n[1]));
    }

    @Test
    void clipValueLeavesNanAlone() {
        double[] g = {Double.NaN, 0.5};
        assertFalse(GradientClipping.clipValue(1).apply(g));
        assertTrue(Double.isNaN(g[0]));
        assertEquals(0.5, g[1], 0);
    }

    @Test
    void globalNormSurvivesOverflowOfTheSumOfSquares() {
        assertEquals(Math.sqrt(2) * 1e200, GradientClipping.globalNorm(new double[] {1e200, -1e200}), 1e186);
        assertEquals(0.0, GradientClipping.globalNorm(new double[0]), 0);
        assertEquals(Double.POSITIVE_INFINITY,
                GradientClipping.globalNorm(new double[] {1e200, Double.NEGATIVE_INFINITY}), 0);
    }

    @Test
    void limitsMustBePositiveAndFinite() {
        for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThrows(SpecException.class, () -> GradientClipping.clipNorm(bad));
            assertThrows(SpecException.class, () -> GradientClipping.clipValue(bad));
        }
        SpecException e = assertThrows(SpecException.class, () -> GradientClipping.clipNorm(-2, Compat.TORCH));
        assertEquals("clip_norm must be a positive finite number, got -2", e.getMessage());
    }

    @Test
    void describesItself() {
        assertEquals("clip_norm=1", GradientClipping.clipNorm(1).toString());
        assertEquals("clip_norm=0.5 (torch)", GradientClipping.clipNorm(0.5, Compat.TORCH).toString());
        assertEquals("clip_value=2", GradientClipping.clipValue(2).toString());
        assertEquals("none", GradientClipping.none().toString());
        assertTrue(GradientClipping.none().isNone());
        assertFalse(GradientClipping.clipValue(2).isNone());
    }
}
