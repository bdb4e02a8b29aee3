package dev.lrsweep.sweep.finder;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A 1-D quadratic, loss(w) = a w^2, trained by real gradient descent (w -= lr * 2 a w). Plain GD
 * converges for lr &lt; 2/(2a) = 1/a and reaches the minimum in one step at lr = 1/(2a). The
 * lrsweep default suggestion must lie below the critical rate and within a factor of 10 of 1/(2a).
 */
class QuadraticToyTest {

    /** GD on a w^2 from w = 1; returns the loss before each update. */
    private static final class Quadratic implements TrainStep {
        private final double a;
        private double w = 1;

        Quadratic(double a) {
            this.a = a;
        }

        @Override
        public double step(double lr) {
            double loss = a * w * w;
            w -= lr * 2 * a * w;
            return loss;
        }
    }

    @ParameterizedTest(name = "a={0}, lr {1}..{2}, {3} steps")
    @CsvSource({
        "0.5, 1e-5, 10, 100",
        "1,   1e-5, 10, 100",
        "2,   1e-5, 10, 100",
        "5,   1e-5, 10, 100",
        "2,   1e-4, 10, 100",
        "2,   1e-3, 10, 50",
        "2,   1e-6, 100, 200",
    })
    void steepestLiesBelowTheCriticalRateAndNearTheOptimum(double a, double min, double max, int steps) {
        RangeTestResult r = new RangeTest(RangeTestConfig.builder().minLr(min).maxLr(max).steps(steps).build())
                .run(new Quadratic(a));
        double lr = r.suggestion().lrOrThrow();
        double critical = 1 / a;
        double optimum = 1 / (2 * a);
        assertTrue(lr < critical, "suggestion " + lr + " not below the critical rate " + critical);
        assertTrue(lr > optimum / 10 && lr < optimum * 10,
                "suggestion " + lr + " not within a factor of 10 of 1/(2a) = " + optimum);
    }
}
