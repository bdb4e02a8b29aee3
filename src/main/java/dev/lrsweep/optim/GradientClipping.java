package dev.lrsweep.optim;

import dev.lrsweep.spec.Compat;
import dev.lrsweep.spec.SpecException;

/**
 * Gradient clipping applied to the whole gradient vector before the optimizer step. Immutable and
 * thread-safe; {@link #apply} works in place and allocates nothing.
 *
 * <ul>
 *   <li>{@link #clipNorm(double)}: the global L2 norm over all parameters, in Keras's
 *       {@code global_clipnorm} form: when {@code norm > c}, {@code g *= c * min(1/norm, 1/c)}.
 *       A non-finite norm makes every component NaN, as in Keras.</li>
 *   <li>{@link #clipNorm(double, Compat)} with {@link Compat#TORCH}: PyTorch's
 *       {@code clip_grad_norm_}, {@code g *= min(c / (norm + 1e-6), 1)}, so a norm within 1e-6
 *       below {@code c} is still scaled slightly. An infinite norm gives a factor of 0, a NaN norm
 *       NaN, as in PyTorch with {@code error_if_nonfinite=False}.</li>
 *   <li>{@link #clipValue(double)}: each component clamped to {@code [-v, v]} (Keras
 *       {@code clipvalue}, PyTorch {@code clip_grad_value_}); NaN components stay NaN.</li>
 * </ul>
 *
 * <p>Below the threshold the Keras form leaves the gradient untouched (Keras itself multiplies by
 * {@code c * (1/c)}, which can differ from 1 by one unit in the last place).
 */
public final class GradientClipping {
    private enum Kind { NONE, NORM_KERAS, NORM_TORCH, VALUE }

    private static final double TORCH_NORM_EPS = 1e-6;
    private static final GradientClipping NONE = new GradientClipping(Kind.NONE, 0);

    private final Kind kind;
    private final double limit;

    private GradientClipping(Kind kind, double limit) {
        this.kind = kind;
        this.limit = limit;
    }

    /** No clipping: {@link #apply} never changes anything. */
    public static GradientClipping none() {
        return NONE;
    }

    /**
     * Clips the global L2 norm to {@code maxNorm}, in Keras's {@code global_clipnorm} form.
     *
     * @throws SpecException unless {@code maxNorm} is positive and finite
     */
    public static GradientClipping clipNorm(double maxNorm) {
        return clipNorm(maxNorm, Compat.KERAS);
    }

    /**
     * Clips the global L2 norm to {@code maxNorm}: Keras's {@code global_clipnorm} form, or
     * PyTorch's {@code clip_grad_norm_} (with its {@code +1e-6}) under {@link Compat#TORCH}.
     *
     * @throws SpecException unless {@code maxNorm} is positive and finite
     */
    public static GradientClipping clipNorm(double maxNorm, Compat compat) {
        positive("clip_norm", maxNorm);
        return new GradientClipping(compat == Compat.TORCH ? Kind.NORM_TORCH : Kind.NORM_KERAS, maxNorm);
    }

    /**
     * Clamps every component to {@code [-limit, limit]}; the same in Keras and PyTorch.
     *
     * @throws SpecException unless {@code limit} is positive and finite
     */
    public static GradientClipping clipValue(double limit) {
        positive("clip_value", limit);
        return new GradientClipping(Kind.VALUE, limit);
    }

    private static void positive(String what, double v) {
        if (!(v > 0 && v < Double.POSITIVE_INFINITY)) {
            throw new SpecException(what + " must be a positive finite number, got " + Checks.show(v));
        }
    }

    /**
     * Clips {@code grad} in place.
     *
     * @return whether any component changed (a clip event)
     */
    public boolean apply(double[] grad) {
        return switch (kind) {
            case NORM_KERAS -> clipNormKeras(grad);
            case NORM_TORCH -> clipNormTorch(grad);
            case VALUE -> clipEachValue(grad);
            case NONE -> false;
        };
    }

    private boolean clipNormKeras(double[] grad) {
        double norm = globalNorm(grad);
        if (norm <= limit) return false;
        // c*min(1/norm, 1/c), plus (norm - norm) so that an infinite or NaN norm gives NaN
        double scale = limit * Math.min(1 / norm, 1 / limit) + (norm - norm);
        scale(grad, scale);
        return true;
    }

    private boolean clipNormTorch(double[] grad) {
        double coef = Math.min(limit / (globalNorm(grad) + TORCH_NORM_EPS), 1.0);
        if (coef == 1.0) return false; // a NaN coefficient is not 1.0, so a NaN norm scales by NaN
        scale(grad, coef);
        return true;
    }

    private boolean clipEachValue(double[] grad) {
        boolean changed = false;
        double hi = limit;
        double lo = -limit;
        for (int i = 0; i < grad.length; i++) {
            double g = grad[i];
            if (g > hi) {
                grad[i] = hi;
                changed = true;
            } else if (g < lo) {
                grad[i] = lo;
                changed = true;
            }
        }
        return changed;
    }

    private static void scale(double[] grad, double s) {
        for (int i = 0; i < grad.length; i++) {
            grad[i] *= s;
        }
    }

    /**
     * The L2 norm of the whole vector: {@code sqrt(sum g^2)}, recomputed with scaling when the plain
     * sum overflows although every component is finite. Allocation-free.
     */
    public static double globalNorm(double[] grad) {
        double sum = 0;
        for (double g : grad) {
            sum += g * g;
        }
        if (sum < Double.POSITIVE_INFINITY) return Math.sqrt(sum);
        double max = 0;
        for (double g : grad) {
            double a = Math.abs(g);
            if (!(a < Double.POSITIVE_INFINITY)) return a; // an infinite or NaN component decides
            max = Math.max(max, a);
        }
        double scaled = 0;
        for (double g : grad) {
            double r = g / max;
            scaled += r * r;
        }
        return max * Math.sqrt(scaled);
    }

    /** Whether this clips nothing ({@link #none()}). */
    public boolean isNone() {
        return kind == Kind.NONE;
    }

    /** For example {@code clip_norm=1}, {@code clip_norm=1 (torch)}, {@code clip_value=0.5} or {@code none}. */
    @Override
    public String toString() {
        return switch (kind) {
            case NORM_KERAS -> "clip_norm=" + Checks.show(limit);
            case NORM_TORCH -> "clip_norm=" + Checks.show(limit) + " (torch)";
            case VALUE -> "clip_value=" + Checks.show(limit);
            case NONE -> "none";
        };
    }
}
