package dev.lrsweep.schedule;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/**
 * Every schedule against the golden figures in {@code shared/golden/}: {@code keras_transcribed.out}
 * (Keras formulas transcribed into NumPy, float64) and {@code torch_golden.out} (torch 1.13.1 run in
 * float64). The numbers are typed in from those files; the files print about ten significant
 * digits, so the tolerance is 1e-9 relative.
 */
class GoldenScheduleTest {
    private static final double REL = 1e-9;
    private static final double ABS = 1e-15;

    private static void assertSeries(String spec, double lr, double... expected) {
        Schedule s = ScheduleSpec.parse(spec).at(lr);
        for (int t = 0; t < expected.length; t++) {
            double got = s.valueAt(t);
            if (!(Math.abs(got - expected[t]) <= REL * Math.abs(expected[t]) + ABS)) {
                fail(spec + " at lr " + lr + ", step " + t + ": expected " + expected[t]
                        + ", got " + got);
            }
        }
    }

    private static void assertMomentum(String spec, double lr, double... expected) {
        Schedule s = ScheduleSpec.parse(spec).at(lr);
        for (int t = 0; t < expected.length; t++) {
            OptionalDouble m = s.momentumAt(t);
            assertTrue(m.isPresent(), spec + " has no momentum");
            double got = m.getAsDouble();
            if (!(Math.abs(got - expected[t]) <= REL * Math.abs(expected[t]) + ABS)) {
                fail(spec + " momentum at step " + t + ": expected " + expected[t] + ", got " + got);
            }
        }
    }

    // ---- keras_transcribed.out ----

    @Test
    void kerasExponentialDecay() {
        assertSeries("exponential(decay_steps=4,decay_rate=0.5)", 0.1,
                0.1, 0.08408964153, 0.07071067812, 0.05946035575, 0.05, 0.04204482076,
                0.03535533906, 0.02973017788, 0.025, 0.02102241038, 0.01767766953,
                0.01486508894, 0.0125);
        assertSeries("exponential(decay_steps=4,decay_rate=0.5,staircase=true)", 0.1,
                0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.025, 0.0125);
    }

    @Test
    void kerasPiecewiseConstantDecay() {
        double[] golden = {1, 1, 1, 1, 0.5, 0.5, 0.5, 0.1, 0.1};
        assertSeries("piecewise(boundaries=[3,6],values=[1.0,0.5,0.1])", 1.0, golden);
        assertSeries("piecewise(boundaries=[3,6],values=[1.0,0.5,0.1],absolute=true)", 0.37, golden);
    }

    @Test
    void kerasPolynomialDecay() {
        assertSeries("polynomial(decay_steps=4,end=0.01,power=2)", 0.1,
                0.1, 0.060625, 0.0325, 0.015625, 0.01, 0.01, 0.01, 0.01, 0.01);
        assertSeries("polynomial(decay_steps=4,end=0.01,power=2,cycle=true)", 0.1,
                0.1, 0.060625, 0.0325, 0.015625, 0.01, 0.02265625, 0.015625, 0.01140625, 0.01);
    }

    @Test
    void kerasInverseTimeDecay() {
        assertSeries("inverse_time(decay_steps=2,decay_rate=0.5)", 0.1,
                0.1, 0.08, 0.06666666667, 0.05714285714, 0.05, 0.04444444444, 0.04);
        assertSeries("inverse_time(decay_steps=2,decay_rate=0.5,staircase=true)", 0.1,
                0.1, 0.1, 0.06666666667, 0.06666666667, 0.05, 0.05, 0.04);
    }

    @Test
    void kerasCosineDecay() {
        assertSeries("cosine(decay_steps=4,alpha=0.1)", 0.1,
                0.1, 0.08681980515, 0.055, 0.02318019485, 0.01, 0.01, 0.01);
        assertSeries("cosine(decay_steps=4,warmup_target=0.1,warmup_steps=2)", 0.0,
                0, 0.05, 0.1, 0.08535533906, 0.05, 0.01464466094, 0, 0, 0);
    }

    @Test
    void kerasCosineDecayRestarts() {
        assertSeries("cosine_restarts(first_decay_steps=2,t_mul=2,m_mul=0.5,alpha=0)", 0.1,
                0.1, 0.05, 0.05, 0.04267766953, 0.025, 0.00732233047, 0.025, 0.02404849416,
                0.02133883476, 0.0172835429, 0.0125, 0.007716457095, 0.003661165235,
                0.0009515058436, 0.0125);
        assertSeries("cosine_restarts(first_decay_steps=3,t_mul=1,m_mul=1)", 0.1,
                0.1, 0.075, 0.025, 0.1, 0.075, 0.025, 0.1, 0.075);
    }

    // ---- torch_golden.out ----

