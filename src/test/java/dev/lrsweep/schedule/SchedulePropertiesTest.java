package dev.lrsweep.schedule;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;

/**
 * Property: every schedule the parser accepts gives a finite rate {@code >= 0} at every step from 0
 * to 2^53, for any swept rate in [0, 10]. Specs are drawn over each schedule's documented keys and
 * ranges (ScheduleSpec's table), nested ones ({@code warmup(then=...)}) included.
 *
 * <p>Two limits of the drawn specs, both found by this property: the multipliers that make a
 * schedule grow step after step ({@code exponential} with {@code decay_rate > 1}, {@code step}
 * with {@code factor > 1}, {@code cosine_restarts} with {@code m_mul > 1}) are drawn at most 1,
 * because the parser accepts larger ones and those schedules overflow to infinity after enough
 * steps ({@link #growingSchedulesOverflow} pins that down); and {@code polynomial(cycle=true)} is
 * drawn with whole {@code decay_steps} and steps up to 2^53 only, because it computes
 * {@code 1 - step/(decay_steps*ceil(step/decay_steps))}, which rounding can make slightly negative
 * (a NaN rate) for fractional {@code decay_steps} at steps near 2^53, and for any
 * {@code decay_steps} beyond it (for example {@code polynomial(decay_steps=3,power=0.001,cycle=true)}
 * at step 27021597764223043).
 */
class SchedulePropertiesTest {
    private static final long MAX_STEP = 1L << 53;

    @Property(tries = 2000)
    void everyRateIsFiniteAndNotNegative(@ForAll("schedules") String spec,
                                         @ForAll @DoubleRange(min = 0, max = 10) double lr,
                                         @ForAll("steps") long step) {
        double v = ScheduleSpec.parse(spec).at(lr).valueAt(step);
        assertTrue(Double.isFinite(v) && v >= 0, spec + " at lr " + lr + ", step " + step + " gives " + v);
    }

    @Property(tries = 200)
    void growingSchedulesOverflow(@ForAll("growing") String spec) {
        // a spec the parser accepts, finite at first, infinite after enough steps
        Schedule s = ScheduleSpec.parse(spec).at(0.01);
        assertTrue(Double.isFinite(s.valueAt(0)), spec);
        assertTrue(Double.isInfinite(s.valueAt(Long.MAX_VALUE)), spec);
    }

    @Provide
    Arbitrary<Long> steps() {
        return Arbitraries.oneOf(Arbitraries.longs().between(0, 10_000), Arbitraries.longs().between(0, MAX_STEP),
                Arbitraries.of(0L, 1L, MAX_STEP - 1, MAX_STEP));
    }

    @Provide
    Arbitrary<String> schedules() {
        return Arbitraries.oneOf(leaf(), leaf().flatMap(inner -> warmup(inner)));
    }

    @Provide
    Arbitrary<String> growing() {
        Arbitrary<Double> above = d(1.5, 10);
        return Arbitraries.oneOf(
                Combinators.combine(positive(), above).as((ds, r) -> f("exponential(decay_steps=%s,decay_rate=%s)", ds, r)),
                Combinators.combine(Arbitraries.longs().between(1, 1000), above).as((e, r) -> f("step(every=%s,factor=%s)", e, r)),
                Combinators.combine(atLeastOne(), above).as((ds, m) -> f("cosine_restarts(first_decay_steps=%s,t_mul=1,m_mul=%s)", ds, m)));
    }

    private static Arbitrary<String> warmup(String inner) {
        return Combinators.combine(Arbitraries.longs().between(0, 1_000_000), unit())
                .as((steps, start) -> f("warmup(steps=%s,then=%s,start_factor=%s)", steps, inner, start));
    }

