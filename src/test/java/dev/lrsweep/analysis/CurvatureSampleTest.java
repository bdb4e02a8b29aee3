package dev.lrsweep.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.lrsweep.data.Dataset;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sharpness estimate's row sample: a seeded draw without replacement, in file order. */
class CurvatureSampleTest {

    /** Rows 0..n-1 with the row's index as its one feature and its target. */
    private static Dataset indexed(int n) {
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
            y[i] = i;
        }
        return new Dataset(x, y, List.of("i"), "y", "t", null);
    }

    /** The draw written out with the whole permutation in memory: a partial Fisher-Yates shuffle. */
    private static double[] dense(int n) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        java.util.SplittableRandom rng = new java.util.SplittableRandom(0x5eed);
        for (int i = 0; i < Curvature.SAMPLE_ROWS; i++) {
            int j = i + rng.nextInt(n - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        int[] rows = Arrays.copyOf(idx, Curvature.SAMPLE_ROWS);
        Arrays.sort(rows);
        return Arrays.stream(rows).asDoubleStream().toArray();
    }

    @Test
    void theSparseDrawPicksTheRowsOfTheWholePermutation() {
        for (int n : new int[] {Curvature.SAMPLE_ROWS + 1, 5000, 8192, 100_003}) {
            Dataset s = Curvature.sample(indexed(n));
            double[] expected = dense(n);
            assertArrayEquals(expected, s.yArray(), "n=" + n);
            assertArrayEquals(expected, s.xArray(), "n=" + n);
        }
    }

    @Test
    void aSmallSetIsUsedWhole() {
        Dataset d = indexed(Curvature.SAMPLE_ROWS);
        assertSame(d, Curvature.sample(d));
    }
}
