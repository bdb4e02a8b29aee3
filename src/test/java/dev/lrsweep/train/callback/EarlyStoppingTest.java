package dev.lrsweep.train.callback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.spec.Compat;
import dev.lrsweep.spec.SpecException;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/**
 * EarlyStopping against the three Keras goldens in ../shared/golden/keras_transcribed.out
 * (lines 15-17), given there as (stopped_epoch, best_epoch) with None for "did not stop" (here -1),
 * plus hand-computed sequences for start_from_epoch, baseline, non-finite values and the Lightning
 * rule. Epochs are 0-based, as Keras's on_epoch_end(epoch).
 */
class EarlyStoppingTest {

    /**
     * Feeds the metrics until the callback says stop, as a trainer would.
     *
     * @return the number of epochs run
     */
    private static int run(EarlyStopping es, double... metrics) {
        for (int epoch = 0; epoch < metrics.length; epoch++) {
            if (es.onEpochEnd(epoch, metrics[epoch])) return epoch + 1;
        }
        return metrics.length;
    }

    // ---- Keras goldens ----

    @Test
    void kerasGoldenPatience3() {
        EarlyStopping es = EarlyStopping.parse("patience=3", Compat.KERAS);
        assertEquals(5, run(es, 5, 4, 4, 4, 4, 3));
        assertEquals(4, es.stoppedEpoch());
        assertEquals(1, es.bestEpoch());
        assertEquals(4.0, es.best());
    }

    @Test
    void kerasGoldenBaselineNeverStops() {
        // every epoch improves on the best, so Keras returns before the patience test; the wait
        // is only reset at epoch 4, the first value under the baseline 3.5
        EarlyStopping es = EarlyStopping.parse("patience=2,baseline=3.5", Compat.KERAS);
        assertEquals(5, run(es, 5, 4, 3.9, 3.8, 3.0));
        assertEquals(-1, es.stoppedEpoch());
        assertEquals(4, es.bestEpoch());
        assertEquals(0, es.waitCount());
    }

    @Test
    void kerasGoldenPatience0() {
        EarlyStopping es = EarlyStopping.parse("patience=0", Compat.KERAS);
        assertEquals(2, run(es, 5, 5));
        assertEquals(1, es.stoppedEpoch());
        assertEquals(0, es.bestEpoch());
    }

    @Test
    void kerasDefaultPatienceIsZero() {
        EarlyStopping es = EarlyStopping.parse("", Compat.KERAS);
        assertEquals(2, run(es, 5, 5));
        assertEquals(1, es.stoppedEpoch());
    }

    // ---- hand-computed: start_from_epoch ----

    @Test
    void startFromEpochIgnoresWarmUpCompletely() {
        // e0, e1 ignored (even the 0.5 at e1); e2: wait 1 -> improvement (first), wait 0, best 3;
        // e3: wait 1, 3 is not < 3, 1 >= 1 and e3 > 0 -> stop at 3
        EarlyStopping es = EarlyStopping.parse("patience=1,start_from_epoch=2", Compat.KERAS);
        assertFalse(es.onEpochEnd(0, 1.0));
        assertFalse(es.onEpochEnd(1, 0.5));
        assertEquals(-1, es.bestEpoch());
        assertTrue(Double.isNaN(es.best()));
        assertEquals(0, es.waitCount());
        assertFalse(es.onEpochEnd(2, 3.0));
        assertTrue(es.isNewBest());
        assertTrue(es.onEpochEnd(3, 3.0));
        assertEquals(3, es.stoppedEpoch());
        assertEquals(2, es.bestEpoch());
        assertEquals(3.0, es.best());
    }

    @Test
    void startFromEpochWithPatience0StopsOnFirstBadMonitoredEpoch() {
        // e0..e2 ignored; e3 first best; e4 2.1 not better -> wait 1 >= 0 -> stop at 4
        EarlyStopping es = EarlyStopping.parse("start_from_epoch=3", Compat.KERAS);
        assertEquals(5, run(es, 9, 9, 9, 2, 2.1, 1));
        assertEquals(4, es.stoppedEpoch());
        assertEquals(3, es.bestEpoch());
    }

