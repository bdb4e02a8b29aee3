package dev.lrsweep.model;

import dev.lrsweep.data.Dataset;
import dev.lrsweep.spec.Spec;
import dev.lrsweep.spec.SpecException;
import java.util.List;

/**
 * The {@code --model} text form, e.g. {@code linear}. {@link #create} makes a fresh model for one
 * trial (models may hold scratch space and are not thread-safe).
 */
public final class ModelSpec {
    private static final List<String> NAMES = List.of("linear");

    private final Spec spec;

    private ModelSpec(Spec spec) {
        this.spec = spec;
    }

    /**
     * Reads a model spec.
     *
     * @throws SpecException for an unknown model or key
     */
    public static ModelSpec parse(String text) {
        Spec s = Spec.parse(text);
        if (!NAMES.contains(s.name())) {
            throw new SpecException("unknown model '" + s.name() + "' (valid: " + String.join(", ", NAMES) + ")");
        }
        s.requireKeys(List.of());
        return new ModelSpec(s);
    }

    /** The model's name. */
    public String name() {
        return spec.name();
    }

    /** Whether the model reads the target as class labels rather than numbers. */
    public boolean classifies() {
        return false;
    }

    /**
     * A fresh model for one trial.
     *
     * @param intercept whether linear models fit an intercept
     * @param l2        L2 penalty on weights (not biases), 0 for none
     */
    public Model create(Dataset data, boolean intercept, double l2) {
        return LinearRegression.of(data, intercept, l2);
    }

    @Override
    public String toString() {
        return spec.toString();
    }
}
