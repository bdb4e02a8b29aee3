package dev.lrsweep.train.callback;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.spec.Compat;
import dev.lrsweep.spec.SpecException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * ReduceLrOnPlateau against the golden sequences in ../shared/golden/keras_transcribed.out
 * (lines 11-14) and torch_golden.out (lines 16-20), plus hand-computed cases.
 *
 * <p><b>Alignment.</b> Keras's file lists "lr after each epoch" and torch's "lr after each step";
 * both mean the same thing here: entry k is the rate after the k-th call (0-based), which is the
 * value {@code onEpochEnd(k, metric[k], lr)} returns, i.e. the rate epoch k+1 trains with. The
 * starting rate (1) is not itself an entry. This is forced by the data, not assumed:
 * <ul>
 *   <li>With patience=0 both files read 1, 0.1, ...: the first call can never reduce (the first
 *       value is always an improvement), and the second call already has, so entry 1 is after
 *       call 1. Had the starting rate been entry 0, entry 1 would have to be 1 as well.</li>
 *   <li>torch's ReduceLROnPlateau is not an LRScheduler in torch 1.13 and takes no step in its
 *       constructor, so "after each step" is after each {@code step(metric)} call. With patience=2 and a
 *       constant metric, num_bad reaches 3 &gt; 2 on the 4th call (index 3), and torch's list has
 *       its first 0.1 at index 3. Keras's wait reaches 2 &gt;= 2 on the 3rd call (index 2), and
 *       Keras's list has its first 0.1 at index 2. Any other offset breaks one of the two.</li>
 * </ul>
 * So for each golden list we call {@code onEpochEnd} once per entry and compare the returned rates
 * with the list entry for entry. "const metric" runs use 1.0 every epoch (any positive constant
 * gives the same result under both rules).
 */
class ReduceLrOnPlateauTest {
    private static final double TOL = 1e-12;

    /** Feeds the metrics with a starting rate of 1 and returns the rate after every call. */
    private static double[] run(ReduceLrOnPlateau rop, double... metrics) {
        double lr = 1.0;
        double[] out = new double[metrics.length];
        for (int epoch = 0; epoch < metrics.length; epoch++) {
            lr = rop.onEpochEnd(epoch, metrics[epoch], lr);
            out[epoch] = lr;
        }
        return out;
    }

    private static double[] constant(int n) {
        double[] m = new double[n];
        Arrays.fill(m, 1.0);
        return m;
    }

    // ---- Keras goldens (keras_transcribed.out) ----

    @Test
    void kerasGoldenPatience2ConstantMetric() {
        ReduceLrOnPlateau rop = ReduceLrOnPlateau.parse("patience=2", Compat.KERAS);
        assertArrayEquals(new double[] {1, 1, 0.1, 0.1, 0.01, 0.01, 0.001, 0.001, 0.0001, 0.0001},
                run(rop, constant(10)), TOL);
    }

    @Test
    void kerasGoldenPatience2Cooldown1BehavesLikeCooldown0() {
        ReduceLrOnPlateau rop = ReduceLrOnPlateau.parse("patience=2,cooldown=1", Compat.KERAS);
        assertArrayEquals(new double[] {1, 1, 0.1, 0.1, 0.01, 0.01, 0.001, 0.001, 0.0001, 0.0001},
                run(rop, constant(10)), TOL);
    }

    @Test
    void kerasGoldenPatience0() {
        ReduceLrOnPlateau rop = ReduceLrOnPlateau.parse("patience=0", Compat.KERAS);
        assertArrayEquals(new double[] {1, 0.1, 0.01, 0.001, 0.0001}, run(rop, constant(5)), TOL);
    }

    @Test
    void kerasGoldenAbsoluteMinDelta() {
        // 0.99995 and 0.9999 are within the absolute 1e-4 of best=1, so both are bad epochs
        ReduceLrOnPlateau rop = ReduceLrOnPlateau.parse("patience=1", Compat.KERAS);
        assertArrayEquals(new double[] {1, 0.1, 0.01, 0.01, 0.001, 0.0001},
                run(rop, 1, 0.99995, 0.9999, 0.5, 0.5, 0.5), TOL);
    }

    // ---- PyTorch goldens (torch_golden.out, real torch 1.13.1 runs) ----

    @Test
    void torchGoldenPatience2ConstantMetric() {
        ReduceLrOnPlateau rop = ReduceLrOnPlateau.parse("factor=0.1,patience=2", Compat.TORCH);
        assertArrayEquals(new double[] {1, 1, 1, 0.1, 0.1, 0.1, 0.01, 0.01, 0.01, 0.001},
                run(rop, constant(10)), TOL);
    }

