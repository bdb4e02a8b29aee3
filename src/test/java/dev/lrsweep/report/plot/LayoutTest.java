package dev.lrsweep.report.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class LayoutTest {

    @Test
    void drawablePartEndsAtTheFirstNonFiniteOrNonPositiveLoss() {
        LossLayout l = LossLayout.of(List.of(
                Curve.ofSteps("nan", new double[] {1, 0.5, Double.NaN, 0.2}, false),
                Curve.ofSteps("zero", new double[] {1, 0.4, 0, 0.1}, false),
                Curve.ofSteps("inf", new double[] {1, Double.POSITIVE_INFINITY}, false)));
        assertArrayEquals(new double[] {1, 0.5}, l.traces().get(0).y());
        assertArrayEquals(new double[] {1, 0.4}, l.traces().get(1).y());
        assertArrayEquals(new double[] {1}, l.traces().get(2).y());
        assertTrue(l.traces().stream().allMatch(t -> t.mark() == null), "none is flagged diverged");
        assertEquals(0.4, l.yMin());
        assertEquals(1, l.yMax());
    }

    @Test
    void aDivergedCurveIsMarkedAtItsLastDrawablePoint() {
        LossLayout l = LossLayout.of(List.of(Curve.ofSteps("d", new double[] {1, 2, 4, Double.NaN}, true)));
        LossLayout.Mark m = l.traces().get(0).mark();
        assertEquals(new LossLayout.Mark(2, 4, LossLayout.Exit.DIVERGED, 2), m);
    }

    @Test
    void anExplodingCurveIsCutWhereItCrossesTheTop() {
        // top = 1000 x the smallest first loss (0.5) = 500; 50 -> 5000 crosses 500 halfway in log
        LossLayout l = LossLayout.of(List.of(
                Curve.ofSteps("calm", new double[] {0.5, 0.4}, false),
                Curve.ofSteps("wild", new double[] {1, 50, 5000, 1e9}, false)));
        LossLayout.Trace wild = l.traces().get(1);
        assertArrayEquals(new double[] {0, 1, 1.5}, wild.x(), 1e-12);
        assertArrayEquals(new double[] {1, 50, 500}, wild.y(), 1e-9);
        assertEquals(LossLayout.Exit.OFF_CHART, wild.mark().exit());
        assertEquals(1.5, wild.mark().x(), 1e-12);
        assertEquals(1, wild.mark().lastStep());
        assertEquals(500, l.yMax(), 1e-9);
    }

    @Test
    void everyCurveStartIsVisibleEvenFarAboveTheOthers() {
        LossLayout l = LossLayout.of(List.of(
                Curve.ofSteps("small", new double[] {1e-3, 1e-4}, false),
                Curve.ofSteps("big", new double[] {10, 9}, false)));
        assertArrayEquals(new double[] {10, 9}, l.traces().get(1).y());
        assertNull(l.traces().get(1).mark());
    }

    @Test
    void aCurveDivergedBeforeItsFirstLossIsMarkedAtTheTop() {
        LossLayout l = LossLayout.of(List.of(
                Curve.ofSteps("ok", new double[] {2, 1}, false),
                new Curve("gone", new double[] {3, 4}, new double[] {Double.NaN, Double.NaN}, true)));
        LossLayout.Trace gone = l.traces().get(1);
        assertEquals(0, gone.size());
        assertEquals(3, gone.mark().x());
        assertEquals(2, gone.mark().y());
        assertTrue(Double.isNaN(gone.mark().lastStep()));
        assertEquals(3, l.xMax());
    }

    @Test
    void rangeLayoutIsLinearUnlessTheLossSpansMoreThanAHundredfold() {
        double[] lrs = {1e-4, 1e-3, 1e-2, 1e-1};
        RangeLayout lin = RangeLayout.of(lrs, new double[] {2, 1, 0.5, 3}, null, OptionalDouble.empty(),
                OptionalDouble.empty());
        assertFalse(lin.logY());
        assertEquals(0.5, lin.yMin());
        assertEquals(3, lin.yMax());
        RangeLayout log = RangeLayout.of(lrs, new double[] {2, 0.01, 0.001, 3}, null, OptionalDouble.empty(),
                OptionalDouble.empty());
        assertTrue(log.logY());
    }

    @Test
    void rangeLayoutDropsBadPointsCapsTheTopAndWidensForMarkers() {
        double[] lrs = {0, 1e-3, 1e-2, 1e-1, 1, Double.NaN};
        double[] smoothed = {5, 1, 0.8, 0.9, 1e6, 1};
        double[] raw = {5, 1.1, Double.NaN, -1, Double.POSITIVE_INFINITY, 1};
        RangeLayout l = RangeLayout.of(lrs, smoothed, raw, OptionalDouble.of(3e-3), OptionalDouble.of(10));
        assertArrayEquals(new double[] {1e-3, 1e-2, 1e-1, 1}, l.lr());
        assertEquals(1, l.yMax(), "the 1e6 explosion is above 1000 x the first loss");
        assertTrue(l.smoothed()[3] > l.yMax() && l.smoothed()[3] < 1e6, "clamped above the axis");
        assertEquals(1.1, l.raw()[0]);
        assertTrue(Double.isNaN(l.raw()[1]));
        assertEquals(0.6, l.raw()[2], 1e-12, "kept on a linear axis, clamped one axis height (0.2) below it");
        assertTrue(Double.isNaN(l.raw()[3]));
        assertEquals(1e-3, l.xMin());
        assertEquals(10, l.xMax());
        assertThrows(IllegalArgumentException.class, () -> RangeLayout.of(new double[] {0}, new double[] {1}, null,
                OptionalDouble.empty(), OptionalDouble.empty()));
    }

    @Test
    void curveCopiesItsArraysAndComparesContents() {
        double[] y = {1, 2};
        Curve c = Curve.ofSteps("c", y, false);
        y[0] = 9;
        assertEquals(1, c.y()[0]);
        c.y()[1] = 9;
        assertEquals(2, c.y()[1]);
        assertEquals(Curve.ofSteps("c", new double[] {1, 2}, false), c);
        assertEquals(Curve.ofSteps("c", new double[] {1, 2}, false).hashCode(), c.hashCode());
        assertNotEquals(Curve.ofSteps("c", new double[] {1, 2}, true), c);
        assertThrows(IllegalArgumentException.class, () -> new Curve("c", new double[1], new double[2], false));
    }
}
