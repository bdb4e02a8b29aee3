package dev.lrsweep.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link G6Format} must print exactly what {@code String.format("%.6g")} prints. */
class G6FormatTest {
    private static void check(double v) {
        String want = String.format(Locale.ROOT, "%.6g", v);
        String got = G6Format.format(v);
        if (!want.equals(got)) fail(v + " (bits " + Long.toHexString(Double.doubleToRawLongBits(v)) + "): %.6g gives '"
                + want + "', G6Format '" + got + "'");
    }

    @Test
    void edgeValues() {
        double[] values = {0.0, -0.0, 1.0, -1.0, 0.5, 123456.7, 999999.4, 999999.6, 99999.95, 9.999995, 9.9999949,
            1.0000005, 0.0001, 0.0000999996, 0.00009999995, 0.000099999949, 1e-5, 1e6, 1e5, 999999.49999, 1234567,
            0.1 + 0.2, 1e100, -1.23456789e-100, 2.5e-5, 1e16, 1e17, 9.99999e16, 1e-16, 1e-17, Double.MIN_VALUE,
            Double.MAX_VALUE, Double.MIN_NORMAL, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
            Math.PI, -Math.E, 5e-324, 4.35, 0.125, 2.675, 1.5e-4, 1.5e5, 15e5};
        for (double v : values) check(v);
        // the digits of a row of a generated file
        assertEquals("-0.415623", G6Format.format(-0.4156229));
        assertEquals("1.00000e+06", G6Format.format(999999.6));
        assertEquals("0.000100000", G6Format.format(0.0001));
        assertEquals("123457", G6Format.format(123456.7));
    }

    @Test
    void powersOfTenAndTheirNeighbours() {
        for (int e = -30; e <= 30; e++) {
            double p = Double.parseDouble("1e" + e);
            double v = p;
            for (int k = 0; k < 4; k++) v = Math.nextDown(v);
            for (int k = 0; k < 9; k++) {
                check(v);
                check(-v);
                check(v * 0.9999995);
                check(v * 9.999995);
                check(v * 9.9999949);
                check(v * 9.9999951);
                v = Math.nextUp(v);
            }
        }
    }

    @Test
    void randomValuesOfEveryKind() {
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < 300_000; i++) {
            double v = switch (i % 5) {
                case 0 -> r.nextGaussian();
                case 1 -> r.nextDouble() * Math.pow(10, r.nextInt(-25, 26));
                case 2 -> Double.longBitsToDouble(r.nextLong());
                // six-digit decimals and half-way points between them, the rounding cases
                case 3 -> (r.nextInt(100_000, 1_000_000) + (r.nextBoolean() ? 0.5 : 0)) * Math.pow(10, r.nextInt(-12, 8));
                default -> Math.round(r.nextDouble() * 1e7) / Math.pow(10, r.nextInt(12));
            };
            check(r.nextBoolean() ? v : -v);
        }
    }
}