    // ---- hand-computed: baseline ----

    @Test
    void baselineNotBeatenStopsAfterPatienceCountedFromTheStart() {
        // patience=2, baseline=1: e0 wait 1, 3 is the first best but not < 1, so wait stays 1;
        // e1 wait 2, 4 is not better, 2 >= 2 and e1 > 0 -> stop at 1
        EarlyStopping es = EarlyStopping.parse("patience=2,baseline=1", Compat.KERAS);
        assertEquals(2, run(es, 3, 4, 4));
        assertEquals(1, es.stoppedEpoch());
        assertEquals(0, es.bestEpoch());
    }

    @Test
    void baselineBeatenResetsWait() {
        // patience=1, baseline=2: e0 wait 1 (best 3, not < 2); e1 wait 2 (best 2.5, improves so no
        // patience test); e2 wait 3 (best 2.4); e3 1.9 < 2 -> wait 0, best epoch 3;
        // e4 wait 1, 1.95 not better, 1 >= 1 -> stop at 4
        EarlyStopping es = EarlyStopping.parse("patience=1,baseline=2", Compat.KERAS);
        assertFalse(es.onEpochEnd(0, 3));
        assertFalse(es.onEpochEnd(1, 2.5));
        assertFalse(es.onEpochEnd(2, 2.4));
        assertEquals(3, es.waitCount());
        assertFalse(es.onEpochEnd(3, 1.9));
        assertEquals(0, es.waitCount());
        assertTrue(es.onEpochEnd(4, 1.95));
        assertEquals(4, es.stoppedEpoch());
        assertEquals(3, es.bestEpoch());
        assertEquals(OptionalDouble.of(2.0), es.baseline());
    }

    @Test
    void baselineUsesMinDeltaAndMaxMode() {
        // max mode, patience 3, baseline 0.8, min_delta 0.05:
        // e0 0.70 first best, 0.65 is not > 0.8 -> wait 1
        // e1 0.84 beats the best (0.79 > 0.70) but not the baseline (0.79 > 0.8 is false) -> wait 2
        // e2 0.90 beats both (0.85 > 0.84, 0.85 > 0.8) -> wait 0
        // e3..e5 0.92, 0.93, 0.94 are within min_delta of 0.90 -> wait 1, 2, 3 -> stop at 5
        EarlyStopping es = EarlyStopping.parse("mode=max,patience=3,baseline=0.8,min_delta=0.05", Compat.KERAS);
        assertFalse(es.onEpochEnd(0, 0.70));
        assertEquals(1, es.waitCount());
        assertFalse(es.onEpochEnd(1, 0.84));
        assertTrue(es.isNewBest());
        assertEquals(2, es.waitCount());
        assertFalse(es.onEpochEnd(2, 0.90));
        assertEquals(0, es.waitCount());
        assertFalse(es.onEpochEnd(3, 0.92));
        assertFalse(es.onEpochEnd(4, 0.93));
        assertTrue(es.onEpochEnd(5, 0.94));
        assertEquals(5, es.stoppedEpoch());
        assertEquals(2, es.bestEpoch());
        assertEquals(0.90, es.best());
    }

    // ---- hand-computed: non-finite values and snapshots (Keras) ----

    @Test
    void kerasNeverStopsAtEpoch0AndNonFiniteIsNotAnImprovement() {
        // patience=0: e0 NaN is not an improvement, wait 1 >= 0, but epoch 0 never stops;
        // e1 5 is the first best; e2 NaN -> stop at 2
        EarlyStopping es = EarlyStopping.parse("patience=0", Compat.KERAS);
        assertFalse(es.onEpochEnd(0, Double.NaN));
        assertFalse(es.isNewBest());
        assertFalse(es.onEpochEnd(1, 5));
        assertTrue(es.isNewBest());
        assertTrue(es.onEpochEnd(2, Double.NaN));
        assertEquals(2, es.stoppedEpoch());
        assertEquals(1, es.bestEpoch());
        assertEquals(5.0, es.best());
    }

