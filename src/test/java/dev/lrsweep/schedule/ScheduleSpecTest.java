package dev.lrsweep.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.spec.SpecException;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading, writing back, errors, and the behaviour the golden files do not cover. */
class ScheduleSpecTest {

    /** One spec per schedule with typical parameters; every name appears at least once. */
    private static final List<String> TYPICAL = List.of(
            "constant",
            "exponential(decay_steps=1000,decay_rate=0.96)",
            "exponential(decay_steps=500,decay_rate=0.5,staircase=true)",
            "step(every=1000)",
            "multistep(milestones=[3000,6000,9000],factor=0.5)",
            "piecewise(boundaries=[1000,5000],values=[1,0.1,0.01])",
            "piecewise(boundaries=[1000],values=[0.1,0.01],absolute=true)",
            "polynomial(decay_steps=5000)",
            "polynomial(decay_steps=3000,end=0.00001,power=2,cycle=true)",
            "inverse_time(decay_steps=100,decay_rate=0.5,staircase=true)",
            "cosine(decay_steps=8000,alpha=0.01)",
            "cosine(decay_steps=8000,warmup_steps=500,warmup_target=0.5)",
            "cosine_annealing(t_max=2500,eta_min=0.0001)",
            "cosine_restarts(first_decay_steps=1000)",
            "cosine_restarts(first_decay_steps=700,t_mul=1.5,m_mul=0.8,alpha=0.05)",
            "warm_restarts(t_0=500,t_mult=2,eta_min=0.00001)",
            "linear",
            "linear(start_factor=0.1,end_factor=0.5,total_iters=4000)",
            "warmup(steps=500)",
            "warmup(steps=500,then=cosine(decay_steps=9500),start_factor=0.01)",
            "warmup(steps=10,then=warmup(steps=20,then=one_cycle(total_steps=5000)))",
            "cyclic(max=1.0)",
            "cyclic(max=0.006,step_size_up=500,step_size_down=1500,mode=triangular2)",
            "cyclic(max=0.5,step_size_up=300,mode=exp_range,gamma=0.9995)",
            "one_cycle(total_steps=10000)",
            "one_cycle(total_steps=4000,pct_start=0.25,anneal=linear,three_phase=true)");

    @Test
    void typicalSpecsCoverEveryName() {
        for (String name : ScheduleSpec.names()) {
            assertTrue(TYPICAL.stream().anyMatch(t -> t.equals(name) || t.startsWith(name + "(")),
                    name);
        }
    }

    @Test
    void everyScheduleIsFiniteAndNotNegativeOverTenThousandSteps() {
        for (String text : TYPICAL) {
            for (double lr : new double[] {1e-5, 0.01, 0.1, 3.0}) {
                Schedule s = ScheduleSpec.parse(text).at(lr);
                for (long t = 0; t <= 10_000; t++) {
                    double v = s.valueAt(t);
                    assertTrue(Double.isFinite(v) && v >= 0,
                            text + " at lr " + lr + ", step " + t + " gave " + v);
                    OptionalDouble m = s.momentumAt(t);
                    if (m.isPresent()) {
                        double mv = m.getAsDouble();
                        assertTrue(Double.isFinite(mv) && mv >= 0 && mv <= 1,
                                text + " momentum at step " + t + " gave " + mv);
                    }
                }
            }
        }
    }

    @Test
    void roundTripGivesTheTextBack() {
        for (String text : TYPICAL) {
            ScheduleSpec spec = ScheduleSpec.parse(text);
            assertEquals(text, spec.toString());
            assertEquals(spec, ScheduleSpec.parse(spec.toString()));
        }
    }

    @Test
    void roundTripDropsWhiteSpaceAndKeepsValuesAsWritten() {
        ScheduleSpec spec = ScheduleSpec.parse(
                " warmup( steps = 100 , then = cosine(decay_steps=1e3, alpha=0.10) ) ");
        assertEquals("warmup(steps=100,then=cosine(decay_steps=1e3,alpha=0.10))", spec.toString());
        assertEquals("warmup", spec.name());
        assertEquals("constant()", ScheduleSpec.parse("constant()").toString());
    }