    @Test
    void torchGoldenPatience2Cooldown1() {
        ReduceLrOnPlateau rop = ReduceLrOnPlateau.parse("patience=2,cooldown=1", Compat.TORCH);
        assertArrayEquals(new double[] {1, 1, 1, 0.1, 0.1, 0.1, 0.1, 0.01, 0.01, 0.01},
                run(rop, constant(10)), TOL);
    }

    @Test
    void torchGoldenPatience0() {
        ReduceLrOnPlateau rop = ReduceLrOnPlateau.parse("patience=0", Compat.TORCH);
        assertArrayEquals(new double[] {1, 0.1, 0.01, 0.001, 0.0001}, run(rop, constant(5)), TOL);
    }

    @Test
    void torchGoldenRelativeThreshold() {
        // rel 1e-4: needs cur < best*(1-1e-4) = 0.9999; neither 0.99995 nor 0.9999 qualifies
        ReduceLrOnPlateau rop = ReduceLrOnPlateau.parse("patience=1", Compat.TORCH);
        assertArrayEquals(new double[] {1, 1, 0.1, 0.1, 0.1, 0.01},
                run(rop, 1, 0.99995, 0.9999, 0.5, 0.5, 0.5), TOL);
    }

    @Test
    void torchGoldenMinLrFactorHalf() {
        ReduceLrOnPlateau rop = ReduceLrOnPlateau.parse("patience=1,min_lr=0.05,factor=0.5", Compat.TORCH);
        assertArrayEquals(new double[] {1, 1, 0.5, 0.5, 0.25, 0.25, 0.125, 0.125, 0.0625, 0.0625},
                run(rop, constant(10)), TOL);
    }

    // ---- hand-computed ----

    @Test
    void kerasStopsAtFloat32MinLr() {
        // e1..e4 halve the rate; e5 clamps 0.03125 up to min_lr 0.05; from then on
        // 0.05 > float32(0.05) = 0.0500000007... is false, so nothing is reduced and wait keeps growing
        ReduceLrOnPlateau rop = ReduceLrOnPlateau.parse("patience=1,min_lr=0.05,factor=0.5", Compat.KERAS);
        assertArrayEquals(new double[] {1, 0.5, 0.25, 0.125, 0.0625, 0.05, 0.05, 0.05},
                run(rop, constant(8)), TOL);
        assertFalse(rop.reduced());
        assertEquals(2, rop.badEpochs());
    }

    @Test
    void kerasCooldown2IgnoresOneEpoch() {
        // patience=1: e1 reduces (cooldown_counter=2); e2 decrements to 1 and is still in cooldown;
        // e3 decrements to 0, so it counts: wait=1 -> reduce
        ReduceLrOnPlateau rop = ReduceLrOnPlateau.parse("patience=1,cooldown=2", Compat.KERAS);
        assertArrayEquals(new double[] {1, 0.1, 0.1, 0.01, 0.01, 0.001}, run(rop, constant(6)), TOL);
    }

    @Test
    void torchCooldown2IgnoresTwoEpochs() {
        // patience=0: e1 reduces (cooldown 2); e2, e3 are absorbed by the cooldown; e4 reduces
        ReduceLrOnPlateau rop = ReduceLrOnPlateau.parse("patience=0,cooldown=2", Compat.TORCH);
        assertArrayEquals(new double[] {1, 0.1, 0.1, 0.1, 0.01, 0.01, 0.01, 0.001},
                run(rop, constant(8)), TOL);
    }

    @Test
    void torchEpsSkipsTinyChange() {
        // 1.5e-8 * 0.5 = 7.5e-9 is a change of 7.5e-9 <= eps 1e-8: the rate is kept, but the
        // counters are still reset (num_bad back to 0)
        ReduceLrOnPlateau rop = ReduceLrOnPlateau.parse("patience=0,factor=0.5", Compat.TORCH);
        assertEquals(1.5e-8, rop.onEpochEnd(0, 1.0, 1.5e-8));
        assertEquals(1.5e-8, rop.onEpochEnd(1, 1.0, 1.5e-8));
        assertFalse(rop.reduced());
        assertEquals(0, rop.badEpochs());
        ReduceLrOnPlateau noEps = ReduceLrOnPlateau.parse("patience=0,factor=0.5,eps=0", Compat.TORCH);
        noEps.onEpochEnd(0, 1.0, 1.5e-8);
        assertEquals(7.5e-9, noEps.onEpochEnd(1, 1.0, 1.5e-8));
        assertTrue(noEps.reduced());
    }

