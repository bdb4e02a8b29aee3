package dev.lrsweep.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lrsweep.data.Dataset;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogisticBoundTest {
    private static final Dataset ONE_FEATURE =
            new Dataset(new double[] {1, 2, 3}, new double[] {0, 1, 1}, List.of("x"), "y", "t", null);

    /**
     * x = 1, 2, 3 with an intercept: X̃ᵀX̃ = [[14, 6], [6, 3]], whose eigenvalues are
     * (17 ± sqrt(17² − 4·6))/2 = (17 ± sqrt(265))/2; the larger is 16.6394102980..., so
     * L = 16.6394102980/(4·3) = 1.38661752484 and the safe rate 2/L = 1.44236...
     */
    @Test
    void handComputedWithIntercept() {
        LogisticBound b = LogisticBound.of(ONE_FEATURE, true);
        double lmax = (17 + Math.sqrt(265)) / 2;
        assertEquals(lmax / 12, b.smoothness(), 1e-14);
        assertEquals(1.38661752484, b.smoothness(), 1e-11);
        assertEquals(24 / lmax, b.safeLr(), 1e-14);
    }

    /** The same hand-computed figures from the shared Gram statistics, with and without the intercept. */
    @Test
    void fromTheGramStatistics() {
        double lmax = (17 + Math.sqrt(265)) / 2;
        LogisticBound b = LogisticBound.of(dev.lrsweep.model.Gram.of(ONE_FEATURE, true, 2), 0.0);
        assertEquals(lmax / 12, b.smoothness(), 1e-14);
        assertEquals(24 / lmax, b.safeLr(), 1e-14);
        assertEquals(14.0 / 12 + 0.5, LogisticBound.of(dev.lrsweep.model.Gram.of(ONE_FEATURE, false, 1), 0.25).smoothness(),
                1e-15);
    }

    /** Without an intercept X̃ᵀX̃ is the 1×1 matrix [14]: L = 14/12, and an L2 penalty adds 2·l2. */
    @Test
    void withoutInterceptAndWithPenalty() {
        assertEquals(14.0 / 12, LogisticBound.of(ONE_FEATURE, false).smoothness(), 1e-15);
        assertEquals(12.0 / 14 * 2, LogisticBound.of(ONE_FEATURE, false).safeLr(), 1e-14);
        assertEquals(14.0 / 12 + 0.5, LogisticBound.of(ONE_FEATURE, false, 0.25).smoothness(), 1e-15);
    }

    /** Two orthogonal-ish columns: x1 = (1, 0, 1, 0), x2 = (0, 2, 0, 2): X̃ᵀX̃ = diag(2, 8), L = 8/16. */
    @Test
    void diagonalGram() {
        Dataset d = new Dataset(new double[] {1, 0, 0, 2, 1, 0, 0, 2}, new double[] {0, 1, 0, 1}, List.of("a", "b"),
                "y", "t", null);
        LogisticBound b = LogisticBound.of(d, false);
        assertEquals(0.5, b.smoothness(), 1e-15);
        assertEquals(4.0, b.safeLr(), 1e-14);
    }

    @Test
    void degenerateCases() {
        Dataset zeros = new Dataset(new double[3], new double[] {0, 1, 0}, List.of("x"), "y", "t", null);
        assertEquals(Double.POSITIVE_INFINITY, LogisticBound.of(zeros, false).safeLr());
        Dataset empty = new Dataset(new double[0], new double[0], List.of("x"), "y", "t", null);
        assertThrows(IllegalArgumentException.class, () -> LogisticBound.of(empty, true));
        assertThrows(IllegalArgumentException.class, () -> LogisticBound.of(ONE_FEATURE, true, -1));
    }
}
