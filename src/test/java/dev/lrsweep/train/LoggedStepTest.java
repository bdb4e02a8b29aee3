package dev.lrsweep.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The parameter norm the table and JSON report. */
class LoggedStepTest {
    @Test
    void theNormOfFiniteParametersIsFiniteEvenWhereTheirSquaresOverflow() {
        assertEquals(5.0, LoggedStep.norm(new double[] {3, 4}), 0);
        // 3-4-5 scaled: the squares (9e308, 16e308) overflow, the norm does not
        assertEquals(5e154, LoggedStep.norm(new double[] {3e154, -4e154}), 5e154 * 1e-15);
        assertEquals(1.5e308, LoggedStep.norm(new double[] {1.5e308, 1e-300}), 0);
        assertEquals(Double.POSITIVE_INFINITY, LoggedStep.norm(new double[] {Double.POSITIVE_INFINITY, 1}), 0);
        assertTrue(Double.isNaN(LoggedStep.norm(new double[] {Double.NaN, 1})));
        assertEquals(0.0, LoggedStep.norm(new double[0]), 0);
    }
}