    private static Arbitrary<String> leaf() {
        Arbitrary<Boolean> b = Arbitraries.of(true, false);
        Arbitrary<Long> atLeast1 = Arbitraries.longs().between(1, 1_000_000);
        return Arbitraries.oneOf(List.of(
                Arbitraries.just("constant"),
                Combinators.combine(positive(), d(1e-6, 1), b)
                        .as((ds, r, st) -> f("exponential(decay_steps=%s,decay_rate=%s,staircase=%s)", ds, r, st)),
                Combinators.combine(atLeast1, unit()).as((e, fa) -> f("step(every=%s,factor=%s)", e, fa)),
                Combinators.combine(increasing(), unit()).as((m, fa) -> f("multistep(milestones=%s,factor=%s)", m, fa)),
                increasing().flatMap(bs -> Combinators.combine(
                        d(0, 10).list().ofSize(bs.split(",").length + 1), b)
                        .as((vs, abs) -> f("piecewise(boundaries=%s,values=%s,absolute=%s)", bs, list(vs), abs))),
                Combinators.combine(positive(), d(0, 1), d(1e-3, 10))
                        .as((ds, end, p) -> f("polynomial(decay_steps=%s,end=%s,power=%s)", ds, end, p)),
                Combinators.combine(atLeast1, d(0, 1), d(1e-3, 10))
                        .as((ds, end, p) -> f("polynomial(decay_steps=%s,end=%s,power=%s,cycle=true)", ds, end, p)),
                Combinators.combine(positive(), d(0, 100), b)
                        .as((ds, r, st) -> f("inverse_time(decay_steps=%s,decay_rate=%s,staircase=%s)", ds, r, st)),
                Combinators.combine(positive(), unit(), d(0, 1e6), d(0, 10))
                        .as((ds, a, ws, wt) -> f("cosine(decay_steps=%s,alpha=%s,warmup_steps=%s,warmup_target=%s)", ds, a, ws, wt)),
                Combinators.combine(positive(), unit()).as((ds, a) -> f("cosine(decay_steps=%s,alpha=%s)", ds, a)),
                Combinators.combine(atLeast1, d(0, 1))
                        .as((t, e) -> f("cosine_annealing(t_max=%s,eta_min=%s)", t, e)),
                Combinators.combine(atLeastOne(), d(1, 10), unit(), unit())
                        .as((fd, t, m, a) -> f("cosine_restarts(first_decay_steps=%s,t_mul=%s,m_mul=%s,alpha=%s)", fd, t, m, a)),
                Combinators.combine(atLeast1, Arbitraries.longs().between(1, 10), d(0, 1))
                        .as((t0, tm, e) -> f("warm_restarts(t_0=%s,t_mult=%s,eta_min=%s)", t0, tm, e)),
                Combinators.combine(d(1e-6, 1), unit(), atLeast1)
                        .as((s, e, t) -> f("linear(start_factor=%s,end_factor=%s,total_iters=%s)", s, e, t)),
                Combinators.combine(d(0, 10), atLeast1, atLeast1,
                                Arbitraries.of("triangular", "triangular2", "exp_range"), d(1e-6, 1), unit(), unit())
                        .as((max, up, down, mode, g, bm, mm) -> f("cyclic(max=%s,step_size_up=%s,step_size_down=%s,mode=%s%s,base_momentum=%s,max_momentum=%s)",
                                max, up, down, mode, mode.equals("exp_range") ? ",gamma=" + g : "", bm, mm)),
                Combinators.combine(atLeast1, d(0, 0.5), d(1e-3, 1e4),
                                d(1e-3, 1e6), Arbitraries.of("cos", "linear"), b)
                        .as((t, pct, div, fdiv, an, three) -> f("one_cycle(total_steps=%s,pct_start=%s,div_factor=%s,final_div_factor=%s,anneal=%s,three_phase=%s)",
                                t, pct, div, fdiv, an, three))));
    }

    /** Log-spread over [1e-3, 1e6]: small and large step counts alike. */
    /** A step count: cosine_restarts's first period is at least one step. */
    private static Arbitrary<Double> atLeastOne() {
        return d(0, 6).map(e -> Math.pow(10, e));
    }

    private static Arbitrary<Double> positive() {
        return d(-3, 6).map(e -> Math.pow(10, e));
    }

    private static Arbitrary<Double> d(double min, double max) {
        return Arbitraries.doubles().between(min, max).ofScale(9);
    }

    private static Arbitrary<Double> unit() {
        return d(0, 1);
    }

    /** Strictly increasing whole step numbers, as a spec list: {@code [3,10,400]}. */
    private static Arbitrary<String> increasing() {
        return Arbitraries.longs().between(0, 1_000_000).set().ofMinSize(1).ofMaxSize(6)
                .map(s -> list(s.stream().sorted().toList()));
    }

    private static String list(List<? extends Number> xs) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < xs.size(); i++) sb.append(i == 0 ? "" : ",").append(xs.get(i));
        return sb.append(']').toString();
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
