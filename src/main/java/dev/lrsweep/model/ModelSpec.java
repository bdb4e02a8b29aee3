package dev.lrsweep.model;

import dev.lrsweep.data.Dataset;
import dev.lrsweep.spec.Spec;
import dev.lrsweep.spec.SpecException;
import java.util.List;
import java.util.Map;

/**
 * The {@code --model} text form, checked when read. {@link #create} makes a fresh model for one
 * trial (models may hold scratch space and are not thread-safe). Immutable and thread-safe itself.
 *
 * <ul>
 *   <li>{@code linear}: {@link LinearRegression}, MSE on a numeric target.</li>
 *   <li>{@code logistic}: {@link LogisticRegression}, binary cross-entropy on a numeric 0/1 target.</li>
 *   <li>{@code softmax}: {@link SoftmaxRegression}, categorical cross-entropy on class labels.</li>
 *   <li>{@code mlp(hidden=32, layers=1, activation=relu, task=auto)}: {@link Mlp} with {@code layers}
 *       hidden layers of {@code hidden} units ({@code relu} or {@code tanh}). {@code task} is
 *       {@code regression} (one output, MSE on a numeric target), {@code classification} (one
 *       output per class, cross-entropy on class labels) or {@code auto}: whatever the dataset
 *       holds, which, as the target is read as numbers unless the model {@link #classifies()},
 *       means regression on the command line.</li>
 * </ul>
 * The intercept setting applies to the linear, logistic and softmax models; a network always has
 * biases. The L2 penalty applies to weights, never to biases or intercepts.
 */
public final class ModelSpec {
    private static final List<String> NAMES = List.of("linear", "logistic", "softmax", "mlp");

    private static final Map<String, List<String>> KEYS = Map.of(
            "linear", List.of(),
            "logistic", List.of(),
            "softmax", List.of(),
            "mlp", List.of("hidden", "layers", "activation", "task"));

    private static final List<String> ACTIVATIONS = List.of("relu", "tanh");
    private static final List<String> TASKS = List.of("auto", "regression", "classification");

    private final Spec spec;
    private final int hidden;
    private final int layers;
    private final Activation activation;
    private final String task;

    private ModelSpec(Spec spec) {
        this.spec = spec;
        List<String> keys = KEYS.get(spec.name());
        if (keys == null) {
            throw new SpecException("unknown model '" + spec.name() + "' (valid: " + String.join(", ", NAMES) + ")");
        }
        spec.requireKeys(keys);
        this.hidden = atLeastOne(spec, "hidden", 32);
        this.layers = atLeastOne(spec, "layers", 1);
        this.activation = Activation.valueOf(spec.getWord("activation", "relu", ACTIVATIONS)
                .toUpperCase(java.util.Locale.ROOT));
        this.task = spec.getWord("task", "auto", TASKS);
    }

    private static int atLeastOne(Spec s, String key, int def) {
        long v = s.getLong(key, def);
        if (v < 1 || v > Integer.MAX_VALUE) {
            throw new SpecException(s.name() + ": '" + key + "' must be a whole number >= 1, got " + s.value(key));
        }
        return (int) v;
    }

    /**
     * Reads a model spec such as {@code mlp(hidden=16,layers=2,activation=tanh)}.
     *
     * @throws SpecException for a syntax error, an unknown model or key (listing the valid ones), or
     *                       a value out of range
     */
    public static ModelSpec parse(String text) {
        return new ModelSpec(Spec.parse(text));
    }

    /** The model names, in the order shown to users. */
    public static List<String> names() {
        return NAMES;
    }

    /** The model's name: {@code linear}, {@code logistic}, {@code softmax} or {@code mlp}. */
    public String name() {
        return spec.name();
    }

    /**
     * Whether the model needs the target read as class labels rather than numbers: true for
     * {@code softmax} and for {@code mlp(task=classification)}.
     */
    public boolean classifies() {
        return switch (spec.name()) {
            case "softmax" -> true;
            case "mlp" -> task.equals("classification");
            default -> false;
        };
    }