    @Test
    void restoreBestSnapshotsAndRestoresWithoutEarlyStop() {
        EarlyStopping es = EarlyStopping.parse("patience=10,restore_best=true", Compat.KERAS);
        assertFalse(es.shouldRestoreBest());
        boolean[] snap = new boolean[5];
        double[] m = {3, 2, 2.5, 1, 1.5};
        for (int e = 0; e < m.length; e++) {
            assertFalse(es.onEpochEnd(e, m[e]));
            snap[e] = es.isNewBest();
        }
        assertEquals("[true, true, false, true, false]", java.util.Arrays.toString(snap));
        assertEquals(-1, es.stoppedEpoch());
        assertTrue(es.shouldRestoreBest());
        assertEquals(3, es.bestEpoch());
        EarlyStopping noRestore = EarlyStopping.parse("patience=10", Compat.KERAS);
        run(noRestore, m);
        assertFalse(noRestore.shouldRestoreBest());
        assertEquals(3, noRestore.bestEpoch());
    }

    @Test
    void restoreBestSnapshotsFirstMonitoredEpochEvenIfNotFinite() {
        // Keras takes a copy at the first monitored epoch whatever its value
        EarlyStopping es = EarlyStopping.parse("patience=5,restore_best=true,start_from_epoch=1", Compat.KERAS);
        assertFalse(es.onEpochEnd(0, 1));
        assertFalse(es.isNewBest());
        assertFalse(es.onEpochEnd(1, Double.NaN));
        assertTrue(es.isNewBest());
        assertEquals(1, es.bestEpoch());
        assertTrue(Double.isNaN(es.best()));
        assertTrue(es.shouldRestoreBest());
        assertFalse(es.onEpochEnd(2, 4));
        assertTrue(es.isNewBest());
        assertEquals(2, es.bestEpoch());
    }

    // ---- Lightning rule (Compat.TORCH) ----

    @Test
    void lightningSameSequenceAsKerasGolden() {
        // improvements at e0, e1; wait 1, 2, 3 at e2..e4; 3 >= 3 -> stop at 4
        EarlyStopping es = EarlyStopping.parse("patience=3", Compat.TORCH);
        assertEquals(5, run(es, 5, 4, 4, 4, 4, 3));
        assertEquals(4, es.stoppedEpoch());
        assertEquals(1, es.bestEpoch());
    }

    @Test
    void lightningDefaultPatienceIs3() {
        EarlyStopping es = EarlyStopping.parse("", Compat.TORCH);
        assertEquals(3, es.patience());
        assertTrue(es.checkFinite());
        assertEquals(4, run(es, 1, 1, 1, 1, 1, 1));
        assertEquals(3, es.stoppedEpoch());
    }

    @Test
    void lightningStopsOnNonFiniteWhenCheckFinite() {
        EarlyStopping es = EarlyStopping.parse("patience=5", Compat.TORCH);
        assertEquals(2, run(es, 5, Double.POSITIVE_INFINITY, 4));
        assertEquals(1, es.stoppedEpoch());
        assertEquals(0, es.bestEpoch());
        // a non-finite first value stops at epoch 0 (Lightning has no epoch > 0 condition)
        EarlyStopping first = EarlyStopping.parse("", Compat.TORCH);
        assertTrue(first.onEpochEnd(0, Double.NaN));
        assertEquals(0, first.stoppedEpoch());
    }

    @Test
    void lightningWithoutCheckFiniteCountsNonFiniteAsBad() {
        // e1 NaN: wait 1 < 2; e2 4 improves, wait 0; e3 -inf: wait 1; e4 NaN: wait 2 -> stop
        EarlyStopping es = EarlyStopping.parse("patience=2,check_finite=false", Compat.TORCH);
        assertEquals(5, run(es, 5, Double.NaN, 4, Double.NEGATIVE_INFINITY, Double.NaN, 1));
        assertEquals(4, es.stoppedEpoch());
        assertEquals(2, es.bestEpoch());
        assertEquals(4.0, es.best());
    }

