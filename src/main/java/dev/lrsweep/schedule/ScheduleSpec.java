package dev.lrsweep.schedule;

import dev.lrsweep.spec.Spec;
import dev.lrsweep.spec.SpecException;
import java.util.List;
import java.util.function.DoublePredicate;

/**
 * A learning-rate schedule as written on the command line, checked when read and turned into a
 * {@link Schedule} for each swept rate with {@link #at(double)}. Steps are 0-based throughout (the
 * first update uses step 0), as Keras's {@code schedule(optimizer.iterations)} and PyTorch's
 * {@code last_epoch} after construction.
 *
 * <p>The swept rate is the schedule's initial rate, except in {@code cyclic} (it is the base, the
 * bottom of the cycle) and {@code one_cycle} (it is the peak, {@code max_lr}). Keys holding rates
 * ({@code end}, {@code eta_min}, {@code warmup_target}, {@code max}, and {@code values} with
 * {@code absolute=true}) are absolute rates, not multiples of the swept rate; a batch-size scaling
 * rule scales them with the swept rate ({@link #at(double, double)}).
 *
 * <table>
 * <caption>Schedules (names and keys; defaults after {@code =})</caption>
 * <tr><th>spec</th><th>follows</th><th>rate at step t</th></tr>
 * <tr><td>{@code constant}</td><td></td><td>{@code lr}</td></tr>
 * <tr><td>{@code exponential(decay_steps, decay_rate, staircase=false)}</td><td>Keras
 *     ExponentialDecay</td><td>{@code lr * decay_rate^(t/decay_steps)}, exponent floored when
 *     staircase</td></tr>
 * <tr><td>{@code step(every, factor=0.1)}</td><td>PyTorch StepLR</td>
 *     <td>{@code lr * factor^(t // every)}</td></tr>
 * <tr><td>{@code multistep(milestones=[..], factor=0.1)}</td><td>PyTorch MultiStepLR</td>
 *     <td>{@code lr * factor^(number of milestones <= t)}: changes <em>at</em> a milestone</td></tr>
 * <tr><td>{@code piecewise(boundaries=[..], values=[..], absolute=false)}</td><td>Keras
 *     PiecewiseConstantDecay</td><td>{@code values[i]} for {@code boundaries[i-1] < t <= boundaries[i]}
 *     (inclusive upper bound: the change comes one step <em>after</em> the boundary). The values
 *     are multipliers of the swept rate; with {@code absolute=true} they are rates and the swept
 *     rate is not used. One more value than boundaries.</td></tr>
 * <tr><td>{@code polynomial(decay_steps, end=0.0001, power=1, cycle=false)}</td><td>Keras
 *     PolynomialDecay</td><td>{@code (lr-end)*(1-min(t,decay_steps)/decay_steps)^power + end}; with
 *     cycle the decay restarts every {@code decay_steps} from the start of a longer span</td></tr>
 * <tr><td>{@code inverse_time(decay_steps, decay_rate, staircase=false)}</td><td>Keras
 *     InverseTimeDecay</td><td>{@code lr / (1 + decay_rate * t/decay_steps)}</td></tr>
 * <tr><td>{@code cosine(decay_steps, alpha=0, warmup_steps=0, warmup_target)}</td><td>Keras
 *     CosineDecay</td><td>cosine from {@code lr} (or, after a linear warm-up from {@code lr} to
 *     {@code warmup_target} over {@code warmup_steps}, from {@code warmup_target}) down to
 *     {@code alpha} times that, then held there. {@code warmup_steps} needs {@code warmup_target}
 *     (Keras would silently ignore it; for a warm-up to the swept rate use {@code warmup})</td></tr>
 * <tr><td>{@code cosine_annealing(t_max, eta_min=0)}</td><td>PyTorch CosineAnnealingLR</td>
 *     <td>{@code eta_min + (lr-eta_min)*(1+cos(pi*t/t_max))/2}: periodic, it rises again after
 *     {@code t_max}</td></tr>
 * <tr><td>{@code cosine_restarts(first_decay_steps, t_mul=2, m_mul=1, alpha=0)}</td><td>Keras
 *     CosineDecayRestarts</td><td>cosine periods of {@code first_decay_steps * t_mul^i} steps
 *     peaking at {@code lr * m_mul^i}, with a floor of {@code alpha * lr}</td></tr>
 * <tr><td>{@code warm_restarts(t_0, t_mult=1, eta_min=0)}</td><td>PyTorch
 *     CosineAnnealingWarmRestarts</td><td>cosine periods of {@code t_0 * t_mult^i} steps from
 *     {@code lr} towards {@code eta_min}</td></tr>
 * <tr><td>{@code linear(start_factor=1/3, end_factor=1, total_iters=5)}</td><td>PyTorch
 *     LinearLR</td><td>{@code lr} times a factor moving linearly from {@code start_factor} to
 *     {@code end_factor} over {@code total_iters} steps</td></tr>
 * <tr><td>{@code warmup(steps, then=constant, start_factor=0)}</td><td>PyTorch LinearLR +
 *     SequentialLR</td><td>{@code lr * (start_factor + (1-start_factor)*t/steps)} for
 *     {@code t < steps}, then the inner schedule (built at the same swept rate) at its own step
 *     {@code t - steps}</td></tr>
 * <tr><td>{@code cyclic(max, step_size_up=2000, step_size_down=step_size_up,
 *     mode=triangular|triangular2|exp_range, gamma=1, base_momentum=0.8, max_momentum=0.9)}</td>
 *     <td>PyTorch CyclicLR</td><td>triangle between the swept rate (base) and {@code max}, rising
 *     over {@code step_size_up} steps and falling over {@code step_size_down}; momentum cycles the
 *     other way. {@code gamma} only with {@code mode=exp_range}</td></tr>
 * <tr><td>{@code one_cycle(total_steps, pct_start=0.3, div_factor=25, final_div_factor=1e4,
 *     anneal=cos|linear, three_phase=false, base_momentum=0.85, max_momentum=0.95)}</td>
 *     <td>PyTorch OneCycleLR</td><td>from {@code lr/div_factor} up to the swept rate {@code lr}
 *     and down to {@code lr/div_factor/final_div_factor}; momentum moves the other way. Steps at or
 *     past {@code total_steps} keep the final rate (PyTorch raises an error there)</td></tr>
 * </table>
 *
 * <p>Reading is strict: an unknown name or key, a missing required key or a value out of range is
 * a {@link SpecException} whose one-line message says which and what would be valid.
 * {@link #toString()} gives the spec back as it was written (names and keys in lower case, no white
 * space), so it can be read again. Instances are immutable.
 */