    @Test
    void torchAbsoluteThresholdAndMinDeltaAlias() {
        // abs 0.1: 0.95 is not below 1 - 0.1 (bad), 0.85 is (best=0.85), 0.8 is not below 0.75 (bad)
        for (String spec : new String[] {"patience=1,threshold_mode=abs,threshold=0.1",
                "patience=1,threshold_mode=abs,min_delta=0.1"}) {
            ReduceLrOnPlateau rop = ReduceLrOnPlateau.parse(spec, Compat.TORCH);
            assertArrayEquals(new double[] {1, 1, 1, 1, 0.1}, run(rop, 1, 0.95, 0.85, 0.8, 0.8), TOL, spec);
            assertEquals(0.85, rop.best());
        }
    }

    @Test
    void maxModeBothRules() {
        // Keras abs 1e-4: 1.00005 is not > 1 + 1e-4 (bad, reduce at patience 1); 1.5 improves
        ReduceLrOnPlateau keras = ReduceLrOnPlateau.parse("mode=max,patience=1", Compat.KERAS);
        assertArrayEquals(new double[] {1, 0.1, 0.1, 0.01}, run(keras, 1, 1.00005, 1.5, 1.5), TOL);
        // torch rel: needs > best*(1+1e-4); 1.0002 qualifies, so no reduction at patience 1
        ReduceLrOnPlateau torch = ReduceLrOnPlateau.parse("mode=max,patience=1", Compat.TORCH);
        assertArrayEquals(new double[] {1, 1, 1, 1}, run(torch, 1, 1.00005, 1.0002, 1.00025), TOL);
        assertEquals(1.0002, torch.best());
    }

    @Test
    void nonFiniteIsNeverAnImprovement() {
        // Keras patience=1: e0 NaN is a bad epoch even though there is no best yet -> reduce;
        // e1 = 2 becomes the first best; e2 = +inf and e3 = -inf are bad -> reduce each time
        ReduceLrOnPlateau keras = ReduceLrOnPlateau.parse("patience=1", Compat.KERAS);
        assertArrayEquals(new double[] {0.1, 0.1, 0.01, 0.001},
                run(keras, Double.NaN, 2, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY), TOL);
        assertEquals(2.0, keras.best());
        // torch patience=0: e0 NaN bad (1 > 0) -> reduce; e1 first best; e2 -inf bad -> reduce
        ReduceLrOnPlateau torch = ReduceLrOnPlateau.parse("patience=0", Compat.TORCH);
        assertArrayEquals(new double[] {0.1, 0.1, 0.01}, run(torch, Double.NaN, 2, Double.NEGATIVE_INFINITY), TOL);
        assertEquals(2.0, torch.best());
    }

    @Test
    void reductionEventIsReported() {
        ReduceLrOnPlateau rop = ReduceLrOnPlateau.parse("patience=0,factor=0.5", Compat.KERAS);
        assertFalse(rop.reduced());
        assertEquals(-1, rop.lastEpoch());
        rop.onEpochEnd(0, 1.0, 0.4);
        assertFalse(rop.reduced());
        rop.onEpochEnd(1, 1.0, 0.4);
        assertTrue(rop.reduced());
        assertEquals(1, rop.lastEpoch());
        assertEquals(0.4, rop.lastOldLr());
        assertEquals(0.2, rop.lastNewLr());
        rop.onEpochEnd(2, 0.5, 0.2);
        assertFalse(rop.reduced());
    }

    @Test
    void resetRestartsFromScratch() {
        ReduceLrOnPlateau rop = ReduceLrOnPlateau.parse("patience=2,cooldown=3", Compat.TORCH);
        double[] first = run(rop, constant(10));
        rop.reset();
        assertEquals(-1, rop.lastEpoch());
        assertTrue(Double.isNaN(rop.best()));
        assertEquals(0, rop.cooldownRemaining());
        assertArrayEquals(first, run(rop, constant(10)), 0.0);
    }

