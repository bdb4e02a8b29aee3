package dev.lrsweep.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Numbers formats as String.format with the root locale and regular expressions would. */
class NumbersTest {
    private static String g4Reference(double v) {
        if (v == 0) return "0";
        if (!Double.isFinite(v)) return String.valueOf(v);
        String s = String.format(Locale.ROOT, "%.4g", v);
        int e = s.indexOf('e');
        String mant = e < 0 ? s : s.substring(0, e);
        if (mant.contains(".")) mant = mant.replaceAll("0+$", "").replaceAll("\\.$", "");
        return e < 0 ? mant : mant + s.substring(e);
    }

    private static String rateReference(double v) {
        if (!Double.isFinite(v)) return String.valueOf(v);
        if (v == 0) return "0";
        double a = Math.abs(v);
        if (a >= 1e-5 && a < 1e7) return new BigDecimal(v).round(new MathContext(6)).stripTrailingZeros().toPlainString();
        return String.format(Locale.ROOT, "%.5e", v).replaceAll("\\.?0+e", "e");
    }

    @Test
    void formatsMatchStringFormatOnRandomAndEdgeValues() {
        SplittableRandom rng = new SplittableRandom(3);
        double[] edge = {0.0, -0.0, 1, -1, 0.1, 100, 1000, 1e-5, 9.99995e-6, 1e7, 9999999.5, 0.00123, 123456789,
            1e-300, 4.9e-324, Double.MAX_VALUE, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 2.5e-7};
        for (int i = 0; i < edge.length + 20000; i++) {
            double v = i < edge.length ? edge[i]
                    : (rng.nextBoolean() ? -1 : 1) * Math.pow(10, rng.nextDouble(-320, 308)) * rng.nextDouble(1, 10);
            String w = "value " + v;
            assertEquals(g4Reference(v), Numbers.g4(v), w);
            assertEquals(v == 0 ? "0" : Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "-", Numbers.g6(v), w);
            assertEquals(rateReference(v), Numbers.rate(v), w);
            assertEquals(String.format(Locale.ROOT, "step=%3d, a1=%6.2f, loss=%.2f %s", i, v, -v, "x"),
                    Numbers.f("step=%3d, a1=%6.2f, loss=%.2f %s", i, v, -v, "x"), w);
        }
    }

    @Test
    void aFormatInsideAnArgumentsTextKeepsBothIntact() {
        Object inner = new Object() {
            @Override
            public String toString() {
                return Numbers.f("<%.3f>", 1.0 / 3);
            }
        };
        assertEquals("a 0.50 <0.333> b", Numbers.f("a %.2f %s b", 0.5, inner));
        assertEquals("after 7", Numbers.f("after %d", 7));
    }
}