    @Test
    void exponentialWithDecayStepsOneIsAPowerPerStep() {
        Schedule s = ScheduleSpec.parse("exponential(decay_steps=1,decay_rate=0.9)").at(0.1);
        double expected = 0.1;
        for (int k = 0; k <= 200; k++) {
            assertEquals(expected, s.valueAt(k), 1e-9 * expected, "step " + k);
            expected *= 0.9;
        }
    }

    @Test
    void sweptRateIsTheInitialRate() {
        for (String text : TYPICAL) {
            if (text.startsWith("one_cycle") || text.contains("then=")
                    || text.contains("absolute=true") || text.contains("warmup_target")
                    || text.startsWith("linear") || text.startsWith("warmup")) {
                continue;
            }
            assertEquals(0.03, ScheduleSpec.parse(text).at(0.03).valueAt(0), 1e-15, text);
        }
    }

    @Test
    void oneCyclePeaksAtTheSweptRateAndHoldsItsLastValue() {
        Schedule s = ScheduleSpec.parse("one_cycle(total_steps=100,pct_start=0.25)").at(0.4);
        assertEquals(0.4 / 25, s.valueAt(0), 1e-15);
        double peak = 0;
        for (int t = 0; t < 100; t++) {
            peak = Math.max(peak, s.valueAt(t));
        }
        assertEquals(0.4, peak, 1e-15);
        double last = s.valueAt(99);
        assertEquals(0.4 / 25 / 1e4, last, 1e-16);
        for (long t : new long[] {100, 101, 1_000_000, Long.MAX_VALUE}) {
            assertEquals(last, s.valueAt(t), 0.0);
            assertEquals(s.momentumAt(99), s.momentumAt(t));
        }
        Schedule linear = ScheduleSpec.parse("one_cycle(total_steps=10,anneal=linear)").at(1.0);
        assertEquals(4e-6, linear.valueAt(10), 1e-16);
    }

    @Test
    void oneCycleMomentumStaysAtMaxInTheThirdPhase() {
        Schedule s = ScheduleSpec.parse("one_cycle(total_steps=10,three_phase=true)").at(1.0);
        assertEquals(0.95, s.momentumAt(0).getAsDouble(), 1e-12);
        assertEquals(0.85, s.momentumAt(2).getAsDouble(), 1e-12);
        for (int t = 4; t < 12; t++) {
            assertEquals(0.95, s.momentumAt(t).getAsDouble(), 1e-12, "step " + t);
        }
    }

    @Test
    void oneCycleWithAOneStepRampPeaksAtStepZero() {
        // pct_start*total_steps == 1: PyTorch divides by zero here; the ramp has ended, so the peak.
        Schedule s = ScheduleSpec.parse("one_cycle(total_steps=10,pct_start=0.1)").at(2.0);
        assertEquals(2.0, s.valueAt(0), 0.0);
        assertTrue(s.valueAt(1) < 2.0);
    }

    @Test
    void cyclicMomentumMovesAgainstTheRate() {
        Schedule s = ScheduleSpec.parse("cyclic(max=1.0,step_size_up=4)").at(0.1);
        assertEquals(0.9, s.momentumAt(0).getAsDouble(), 1e-12);
        assertEquals(0.875, s.momentumAt(1).getAsDouble(), 1e-12);
        assertEquals(0.8, s.momentumAt(4).getAsDouble(), 1e-12);
        assertEquals(0.85, s.momentumAt(6).getAsDouble(), 1e-12);
        assertEquals(0.9, s.momentumAt(8).getAsDouble(), 1e-12);
        Schedule custom = ScheduleSpec.parse(
                "cyclic(max=1.0,step_size_up=2,base_momentum=0.7,max_momentum=0.99)").at(0.1);
        assertEquals(0.7, custom.momentumAt(2).getAsDouble(), 1e-12);
        assertEquals(0.99, custom.momentumAt(4).getAsDouble(), 1e-12);
    }