    @Test
    void rejectsBadRate() {
        ReduceLrOnPlateau rop = ReduceLrOnPlateau.parse("", Compat.KERAS);
        assertThrows(IllegalArgumentException.class, () -> rop.onEpochEnd(0, 1.0, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> rop.onEpochEnd(0, 1.0, -0.1));
        assertThrows(IllegalArgumentException.class, () -> rop.onEpochEnd(-1, 1.0, 0.1));
    }

    // ---- parsing ----

    @Test
    void defaults() {
        ReduceLrOnPlateau keras = ReduceLrOnPlateau.parse("", Compat.KERAS);
        assertEquals("reduce_on_plateau(mode=min,factor=0.1,patience=10,min_delta=1.0E-4,cooldown=0,min_lr=0)",
                keras.toString());
        ReduceLrOnPlateau torch = ReduceLrOnPlateau.parse("  ", Compat.TORCH);
        assertEquals("reduce_on_plateau(mode=min,factor=0.1,patience=10,threshold=1.0E-4,threshold_mode=rel,"
                + "cooldown=0,min_lr=0,eps=1.0E-8)", torch.toString());
        assertTrue(torch.relativeThreshold());
        assertEquals(1e-8, torch.eps());
    }

    @Test
    void fullSpecAndRoundTrip() {
        ReduceLrOnPlateau rop = ReduceLrOnPlateau.parse(
                "factor=0.5, patience=5, min_delta=1e-4, cooldown=0, min_lr=0", Compat.KERAS);
        assertEquals(0.5, rop.factor());
        assertEquals(5, rop.patience());
        assertEquals(1e-4, rop.threshold());
        assertFalse(rop.relativeThreshold());
        for (Compat c : Compat.values()) {
            ReduceLrOnPlateau a = ReduceLrOnPlateau.parse("mode=max,factor=0.25,patience=3,cooldown=2,min_lr=1e-6", c);
            String text = a.toString();
            String inner = text.substring(text.indexOf('(') + 1, text.length() - 1);
            assertEquals(text, ReduceLrOnPlateau.parse(inner, c).toString());
        }
    }

    @Test
    void unknownKeyListsValidKeys() {
        SpecException e = assertThrows(SpecException.class,
                () -> ReduceLrOnPlateau.parse("factor=0.5,patient=3", Compat.KERAS));
        assertEquals("reduce_on_plateau: unknown key 'patient' (valid: mode, factor, patience, min_delta, "
                + "cooldown, min_lr)", e.getMessage());
        // torch-only keys are unknown under Keras, and the torch list names them
        SpecException k = assertThrows(SpecException.class,
                () -> ReduceLrOnPlateau.parse("threshold=0.01", Compat.KERAS));
        assertTrue(k.getMessage().contains("unknown key 'threshold'"), k.getMessage());
        SpecException t = assertThrows(SpecException.class,
                () -> ReduceLrOnPlateau.parse("wait=3", Compat.TORCH));
        assertTrue(t.getMessage().contains("threshold_mode") && t.getMessage().contains("eps"), t.getMessage());
    }

    @Test
    void factorOutsideOpenUnitIntervalIsRejected() {
        for (String f : new String[] {"1", "1.0", "1.5", "0", "-0.5"}) {
            for (Compat c : Compat.values()) {
                SpecException e = assertThrows(SpecException.class,
                        () -> ReduceLrOnPlateau.parse("factor=" + f, c), f);
                assertTrue(e.getMessage().startsWith("reduce_on_plateau: 'factor' must be > 0 and < 1"), e.getMessage());
            }
        }
    }

    @Test
    void otherBadValuesAreRejected() {
        assertThrows(SpecException.class, () -> ReduceLrOnPlateau.parse("patience=-1", Compat.KERAS));
        assertThrows(SpecException.class, () -> ReduceLrOnPlateau.parse("patience=2.5", Compat.KERAS));
        assertThrows(SpecException.class, () -> ReduceLrOnPlateau.parse("cooldown=-1", Compat.TORCH));
        assertThrows(SpecException.class, () -> ReduceLrOnPlateau.parse("min_lr=-1e-3", Compat.KERAS));
        assertThrows(SpecException.class, () -> ReduceLrOnPlateau.parse("min_delta=-1e-3", Compat.KERAS));
        assertThrows(SpecException.class, () -> ReduceLrOnPlateau.parse("mode=auto", Compat.KERAS));
        assertThrows(SpecException.class, () -> ReduceLrOnPlateau.parse("threshold_mode=relative", Compat.TORCH));
        assertThrows(SpecException.class, () -> ReduceLrOnPlateau.parse("threshold=1e-3,min_delta=1e-3", Compat.TORCH));
        assertThrows(SpecException.class, () -> ReduceLrOnPlateau.parse("factor=0.5,", Compat.KERAS));
        assertThrows(SpecException.class, () -> ReduceLrOnPlateau.parse("factor", Compat.KERAS));
    }
}