    /**
     * A fresh model for one trial.
     *
     * @param intercept whether linear, logistic and softmax models fit an intercept (networks always
     *                  have biases)
     * @param l2        L2 penalty on weights (not biases), 0 for none
     * @throws dev.lrsweep.data.DataException if the target does not suit the model (logistic: not
     *                                        0/1; softmax and classifying mlp: no class labels;
     *                                        regressing mlp: class labels)
     * @throws SpecException                  if the network would have too many parameters
     * @throws IllegalArgumentException       if {@code l2} is negative or not finite
     */
    public Model create(Dataset data, boolean intercept, double l2) {
        return switch (spec.name()) {
            case "linear" -> LinearRegression.of(data, intercept, l2);
            case "logistic" -> LogisticRegression.of(data, intercept, l2);
            case "softmax" -> SoftmaxRegression.of(data, intercept, l2);
            case "mlp" -> mlp(data, l2);
            default -> throw new IllegalStateException("unreachable: " + spec.name());
        };
    }

    /**
     * Checks that {@code data}'s target suits this model, as {@link #create} does, without building
     * one: for the whole data file before it is split (so a bad value is named by its row in the
     * file) and for a validation file, which no model is built on.
     *
     * @throws dev.lrsweep.data.DataException naming the file and the data row of the first bad value
     */
    public void checkTargets(Dataset data) {
        switch (spec.name()) {
            case "logistic" -> Targets.requireBinary(data, "logistic");
            case "softmax" -> Targets.requireClasses(data, "softmax");
            case "mlp" -> {
                if (task.equals("classification")) Targets.requireClasses(data, toString());
                if (task.equals("regression")) Targets.requireNumeric(data, toString());
                if (data.classes() > 0) Targets.requireClasses(data, toString());
            }
            default -> {
            }
        }
    }

    private Mlp mlp(Dataset data, double l2) {
        if (task.equals("classification")) Targets.requireClasses(data, toString());
        if (task.equals("regression")) Targets.requireNumeric(data, toString());
        Targets.requireFeatures(data, toString());
        int outputs = data.classes() > 0 ? Targets.requireClasses(data, toString()) : 1;
        long count = Mlp.parameterCount(data.features(), hidden, layers, outputs);
        if (count > Integer.MAX_VALUE - 8) {
            throw new SpecException(this + ": " + count + " parameters for " + data.features()
                    + " features is more than an array can hold");
        }
        // refused up front rather than at an OutOfMemoryError, which a heap this full reaches only
        // after the collector has thrashed for minutes: a trial holds about six vectors of the
        // parameters' size (parameters, gradient, the optimizer's slots, the best ones kept) and
        // the kernel three small arrays per unit of the widest layer
        long widest = Math.max(hidden, Math.max(data.features(), outputs));
        long bytes = count * 8 * 6 + widest * 3 * 40;
        long heap = Runtime.getRuntime().maxMemory();
        if (bytes > heap) {
            throw new SpecException(String.format(java.util.Locale.ROOT,
                    "%s: about %d MB for its %d parameters and buffers, more than the Java heap holds (%d MB, "
                            + "-Xmx): a smaller network, or a larger heap", this, bytes >> 20, count, heap >> 20));
        }
        return Mlp.of(data, hidden, layers, activation, l2);
    }

    /** The spec as read, for example {@code mlp(hidden=16,activation=tanh)} (white space removed). */
    @Override
    public String toString() {
        return spec.toString();
    }

    /** Specs are equal when they read the same (as {@link #toString()}). */
    @Override
    public boolean equals(Object o) {
        return o instanceof ModelSpec m && m.spec.equals(spec);
    }

    @Override
    public int hashCode() {
        return spec.hashCode();
    }
}