    @Test
    void torchOneCycle() {
        assertSeries("one_cycle(total_steps=10)", 1.0,
                0.04, 0.52, 1, 0.950484632, 0.8117456539, 0.6112620219, 0.3887419781,
                0.1882583461, 0.04951936799, 4e-06);
        assertMomentum("one_cycle(total_steps=10)", 1.0,
                0.95, 0.9, 0.85, 0.8549515566, 0.8688255099, 0.8888739533, 0.9111260467,
                0.9311744901, 0.9450484434, 0.95);
        assertSeries("one_cycle(total_steps=10,anneal=linear)", 1.0,
                0.04, 0.52, 1, 0.8571434286, 0.7142868571, 0.5714302857, 0.4285737143,
                0.2857171429, 0.1428605714, 4e-06);
        assertSeries("one_cycle(total_steps=10,three_phase=true)", 1.0,
                0.04, 0.52, 1, 0.52, 0.04, 0.03618072185, 0.02618172185, 0.01382227815,
                0.003823278146, 4e-06);
    }

    @Test
    void torchCyclic() {
        assertSeries("cyclic(max=1.0,step_size_up=4)", 0.1,
                0.1, 0.325, 0.55, 0.775, 1, 0.775, 0.55, 0.325, 0.1, 0.325, 0.55, 0.775, 1,
                0.775, 0.55, 0.325, 0.1);
        assertSeries("cyclic(max=1.0,step_size_up=4,mode=triangular2)", 0.1,
                0.1, 0.325, 0.55, 0.775, 1, 0.775, 0.55, 0.325, 0.1, 0.2125, 0.325, 0.4375,
                0.55, 0.4375, 0.325, 0.2125, 0.1);
        assertSeries("cyclic(max=1.0,step_size_up=4,mode=exp_range,gamma=0.9)", 0.1,
                0.1, 0.3025, 0.4645, 0.592075, 0.69049, 0.49858075, 0.33914845, 0.2076168025,
                0.1, 0.18716961, 0.256905298, 0.3118221524, 0.3541865828, 0.2715759434,
                0.202945566, 0.1463255047, 0.1);
        assertSeries("cyclic(max=1.0,step_size_up=2,step_size_down=6)", 0.1,
                0.1, 0.55, 1, 0.85, 0.7, 0.55, 0.4, 0.25, 0.1);
    }

    @Test
    void torchCosineAnnealingWarmRestarts() {
        assertSeries("warm_restarts(t_0=3,t_mult=2,eta_min=0.01)", 0.1,
                0.1, 0.0775, 0.0325, 0.1, 0.09397114317, 0.0775, 0.055, 0.0325, 0.01602885683,
                0.1, 0.09846666218, 0.09397114317);
    }

    @Test
    void torchCosineAnnealingIsPeriodic() {
        assertSeries("cosine_annealing(t_max=4)", 0.1,
                0.1, 0.08535533906, 0.05, 0.01464466094, 0, 0.01464466094, 0.05,
                0.08535533906, 0.1, 0.08535533906);
    }

    @Test
    void torchLinear() {
        assertSeries("linear(start_factor=0.25,total_iters=4)", 0.1,
                0.025, 0.04375, 0.0625, 0.08125, 0.1, 0.1, 0.1);
    }

    @Test
    void torchStep() {
        assertSeries("step(every=3,factor=0.5)", 0.1,
                0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025);
    }

    @Test
    void torchMultiStep() {
        assertSeries("multistep(milestones=[2,5],factor=0.1)", 0.1,
                0.1, 0.1, 0.01, 0.01, 0.01, 0.001, 0.001);
        assertSeries("multistep(milestones=[2,5])", 0.1,
                0.1, 0.1, 0.01, 0.01, 0.01, 0.001, 0.001);
    }

    @Test
    void torchExponentialLrIsExponentialWithDecayStepsOne() {
        assertSeries("exponential(decay_steps=1,decay_rate=0.5)", 0.1, 0.1, 0.05, 0.025, 0.0125);
    }

    @Test
    void torchPolynomialLrIsPolynomialEndingAtZero() {
        assertSeries("polynomial(decay_steps=4,end=0,power=2)", 0.1,
                0.1, 0.05625, 0.025, 0.00625, 0, 0);
    }

    @Test
    void warmupMatchesLinearThenSequentialRestart() {
        // SequentialLR([LinearLR(start_factor=0.25,total_iters=4), StepLR(3,0.5)], milestones=[4]):
        // the LinearLR values above for steps 0..3, then StepLR from its own step 0.
        assertSeries("warmup(steps=4,start_factor=0.25,then=step(every=3,factor=0.5))", 0.1,
                0.025, 0.04375, 0.0625, 0.08125, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025);
    }

    @org.junit.jupiter.api.Test
    @org.junit.jupiter.api.Timeout(10) // the period index went infinite and a correction loop never ended
    void cosineRestartsWithAHugePeriodGrowthStaysInItsSecondPeriod() {
        // first period 1 step, the second 1e308 steps: from step 1 on, lr · m_mul · (1 + cos(π·(s−1)/1e308))/2 = lr
        Schedule s = ScheduleSpec.parse("cosine_restarts(first_decay_steps=1,t_mul=1e308)").at(0.01);
        for (long step = 0; step < 5; step++) org.junit.jupiter.api.Assertions.assertEquals(0.01, s.valueAt(step), 1e-18);
        org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                () -> ScheduleSpec.parse("cosine_restarts(first_decay_steps=1e-308)").at(0.01));
    }
}