public final class ScheduleSpec {
    private static final List<String> NAMES = List.of("constant", "exponential", "step",
            "multistep", "piecewise", "polynomial", "inverse_time", "cosine", "cosine_annealing",
            "cosine_restarts", "warm_restarts", "linear", "warmup", "cyclic", "one_cycle");

    private final Spec spec;
    private final Factory factory;

    /** Makes the schedule for a swept rate, its absolute rates times a scale. */
    @FunctionalInterface
    private interface Factory {
        Schedule make(double lr, double scale);
    }

    private ScheduleSpec(Spec spec, Factory factory) {
        this.spec = spec;
        this.factory = factory;
    }

    /**
     * Reads and checks a schedule spec such as {@code cosine(decay_steps=1000,alpha=0.1)}.
     *
     * @throws SpecException if the text cannot be read, names an unknown schedule or key, lacks a
     *     required key or has a value out of range
     */
    public static ScheduleSpec parse(String text) {
        return of(Spec.parse(text));
    }

    /** The schedule names {@link #parse} accepts, in the order of the table above. */
    public static List<String> names() {
        return NAMES;
    }

    /** The schedule's name, for example {@code cosine}. */
    public String name() {
        return spec.name();
    }

    /**
     * The schedule for one swept rate: the initial rate, or the base of {@code cyclic}, or the peak
     * of {@code one_cycle}.
     *
     * @throws IllegalArgumentException unless {@code initialLr} is finite and not negative
     */
    public Schedule at(double initialLr) {
        return at(initialLr, 1.0);
    }