    @Test
    void onlyCyclicAndOneCycleHaveMomentum() {
        for (String text : TYPICAL) {
            boolean expected = text.contains("cyclic") || text.contains("one_cycle");
            assertEquals(expected, ScheduleSpec.parse(text).at(0.1).momentumAt(3).isPresent(), text);
        }
    }

    @Test
    void warmupRampsToTheSweptRateThenRestartsTheInnerSchedule() {
        Schedule s = ScheduleSpec.parse("warmup(steps=4,then=cosine_annealing(t_max=8))").at(0.2);
        assertEquals(0.0, s.valueAt(0), 0.0);
        assertEquals(0.05, s.valueAt(1), 1e-15);
        assertEquals(0.15, s.valueAt(3), 1e-15);
        Schedule inner = ScheduleSpec.parse("cosine_annealing(t_max=8)").at(0.2);
        for (int t = 4; t < 40; t++) {
            assertEquals(inner.valueAt(t - 4), s.valueAt(t), 0.0, "step " + t);
        }
        Schedule plain = ScheduleSpec.parse("warmup(steps=3)").at(0.3);
        assertEquals(0.1, plain.valueAt(1), 1e-15);
        assertEquals(0.3, plain.valueAt(3), 0.0);
        assertEquals(0.3, plain.valueAt(1000), 0.0);
        Schedule none = ScheduleSpec.parse("warmup(steps=0,then=step(every=2))").at(1.0);
        assertEquals(1.0, none.valueAt(0), 0.0);
        assertEquals(0.1, none.valueAt(2), 1e-15);
    }

    @Test
    void warmupPassesTheInnerMomentumThrough() {
        Schedule s = ScheduleSpec.parse("warmup(steps=5,then=cyclic(max=1,step_size_up=4))").at(0.1);
        assertEquals(0.9, s.momentumAt(0).getAsDouble(), 1e-12);
        assertEquals(0.9, s.momentumAt(5).getAsDouble(), 1e-12);
        assertEquals(0.8, s.momentumAt(9).getAsDouble(), 1e-12);
    }

    @Test
    void piecewiseBoundaryIsInclusiveButMultistepChangesAtTheMilestone() {
        Schedule piecewise = ScheduleSpec.parse("piecewise(boundaries=[3],values=[1,0.1])").at(0.5);
        Schedule multistep = ScheduleSpec.parse("multistep(milestones=[3])").at(0.5);
        assertEquals(0.5, piecewise.valueAt(3), 0.0);
        assertEquals(0.05, piecewise.valueAt(4), 1e-15);
        assertEquals(0.05, multistep.valueAt(3), 1e-15);
    }

    @Test
    void piecewiseValuesAreMultipliersUnlessAbsolute() {
        String text = "piecewise(boundaries=[2],values=[1,0.2]";
        assertEquals(0.6, ScheduleSpec.parse(text + ")").at(3.0).valueAt(5), 1e-15);
        assertEquals(0.2, ScheduleSpec.parse(text + ",absolute=true)").at(3.0).valueAt(5), 0.0);
    }

    @Test
    void cosineHoldsItsFloorWhileCosineAnnealingComesBack() {
        Schedule keras = ScheduleSpec.parse("cosine(decay_steps=10,alpha=0.1)").at(1.0);
        Schedule torch = ScheduleSpec.parse("cosine_annealing(t_max=10,eta_min=0.1)").at(1.0);
        assertEquals(0.1, keras.valueAt(10), 1e-15);
        assertEquals(0.1, keras.valueAt(20), 1e-15);
        assertEquals(1.0, torch.valueAt(20), 1e-15);
        assertEquals(torch.valueAt(3), torch.valueAt(20_000_000_003L), 1e-12);
    }

