package dev.lrsweep.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.distribution.UniformRealDistribution;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Test;

class DistributionTest {
    @Test
    void logGridIsDecades() {
        double[] g = new Distribution.LogUniform(1e-4, 1).grid(5);
        double[] expected = {1e-4, 1e-3, 1e-2, 1e-1, 1};
        for (int i = 0; i < 5; i++) assertEquals(expected[i], g[i], expected[i] * 1e-12);
    }

    @Test
    void linearGridIsEvenlySpaced() {
        assertArrayEquals(new double[] {0.01, 0.02, 0.03, 0.04}, new Distribution.Uniform(0.01, 0.04).grid(4), 1e-15);
    }

    @Test
    void drawsAreReproducibleAndInsideTheBounds() {
        Distribution d = new Distribution.LogUniform(1e-4, 1);
        double[] a = d.draws(1000, 7);
        assertArrayEquals(a, d.draws(1000, 7), 0);
        for (double v : a) assertTrue(v >= 1e-4 && v <= 1, "out of bounds: " + v);
        assertTrue(a[0] != d.draws(1, 8)[0]);
    }

    @Test
    void logValuesAreUniform() {
        // Kolmogorov–Smirnov: log10 of the draws against U(-4, 0); a seeded sample, so the p-value is fixed
        double[] draws = new Distribution.LogUniform(1e-4, 1).draws(2000, 12345);
        double[] logs = new double[draws.length];
        for (int i = 0; i < logs.length; i++) logs[i] = Math.log10(draws[i]);
        double p = new KolmogorovSmirnovTest().kolmogorovSmirnovTest(new UniformRealDistribution(-4, 0), logs);
        assertTrue(p > 0.01, "log-uniformity rejected, p = " + p);
        // and the draws themselves are far from uniform on [1e-4, 1]
        double q = new KolmogorovSmirnovTest().kolmogorovSmirnovTest(new UniformRealDistribution(1e-4, 1), draws);
        assertTrue(q < 1e-10, "raw draws look uniform, p = " + q);
    }

    @Test
    void badBoundsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Distribution.LogUniform(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new Distribution.LogUniform(1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Distribution.LogUniform(1e-3, 1).draws(0, 1));
    }
}