    /**
     * The schedule for one rate, as {@link #at(double)}, with the absolute rates among its keys
     * ({@code end}, {@code eta_min}, {@code warmup_target}, {@code max}, absolute {@code values})
     * multiplied by {@code scale}: a batch-size scaling rule scales the whole schedule, as the
     * linear rule's "multiply the learning rate by k" means. A scale of 1 leaves them as written.
     *
     * @throws IllegalArgumentException unless both are finite and not negative
     */
    public Schedule at(double initialLr, double scale) {
        if (!(initialLr >= 0.0) || Double.isInfinite(initialLr)) {
            throw new IllegalArgumentException(
                    "learning rate must be finite and >= 0, got " + initialLr);
        }
        if (!(scale >= 0.0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("rate scale must be finite and >= 0, got " + scale);
        }
        return factory.make(initialLr, scale);
    }

    /** The spec as written, for example {@code warmup(steps=100,then=cosine(decay_steps=900))}. */
    @Override
    public String toString() {
        return spec.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScheduleSpec other && other.spec.equals(spec);
    }

    @Override
    public int hashCode() {
        return spec.hashCode();
    }

    private static ScheduleSpec of(Spec s) {
        Factory factory = switch (s.name()) {
            case "constant" -> constant(s);
            case "exponential" -> exponential(s);
            case "step" -> step(s);
            case "multistep" -> multistep(s);
            case "piecewise" -> piecewise(s);
            case "polynomial" -> polynomial(s);
            case "inverse_time" -> inverseTime(s);
            case "cosine" -> cosine(s);
            case "cosine_annealing" -> cosineAnnealing(s);
            case "cosine_restarts" -> cosineRestarts(s);
            case "warm_restarts" -> warmRestarts(s);
            case "linear" -> linear(s);
            case "warmup" -> warmup(s);
            case "cyclic" -> cyclic(s);
            case "one_cycle" -> oneCycle(s);
            default -> throw new SpecException("unknown schedule '" + s.name() + "' (valid: "
                    + String.join(", ", NAMES) + ")");
        };
        return new ScheduleSpec(s, factory);
    }

    private static Factory constant(Spec s) {
        s.requireKeys(List.of());
        return (lr, k) -> new Constant(lr);
    }

    private static Factory exponential(Spec s) {
        s.requireKeys(List.of("decay_steps", "decay_rate", "staircase"));
        double decaySteps = positive(s, "decay_steps", s.getDouble("decay_steps"));
        double decayRate = check(s, "decay_rate", s.getDouble("decay_rate"), v -> v > 0, "must be > 0");
        boolean staircase = s.getBoolean("staircase", false);
        return (lr, k) -> new ExponentialDecay(lr, decaySteps, decayRate, staircase);
    }

    private static Factory step(Spec s) {
        s.requireKeys(List.of("every", "factor"));
        long every = atLeast(s, "every", s.getLong("every"), 1);
        double factor = nonNegative(s, "factor", s.getDouble("factor", 0.1));
        return (lr, k) -> new StepDecay(lr, every, factor);
    }

    private static Factory multistep(Spec s) {
        s.requireKeys(List.of("milestones", "factor"));
        long[] milestones = increasingSteps(s, "milestones", s.getDoubles("milestones"));
        double factor = nonNegative(s, "factor", s.getDouble("factor", 0.1));
        return (lr, k) -> new MultiStepDecay(lr, milestones, factor);
    }

    private static Factory piecewise(Spec s) {
        s.requireKeys(List.of("boundaries", "values", "absolute"));
        long[] boundaries = increasingSteps(s, "boundaries", s.getDoubles("boundaries"));
        double[] values = s.getDoubles("values");
        if (values.length != boundaries.length + 1) {
            throw new SpecException(s.name() + ": 'values' needs one more entry than 'boundaries' ("
                    + (boundaries.length + 1) + "), got " + values.length);
        }
        for (double v : values) {
            if (v < 0) {
                throw bad(s, "values", "must all be >= 0");
            }
        }
        boolean absolute = s.getBoolean("absolute", false);
        return (lr, k) -> {
            double[] rates = values.clone();
            for (int i = 0; i < rates.length; i++) {
                rates[i] *= absolute ? k : lr;
            }
            return new PiecewiseConstant(boundaries, rates);
        };
    }

    private static Factory polynomial(Spec s) {
        s.requireKeys(List.of("decay_steps", "end", "power", "cycle"));
        double decaySteps = positive(s, "decay_steps", s.getDouble("decay_steps"));
        double end = nonNegative(s, "end", s.getDouble("end", 0.0001));
        double power = positive(s, "power", s.getDouble("power", 1.0));
        boolean cycle = s.getBoolean("cycle", false);
        return (lr, k) -> new PolynomialDecay(lr, decaySteps, end * k, power, cycle);
    }

    private static Factory inverseTime(Spec s) {
        s.requireKeys(List.of("decay_steps", "decay_rate", "staircase"));
        double decaySteps = positive(s, "decay_steps", s.getDouble("decay_steps"));
        double decayRate = nonNegative(s, "decay_rate", s.getDouble("decay_rate"));
        boolean staircase = s.getBoolean("staircase", false);
        return (lr, k) -> new InverseTimeDecay(lr, decaySteps, decayRate, staircase);
    }

    private static Factory cosine(Spec s) {
        s.requireKeys(List.of("decay_steps", "alpha", "warmup_steps", "warmup_target"));
        double decaySteps = positive(s, "decay_steps", s.getDouble("decay_steps"));
        double alpha = fraction(s, "alpha", s.getDouble("alpha", 0.0));
        double warmupSteps = nonNegative(s, "warmup_steps", s.getDouble("warmup_steps", 0.0));
        if (!s.has("warmup_target")) {
            if (warmupSteps > 0) {
                throw new SpecException(s.name() + ": 'warmup_steps' needs 'warmup_target' (the"
                        + " rate to warm up to); to warm up to the swept rate write"
                        + " warmup(steps=N,then=cosine(...))");
            }
            return (lr, k) -> new CosineDecay(lr, decaySteps, alpha, 0.0, lr);
        }
        double target = nonNegative(s, "warmup_target", s.getDouble("warmup_target"));
        return (lr, k) -> new CosineDecay(lr, decaySteps, alpha, warmupSteps, target * k);
    }

    private static Factory cosineAnnealing(Spec s) {
        s.requireKeys(List.of("t_max", "eta_min"));
        long tMax = atLeast(s, "t_max", s.getLong("t_max"), 1);
        double etaMin = nonNegative(s, "eta_min", s.getDouble("eta_min", 0.0));
        return (lr, k) -> new CosineAnnealing(lr, tMax, etaMin * k);
    }

    private static Factory cosineRestarts(Spec s) {
        s.requireKeys(List.of("first_decay_steps", "t_mul", "m_mul", "alpha"));
        // at least one step: a shorter first period makes step/first_decay_steps overflow
        double first = check(s, "first_decay_steps", s.getDouble("first_decay_steps"), v -> v >= 1,
                "must be >= 1 (a number of steps)");
        double tMul = check(s, "t_mul", s.getDouble("t_mul", 2.0), v -> v >= 1,
                "must be >= 1 (shrinking periods would run out of steps)");
        double mMul = nonNegative(s, "m_mul", s.getDouble("m_mul", 1.0));
        double alpha = fraction(s, "alpha", s.getDouble("alpha", 0.0));
        return (lr, k) -> new CosineDecayRestarts(lr, first, tMul, mMul, alpha);
    }

    private static Factory warmRestarts(Spec s) {
        s.requireKeys(List.of("t_0", "t_mult", "eta_min"));
        long t0 = atLeast(s, "t_0", s.getLong("t_0"), 1);
        long tMult = atLeast(s, "t_mult", s.getLong("t_mult", 1), 1);
        double etaMin = nonNegative(s, "eta_min", s.getDouble("eta_min", 0.0));
        return (lr, k) -> new CosineWarmRestarts(lr, t0, tMult, etaMin * k);
    }

    private static Factory linear(Spec s) {
        s.requireKeys(List.of("start_factor", "end_factor", "total_iters"));
        double start = check(s, "start_factor", s.getDouble("start_factor", 1.0 / 3),
                v -> v > 0 && v <= 1, "must be > 0 and <= 1");
        double end = fraction(s, "end_factor", s.getDouble("end_factor", 1.0));
        long totalIters = atLeast(s, "total_iters", s.getLong("total_iters", 5), 1);
        return (lr, k) -> new LinearFactor(lr, start, end, totalIters);
    }

    private static Factory warmup(Spec s) {
        s.requireKeys(List.of("steps", "then", "start_factor"));
        long steps = atLeast(s, "steps", s.getLong("steps"), 0);
        double startFactor = fraction(s, "start_factor", s.getDouble("start_factor", 0.0));
        ScheduleSpec then;
        if (s.has("then")) {
            try {
                then = of(s.getSpec("then"));
            } catch (SpecException e) {
                throw new SpecException(s.name() + ": 'then': " + e.getMessage());
            }
        } else {
            then = of(Spec.parse("constant"));
        }
        return (lr, k) -> new LinearWarmup(lr, steps, startFactor, then.at(lr, k));
    }

    private static Factory cyclic(Spec s) {
        s.requireKeys(List.of("max", "step_size_up", "step_size_down", "mode", "gamma",
                "base_momentum", "max_momentum"));
        double max = nonNegative(s, "max", s.getDouble("max"));
        long up = atLeast(s, "step_size_up", s.getLong("step_size_up", 2000), 1);
        long down = atLeast(s, "step_size_down", s.getLong("step_size_down", up), 1);
        String mode = s.getWord("mode", "triangular", List.of("triangular", "triangular2", "exp_range"));
        if (s.has("gamma") && !mode.equals("exp_range")) {
            throw new SpecException(s.name() + ": 'gamma' only applies to mode=exp_range");
        }
        double gamma = check(s, "gamma", s.getDouble("gamma", 1.0), v -> v > 0 && v <= 1,
                "must be > 0 and <= 1");
        double baseMomentum = fraction(s, "base_momentum", s.getDouble("base_momentum", 0.8));
        double maxMomentum = fraction(s, "max_momentum", s.getDouble("max_momentum", 0.9));
        CyclicLr.Mode m = switch (mode) {
            case "triangular2" -> CyclicLr.Mode.TRIANGULAR2;
            case "exp_range" -> CyclicLr.Mode.EXP_RANGE;
            default -> CyclicLr.Mode.TRIANGULAR;
        };
        return (lr, k) -> new CyclicLr(lr, max * k, up, down, m, gamma, baseMomentum, maxMomentum);
    }

    private static Factory oneCycle(Spec s) {
        s.requireKeys(List.of("total_steps", "pct_start", "div_factor", "final_div_factor",
                "anneal", "three_phase", "base_momentum", "max_momentum"));
        long total = atLeast(s, "total_steps", s.getLong("total_steps"), 1);
        double pctStart = fraction(s, "pct_start", s.getDouble("pct_start", 0.3));
        double div = positive(s, "div_factor", s.getDouble("div_factor", 25.0));
        double finalDiv = positive(s, "final_div_factor", s.getDouble("final_div_factor", 1e4));
        boolean cosine = s.getWord("anneal", "cos", List.of("cos", "linear")).equals("cos");
        boolean threePhase = s.getBoolean("three_phase", false);
        if (threePhase && pctStart > 0.5) {
            throw bad(s, "pct_start", "must be <= 0.5 with three_phase=true (up and back down"
                    + " take 2*pct_start of the steps)");
        }
        double baseMomentum = fraction(s, "base_momentum", s.getDouble("base_momentum", 0.85));
        double maxMomentum = fraction(s, "max_momentum", s.getDouble("max_momentum", 0.95));
        return (lr, k) -> new OneCycle(lr, total, pctStart, div, finalDiv, cosine, threePhase,
                baseMomentum, maxMomentum);
    }

    private static SpecException bad(Spec s, String key, String rule) {
        return new SpecException(s.name() + ": '" + key + "' " + rule + ", got " + s.value(key));
    }

    private static double check(Spec s, String key, double v, DoublePredicate ok, String rule) {
        if (!ok.test(v)) {
            throw bad(s, key, rule);
        }
        return v;
    }

    private static double positive(Spec s, String key, double v) {
        return check(s, key, v, x -> x > 0, "must be > 0");
    }

    private static double nonNegative(Spec s, String key, double v) {
        return check(s, key, v, x -> x >= 0, "must be >= 0");
    }

    private static double fraction(Spec s, String key, double v) {
        return check(s, key, v, x -> x >= 0 && x <= 1, "must be between 0 and 1");
    }

    private static long atLeast(Spec s, String key, long v, long min) {
        if (v < min) {
            throw bad(s, key, "must be >= " + min);
        }
        return v;
    }

    /** Whole, not negative, strictly increasing step numbers; at least one. */
    private static long[] increasingSteps(Spec s, String key, double[] raw) {
        if (raw.length == 0) {
            throw bad(s, key, "needs at least one step");
        }
        long[] out = new long[raw.length];
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] < 0 || raw[i] != Math.rint(raw[i]) || raw[i] > 9.0e15) {
                throw bad(s, key, "must be whole step numbers >= 0");
            }
            out[i] = (long) raw[i];
            if (i > 0 && out[i] <= out[i - 1]) {
                throw bad(s, key, "must be strictly increasing");
            }
        }
        return out;
    }
}