    @Test
    void restartsLandOnTheRestartExactly() {
        // periods 1, 2, 4, 8, ... steps: restarts at 1, 3, 7, 15, 31, ...
        Schedule keras = ScheduleSpec.parse("cosine_restarts(first_decay_steps=1)").at(1.0);
        Schedule torch = ScheduleSpec.parse("warm_restarts(t_0=1,t_mult=2)").at(1.0);
        for (long restart = 1; restart < (1L << 50); restart = 2 * restart + 1) {
            assertEquals(1.0, keras.valueAt(restart), 1e-12, "step " + restart);
            assertEquals(1.0, torch.valueAt(restart), 0.0, "step " + restart);
        }
    }

    @Test
    void restartsLandOnTheRestartWhereTheLogarithmRoundsDown() {
        // log(1 + 2*121)/log(3) comes out just under 5 in doubles: the formula taken literally puts
        // step 121 at the end of period 4 (the floor, 0) instead of the start of period 5.
        Schedule three = ScheduleSpec.parse("cosine_restarts(first_decay_steps=1,t_mul=3)").at(1.0);
        assertEquals(1.0, three.valueAt(121), 1e-12);
        assertEquals(0.5 * (1 + Math.cos(Math.PI * 80 / 81)), three.valueAt(120), 1e-12);
        Schedule ten = ScheduleSpec.parse("cosine_restarts(first_decay_steps=1,t_mul=10,m_mul=0.5)").at(1.0);
        assertEquals(0.125, ten.valueAt(111), 1e-12);
        assertEquals(0.25 * 0.5 * (1 + Math.cos(Math.PI * 99 / 100)), ten.valueAt(110), 1e-12);
    }

    @Test
    void schedulesAreEqualForEqualArguments() {
        assertEquals(ScheduleSpec.parse("step(every=3)").at(0.1),
                ScheduleSpec.parse("step(every=3)").at(0.1));
        assertEquals(ScheduleSpec.parse("step(every=3)"), ScheduleSpec.parse("step( every=3 )"));
        assertEquals(ScheduleSpec.parse("step(every=3)").hashCode(),
                ScheduleSpec.parse("step(every=3)").hashCode());
    }

