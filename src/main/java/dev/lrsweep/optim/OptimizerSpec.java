package dev.lrsweep.optim;

import dev.lrsweep.spec.Compat;
import dev.lrsweep.spec.Spec;
import dev.lrsweep.spec.SpecException;
import java.util.List;
import java.util.Map;

/**
 * An optimizer as written on the command line, for example {@code adam(beta_1=0.95,amsgrad=true)},
 * checked when read and turned into an {@link Optimizer} for a given parameter count and
 * {@link Compat}. Immutable and thread-safe.
 *
 * <p>Names and keys (defaults are Keras / PyTorch where they differ):
 * <ul>
 *   <li>{@code sgd(momentum=0, nesterov=false, dampening=0, weight_decay=0)}; {@code dampening}
 *       is PyTorch only; {@code nesterov} needs {@code momentum > 0} and {@code dampening=0}.</li>
 *   <li>{@code adam(beta_1=0.9, beta_2=0.999, epsilon=1e-7/1e-8, amsgrad=false, weight_decay=0)}</li>
 *   <li>{@code adamw(weight_decay=0.004/0.01, beta_1=0.9, beta_2=0.999, epsilon=1e-7/1e-8,
 *       amsgrad=false)}</li>
 *   <li>{@code rmsprop(rho=0.9/0.99, momentum=0, epsilon=1e-7/1e-8, centered=false, weight_decay=0)};
 *       {@code alpha} is accepted as PyTorch's name for {@code rho}.</li>
 *   <li>{@code adagrad(initial_accumulator_value=0.1/0, epsilon=1e-7/1e-10, lr_decay=0,
 *       weight_decay=0)}; {@code lr_decay} is PyTorch only.</li>
 * </ul>
 * {@code weight_decay} on sgd, adam, rmsprop and adagrad is Keras's decoupled, rate-scaled decay
 * {@code w -= w*wd*lr} (before the step) under {@link Compat#KERAS} and an L2 term {@code g += wd*w}
 * under {@link Compat#TORCH}; on adamw it is decoupled in both.
 */
public final class OptimizerSpec {
    private static final List<String> NAMES = List.of("sgd", "adam", "adamw", "rmsprop", "adagrad");

    private static final Map<String, List<String>> KEYS = Map.of(
            "sgd", List.of("momentum", "nesterov", "dampening", "weight_decay"),
            "adam", List.of("beta_1", "beta_2", "epsilon", "amsgrad", "weight_decay"),
            "adamw", List.of("weight_decay", "beta_1", "beta_2", "epsilon", "amsgrad"),
            "rmsprop", List.of("rho", "alpha", "momentum", "epsilon", "centered", "weight_decay"),
            "adagrad", List.of("initial_accumulator_value", "epsilon", "lr_decay", "weight_decay"));

    private final Spec spec;
    private final String name;
    private final double momentum;
    private final boolean nesterov;
    private final double dampening;
    private final double beta1;
    private final double beta2;
    private final boolean amsgrad;
    private final boolean centered;
    private final double lrDecay;
    /** NaN where the default depends on the compat. */
    private final double rho;
    private final double epsilon;
    private final double initialAccumulator;
    private final double weightDecay;

    private OptimizerSpec(Spec spec) {
        this.spec = spec;
        this.name = spec.name();
        List<String> keys = KEYS.get(name);
        if (keys == null) {
            throw new SpecException("unknown optimizer '" + name + "' (valid: " + String.join(", ", NAMES) + ")");
        }
        spec.requireKeys(keys);
        this.momentum = range(spec, "momentum", 0, true);
        this.nesterov = spec.getBoolean("nesterov", false);
        this.dampening = range(spec, "dampening", 0, true);
        this.beta1 = range(spec, "beta_1", 0.9, false);
        this.beta2 = range(spec, "beta_2", 0.999, false);
        this.amsgrad = spec.getBoolean("amsgrad", false);
        this.centered = spec.getBoolean("centered", false);
        this.lrDecay = nonNegative(spec, "lr_decay", 0);
        if (spec.has("rho") && spec.has("alpha")) {
            throw new SpecException(name + ": give 'rho' or 'alpha' (PyTorch's name for it), not both");
        }
        String rhoKey = spec.has("alpha") ? "alpha" : "rho";
        this.rho = range(spec, rhoKey, Double.NaN, false);
        this.epsilon = nonNegative(spec, "epsilon", Double.NaN);
        if (epsilon == 0) {
            // with ε = 0 a zero gradient component divides 0 by 0 and turns its parameter into NaN
            throw new SpecException(name + ": 'epsilon' must be > 0, got 0");
        }
        this.initialAccumulator = nonNegative(spec, "initial_accumulator_value", Double.NaN);
        this.weightDecay = nonNegative(spec, "weight_decay", Double.NaN);
        if (nesterov && momentum == 0) {
            throw new SpecException(name + ": nesterov=true needs momentum > 0");
        }
        if (nesterov && dampening != 0) {
            throw new SpecException(name + ": nesterov=true needs dampening=0 (as in PyTorch)");
        }
    }

