package dev.lrsweep.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The logistic kernel's own exp and log1p ({@link LogisticRegression#expNeg},
 * {@link LogisticRegression#log1pUnit}) against fdlibm ({@link StrictMath}, itself within 1 ulp of
 * the true value), over millions of arguments spread across their whole ranges.
 */
class LogisticMathTest {
    private static final int SAMPLES = 3_000_000;

    @Test
    void expNegIsWithinTwoUlpOfFdlibm() {
        SplittableRandom rng = new SplittableRandom(11);
        double worst = 0;
        for (int i = 0; i < SAMPLES; i++) {
            double a = switch (i % 4) {
                case 0 -> rng.nextDouble(0, 1);
                case 1 -> rng.nextDouble(0, LogisticRegression.FAST_EXP_MAX);
                case 2 -> Math.scalb(rng.nextDouble(1, 2), -rng.nextInt(1, 1075)); // tiny a, exp ≈ 1
                default -> rng.nextDouble(40, 800); // both sides of the fast route's end, and underflow
            };
            double want = StrictMath.exp(-a);
            double got = LogisticRegression.expNeg(a);
            if (want == 0) {
                assertEquals(0.0, got, 0.0, "a=" + a);
            } else if (want >= Double.MIN_NORMAL) {
                worst = Math.max(worst, Math.abs(got - want) / Math.ulp(want));
            }
        }
        assertTrue(worst <= 2.0, "worst error " + worst + " ulp");
        assertEquals(1.0, LogisticRegression.expNeg(0.0), 0.0);
        assertEquals(1.0, LogisticRegression.expNeg(-0.0), 0.0);
        assertEquals(0.0, LogisticRegression.expNeg(Double.POSITIVE_INFINITY), 0.0);
        assertTrue(Double.isNaN(LogisticRegression.expNeg(Double.NaN)));
    }

    @Test
    void log1pUnitIsWithinAFewUlpOfFdlibmDownToSubnormals() {
        SplittableRandom rng = new SplittableRandom(12);
        double worstRel = 0;
        for (int i = 0; i < SAMPLES; i++) {
            double e = switch (i % 3) {
                case 0 -> rng.nextDouble(); // [0, 1)
                case 1 -> Math.scalb(rng.nextDouble(1, 2), -rng.nextInt(1, 1075)); // every binade down to 2^-1074
                default -> Math.exp(-rng.nextDouble(0, 40)); // as the model feeds it: exp(−|z|)
            };
            double want = StrictMath.log1p(e);
            double got = LogisticRegression.log1pUnit(e);
            if (want == 0) {
                assertEquals(0.0, got, 0.0, "e=" + e);
            } else if (want >= Double.MIN_NORMAL) {
                worstRel = Math.max(worstRel, Math.abs(got - want) / want);
            } else {
                assertEquals(e, got, 0.0, "subnormal e=" + e); // log1p(e) rounds to e there
            }
        }
        // 2^-51 = 4.44e-16: two ulp at the top of a binade (rounding of 2+e and of the division, then the sum)
        assertTrue(worstRel < 4.5e-16, "worst relative error " + worstRel);
        assertEquals(StrictMath.log1p(1.0), LogisticRegression.log1pUnit(1.0), Math.ulp(Math.log(2)));
        assertEquals(0.0, LogisticRegression.log1pUnit(0.0), 0.0);
        assertEquals(Double.MIN_VALUE, LogisticRegression.log1pUnit(Double.MIN_VALUE), 0.0);
        assertTrue(Double.isNaN(LogisticRegression.log1pUnit(Double.NaN)));
    }

    /** The loss term log1p(exp(−a)) = log(1 + e^−a) as the kernel computes it. */
    @Test
    void softplusOfMinusAIsAccurate() {
        SplittableRandom rng = new SplittableRandom(13);
        double worstRel = 0;
        for (int i = 0; i < SAMPLES; i++) {
            double a = i % 2 == 0 ? rng.nextDouble(0, 50) : rng.nextDouble(0, 2);
            double want = StrictMath.log1p(StrictMath.exp(-a));
            double got = LogisticRegression.log1pUnit(LogisticRegression.expNeg(a));
            worstRel = Math.max(worstRel, Math.abs(got - want) / want);
        }
        assertTrue(worstRel < 6e-16, "worst relative error " + worstRel);
    }
}