    @Test
    void negativeStepsAndBadRatesAreRejected() {
        for (String text : TYPICAL) {
            Schedule s = ScheduleSpec.parse(text).at(0.1);
            assertThrows(IllegalArgumentException.class, () -> s.valueAt(-1), text);
        }
        ScheduleSpec spec = ScheduleSpec.parse("constant");
        assertThrows(IllegalArgumentException.class, () -> spec.at(-0.1));
        assertThrows(IllegalArgumentException.class, () -> spec.at(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> spec.at(Double.POSITIVE_INFINITY));
        assertEquals(0.0, spec.at(0.0).valueAt(0), 0.0);
    }

    @Test
    void unknownNameListsTheValidNames() {
        SpecException e = assertThrows(SpecException.class, () -> ScheduleSpec.parse("cosin(decay_steps=3)"));
        assertTrue(e.getMessage().contains("unknown schedule 'cosin'"), e.getMessage());
        for (String name : ScheduleSpec.names()) {
            assertTrue(e.getMessage().contains(name), e.getMessage());
        }
    }

    @Test
    void unknownKeyListsTheValidKeys() {
        SpecException e = assertThrows(SpecException.class,
                () -> ScheduleSpec.parse("exponential(decay_steps=3,decay_rate=0.5,gamma=2)"));
        assertEquals("exponential: unknown key 'gamma' (valid: decay_steps, decay_rate, staircase)",
                e.getMessage());
        SpecException none = assertThrows(SpecException.class, () -> ScheduleSpec.parse("constant(lr=1)"));
        assertTrue(none.getMessage().contains("unknown key 'lr'"), none.getMessage());
    }

    @Test
    void errorsInsideWarmupNameTheOuterKey() {
        SpecException e = assertThrows(SpecException.class,
                () -> ScheduleSpec.parse("warmup(steps=5,then=cosine(decay_steps=0))"));
        assertEquals("warmup: 'then': cosine: 'decay_steps' must be > 0, got 0", e.getMessage());
        SpecException bare = assertThrows(SpecException.class,
                () -> ScheduleSpec.parse("warmup(steps=5,then=cosine)"));
        assertEquals("warmup: 'then': cosine: 'decay_steps' is required", bare.getMessage());
    }

    @Test
    void decayStepsMustBePositive() {
        SpecException e = assertThrows(SpecException.class,
                () -> ScheduleSpec.parse("exponential(decay_steps=0,decay_rate=0.5)"));
        assertEquals("exponential: 'decay_steps' must be > 0, got 0", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "exponential(decay_rate=0.5)",
        "exponential(decay_steps=-1,decay_rate=0.5)",
        "exponential(decay_steps=10,decay_rate=0)",
        "exponential(decay_steps=10,decay_rate=0.5,staircase=yes)",
        "step(factor=0.5)",
        "step(every=0)",
        "step(every=2.5)",
        "step(every=3,factor=-0.1)",
        "multistep(milestones=[])",
        "multistep(milestones=[5,3])",
        "multistep(milestones=[2,2])",
        "multistep(milestones=[1.5])",
        "multistep(milestones=[-1,3])",
        "piecewise(boundaries=[3,6],values=[1,0.5])",
        "piecewise(boundaries=[3],values=[1,-0.5])",
        "piecewise(values=[1])",
        "polynomial(decay_steps=0)",
        "polynomial(decay_steps=10,power=0)",
        "polynomial(decay_steps=10,end=-1)",
        "inverse_time(decay_steps=10,decay_rate=-0.5)",
        "cosine(decay_steps=10,alpha=1.5)",
        "cosine(decay_steps=10,warmup_steps=5)",
        "cosine(decay_steps=10,warmup_steps=-1,warmup_target=0.1)",
        "cosine_annealing(t_max=0)",
        "cosine_annealing(t_max=10,eta_min=-0.1)",
        "cosine_restarts(first_decay_steps=0)",
        "cosine_restarts(first_decay_steps=10,t_mul=0.5)",
        "cosine_restarts(first_decay_steps=10,m_mul=-1)",
        "warm_restarts(t_0=0)",
        "warm_restarts(t_0=10,t_mult=1.5)",
        "warm_restarts(t_0=10,t_mult=0)",
        "linear(start_factor=0)",
        "linear(end_factor=1.5)",
        "linear(total_iters=0)",
        "warmup(then=constant)",
        "warmup(steps=-1)",
        "warmup(steps=5,then=3)",
        "warmup(steps=5,then=bogus)",
        "warmup(steps=5,start_factor=2)",
        "cyclic(step_size_up=4)",
        "cyclic(max=1,step_size_up=0)",
        "cyclic(max=1,mode=sawtooth)",
        "cyclic(max=1,gamma=0.9)",
        "cyclic(max=1,mode=exp_range,gamma=1.5)",
        "cyclic(max=1,base_momentum=1.2)",
        "one_cycle(pct_start=0.3)",
        "one_cycle(total_steps=0)",
        "one_cycle(total_steps=100,pct_start=1.5)",
        "one_cycle(total_steps=100,anneal=exp)",
        "one_cycle(total_steps=100,div_factor=0)",
        "one_cycle(total_steps=100,three_phase=true,pct_start=0.6)",
        "one_cycle(total_steps=100,max_momentum=2)",
        "cosine(decay_steps=10",
    })
    void badSpecsAreRejectedWithAOneLineReason(String text) {
        SpecException e = assertThrows(SpecException.class, () -> ScheduleSpec.parse(text));
        assertFalse(e.getMessage().isBlank());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void badValueMessagesSayWhy() {
        assertEquals("cosine: 'warmup_steps' needs 'warmup_target' (the rate to warm up to); to warm"
                + " up to the swept rate write warmup(steps=N,then=cosine(...))",
                assertThrows(SpecException.class,
                        () -> ScheduleSpec.parse("cosine(decay_steps=10,warmup_steps=5)")).getMessage());
        assertEquals("piecewise: 'values' needs one more entry than 'boundaries' (3), got 2",
                assertThrows(SpecException.class,
                        () -> ScheduleSpec.parse("piecewise(boundaries=[3,6],values=[1,0.5])")).getMessage());
        assertEquals("cyclic: 'gamma' only applies to mode=exp_range",
                assertThrows(SpecException.class,
                        () -> ScheduleSpec.parse("cyclic(max=1,gamma=0.9)")).getMessage());
        assertEquals("multistep: 'milestones' must be strictly increasing, got [5,3]",
                assertThrows(SpecException.class,
                        () -> ScheduleSpec.parse("multistep(milestones=[5,3])")).getMessage());
    }

    @Test
    void aScaleMultipliesTheAbsoluteRatesAndNothingElse() {
        // polynomial: the end rate 0.001 becomes 0.002 with a scale of 2; at step decay_steps the
        // rate is the end rate
        Schedule p = ScheduleSpec.parse("polynomial(decay_steps=10,end=0.001)").at(0.2, 2.0);
        assertEquals(0.2, p.valueAt(0), 0);
        assertEquals(0.002, p.valueAt(10), 1e-18);
        // cyclic: base 0.1 (the swept rate), max 0.3 scaled to 0.6; the top of the triangle at
        // step_size_up
        Schedule c = ScheduleSpec.parse("cyclic(max=0.3,step_size_up=4)").at(0.1, 2.0);
        assertEquals(0.1, c.valueAt(0), 1e-15);
        assertEquals(0.6, c.valueAt(4), 1e-15);
        // cosine's warm-up target, inside a warm-up
        Schedule w = ScheduleSpec.parse("warmup(steps=2,then=cosine(decay_steps=10,warmup_steps=5,warmup_target=0.5))")
                .at(0.1, 0.5);
        assertEquals(0.25, w.valueAt(2 + 5), 1e-15);
        // eta_min of cosine annealing: at t_max the rate is eta_min
        assertEquals(0.03, ScheduleSpec.parse("cosine_annealing(t_max=8,eta_min=0.01)").at(0.1, 3.0).valueAt(8), 1e-15);
        assertEquals(ScheduleSpec.parse("warm_restarts(t_0=8,eta_min=0.03)").at(0.1).valueAt(7),
                ScheduleSpec.parse("warm_restarts(t_0=8,eta_min=0.01)").at(0.1, 3.0).valueAt(7), 1e-15);
        // piecewise: absolute values scaled, relative ones only through the rate
        Schedule a = ScheduleSpec.parse("piecewise(boundaries=[2],values=[0.4,0.04],absolute=true)").at(0.1, 0.5);
        assertEquals(0.2, a.valueAt(0), 0);
        assertEquals(0.02, a.valueAt(3), 0);
        Schedule r = ScheduleSpec.parse("piecewise(boundaries=[2],values=[1,0.1])").at(0.2, 0.5);
        assertEquals(0.2, r.valueAt(0), 0);
        assertEquals(0.2 * 0.1, r.valueAt(3), 0);
        // a scale of 1 is the schedule as written, bit for bit
        for (String text : new String[] {"polynomial(decay_steps=7,end=0.0013)", "cyclic(max=0.37,step_size_up=3)",
            "cosine_annealing(t_max=9,eta_min=0.011)"}) {
            for (int t = 0; t < 12; t++) {
                assertEquals(ScheduleSpec.parse(text).at(0.07).valueAt(t), ScheduleSpec.parse(text).at(0.07, 1.0).valueAt(t), 0);
            }
        }
    }
}