    /** A number in [0, 1] ({@code closed}) or [0, 1), or {@code def} when absent. */
    private static double range(Spec s, String key, double def, boolean closed) {
        if (!s.has(key)) return def;
        double v = s.getDouble(key);
        return closed ? Checks.closedUnit(s.name(), key, v) : Checks.openUnit(s.name(), key, v);
    }

    /** A number {@code >= 0}, or {@code def} when absent. */
    private static double nonNegative(Spec s, String key, double def) {
        if (!s.has(key)) return def;
        return Checks.nonNegative(s.name(), key, s.getDouble(key));
    }

    /**
     * Reads and checks an optimizer spec such as {@code sgd(momentum=0.9,nesterov=true)}.
     *
     * @throws SpecException for a syntax error, an unknown name or key (listing the valid ones), or
     *                       a value out of range (saying which range)
     */
    public static OptimizerSpec parse(String text) {
        return of(Spec.parse(text));
    }

    /**
     * Checks an already read spec, for example one nested in another spec.
     *
     * @throws SpecException as {@link #parse}
     */
    public static OptimizerSpec of(Spec spec) {
        return new OptimizerSpec(spec);
    }

    /** The optimizer names, in the order shown to users. */
    public static List<String> names() {
        return NAMES;
    }

    /** The optimizer's name: {@code sgd}, {@code adam}, {@code adamw}, {@code rmsprop} or {@code adagrad}. */
    public String name() {
        return name;
    }

    /**
     * Whether the optimizer has a momentum (or {@code beta_1}) a schedule can drive through
     * {@link Optimizer#setMomentum}: true for all but adagrad.
     */
    public boolean hasMomentum() {
        return !name.equals("adagrad");
    }

    /**
     * Fails if the spec uses an option the given compat does not have ({@code dampening} or
     * {@code lr_decay} other than 0 under Keras). {@link #create} performs the same check.
     *
     * @throws SpecException saying which option and why
     */
    public void validate(Compat compat) {
        if (compat != Compat.KERAS) return;
        if (dampening != 0) {
            throw new SpecException(name + ": 'dampening' is a PyTorch option; use --compat torch or leave it at 0");
        }
        if (lrDecay != 0) {
            throw new SpecException(name + ": 'lr_decay' is a PyTorch option; use --compat torch or leave it at 0");
        }
    }

    /**
     * Makes a fresh optimizer, filling in the library defaults of {@code compat} for keys not given.
     *
     * @param paramCount the number of parameters every update will see
     * @param compat     which library's forms and defaults to follow
     * @throws SpecException as {@link #validate}
     * @throws IllegalArgumentException if {@code paramCount} is negative
     */
    public Optimizer create(int paramCount, Compat compat) {
        validate(compat);
        boolean keras = compat == Compat.KERAS;
        double eps = Double.isNaN(epsilon) ? defaultEpsilon(keras) : epsilon;
        double wd = Double.isNaN(weightDecay) ? 0 : weightDecay;
        return switch (name) {
            case "sgd" -> new Sgd(paramCount, compat, momentum, nesterov, dampening, wd);
            case "adam" -> new Adam(paramCount, compat, beta1, beta2, eps, amsgrad, wd);
            case "adamw" -> new AdamW(paramCount, compat, Double.isNaN(weightDecay) ? (keras ? 0.004 : 0.01) : weightDecay,
                    beta1, beta2, eps, amsgrad);
            case "rmsprop" -> new RmsProp(paramCount, compat, Double.isNaN(rho) ? (keras ? 0.9 : 0.99) : rho,
                    momentum, eps, centered, wd);
            case "adagrad" -> new Adagrad(paramCount, compat,
                    Double.isNaN(initialAccumulator) ? (keras ? 0.1 : 0) : initialAccumulator, eps, lrDecay, wd);
            default -> throw new IllegalStateException("unreachable: " + name);
        };
    }

    private double defaultEpsilon(boolean keras) {
        if (keras) return 1e-7;
        return name.equals("adagrad") ? 1e-10 : 1e-8;
    }

    /**
     * The library's default learning rate for this optimizer, used when no rate or schedule is
     * given. Keras: sgd 0.01, the others 0.001. PyTorch: sgd, adam and adamw 1e-3, rmsprop and
     * adagrad 1e-2.
     */
    public double defaultRate(Compat compat) {
        if (compat == Compat.KERAS) {
            return name.equals("sgd") ? 0.01 : 0.001;
        }
        return name.equals("rmsprop") || name.equals("adagrad") ? 1e-2 : 1e-3;
    }

    /** The spec as read, for example {@code adam(beta_1=0.95)} (white space removed). */
    @Override
    public String toString() {
        return spec.toString();
    }

    /** Equal when the texts as read are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof OptimizerSpec other && other.spec.equals(spec);
    }

    @Override
    public int hashCode() {
        return spec.hashCode();
    }
}