    @Test
    void lightningPatience0AndMinDelta() {
        // min_delta 0.5: 4.6 is not below 5 - 0.5, so with patience 0 it stops at once
        EarlyStopping es = EarlyStopping.parse("patience=0,min_delta=0.5", Compat.TORCH);
        assertEquals(2, run(es, 5, 4.6));
        assertEquals(1, es.stoppedEpoch());
        EarlyStopping ok = EarlyStopping.parse("patience=0,min_delta=0.5", Compat.TORCH);
        assertEquals(3, run(ok, 5, 4.4, 3.8));
        assertEquals(-1, ok.stoppedEpoch());
    }

    // ---- reset ----

    @Test
    void resetRestartsFromScratch() {
        EarlyStopping es = EarlyStopping.parse("patience=3,restore_best=true", Compat.KERAS);
        run(es, 5, 4, 4, 4, 4, 3);
        es.reset();
        assertEquals(-1, es.stoppedEpoch());
        assertEquals(-1, es.bestEpoch());
        assertFalse(es.shouldRestoreBest());
        assertFalse(es.isNewBest());
        assertEquals(5, run(es, 5, 4, 4, 4, 4, 3));
        assertEquals(4, es.stoppedEpoch());
    }

    // ---- parsing ----

    @Test
    void defaultsAndToString() {
        assertEquals("early_stopping(mode=min,patience=0,min_delta=0,start_from_epoch=0,restore_best=false)",
                EarlyStopping.parse("", Compat.KERAS).toString());
        assertEquals("early_stopping(mode=min,patience=3,min_delta=0,check_finite=true,restore_best=false)",
                EarlyStopping.parse("", Compat.TORCH).toString());
        EarlyStopping es = EarlyStopping.parse(
                "patience=10,min_delta=0,restore_best=true,baseline=0.25,start_from_epoch=2", Compat.KERAS);
        assertEquals("early_stopping(mode=min,patience=10,min_delta=0,baseline=0.25,start_from_epoch=2,"
                + "restore_best=true)", es.toString());
        String text = es.toString();
        assertEquals(text, EarlyStopping.parse(text.substring(text.indexOf('(') + 1, text.length() - 1),
                Compat.KERAS).toString());
        assertEquals(OptionalDouble.empty(), EarlyStopping.parse("", Compat.KERAS).baseline());
    }

    @Test
    void unknownKeyListsValidKeys() {
        SpecException e = assertThrows(SpecException.class,
                () -> EarlyStopping.parse("patience=3,restore_best_weights=true", Compat.KERAS));
        assertEquals("early_stopping: unknown key 'restore_best_weights' (valid: mode, patience, min_delta, "
                + "baseline, restore_best, start_from_epoch)", e.getMessage());
        SpecException t = assertThrows(SpecException.class,
                () -> EarlyStopping.parse("baseline=1", Compat.TORCH));
        assertEquals("early_stopping: unknown key 'baseline' (valid: mode, patience, min_delta, check_finite, "
                + "restore_best)", t.getMessage());
        assertThrows(SpecException.class, () -> EarlyStopping.parse("check_finite=true", Compat.KERAS));
    }

    @Test
    void badValuesAreRejected() {
        assertThrows(SpecException.class, () -> EarlyStopping.parse("patience=-1", Compat.KERAS));
        assertThrows(SpecException.class, () -> EarlyStopping.parse("patience=1.5", Compat.TORCH));
        assertThrows(SpecException.class, () -> EarlyStopping.parse("min_delta=-0.1", Compat.KERAS));
        assertThrows(SpecException.class, () -> EarlyStopping.parse("start_from_epoch=-2", Compat.KERAS));
        assertThrows(SpecException.class, () -> EarlyStopping.parse("restore_best=yes", Compat.KERAS));
        assertThrows(SpecException.class, () -> EarlyStopping.parse("baseline=none", Compat.KERAS));
        assertThrows(SpecException.class, () -> EarlyStopping.parse("mode=up", Compat.TORCH));
        assertThrows(IllegalArgumentException.class,
                () -> EarlyStopping.parse("", Compat.KERAS).onEpochEnd(-1, 1.0));
    }
}
