package dev.lrsweep.train.callback;

import dev.lrsweep.spec.Compat;
import dev.lrsweep.spec.Spec;
import dev.lrsweep.spec.SpecException;
import java.util.List;
import java.util.Objects;

/**
 * Lowers the learning rate when the monitored value stops improving: Keras 3's
 * {@code ReduceLROnPlateau} by default, PyTorch's under {@link Compat#TORCH} (SEMANTICS.md §2.1,
 * §2.2, §3, §3.1).
 *
 * <p>The training loop calls {@link #onEpochEnd(int, double, double)} once at the end of every
 * epoch with the monitored value and the learning rate the epoch used, and trains the next epoch
 * with the rate it returns. {@link #reduced()}, {@link #lastOldLr()} and {@link #lastNewLr()}
 * describe the last call, for event logging.
 *
 * <p><b>Keras rule</b> (default). Keys: {@code mode=min|max} (min), {@code factor} (0.1),
 * {@code patience} (10), {@code min_delta} (1e-4, absolute), {@code cooldown} (0), {@code min_lr}
 * (0).
 * <pre>
 * if cooldown_counter &gt; 0: cooldown_counter -= 1; wait = 0
 * if improvement (min: cur + min_delta &lt; best): best = cur; wait = 0
 * elif not cooldown_counter &gt; 0:                 # tested after the decrement above
 *     wait += 1
 *     if wait &gt;= patience and lr &gt; float32(min_lr):
 *         lr = max(lr * factor, min_lr); cooldown_counter = cooldown; wait = 0
 * </pre>
 * So {@code patience=p} reduces on the p-th consecutive bad epoch, {@code cooldown=1} behaves like
 * 0, and once the rate is at {@code min_lr} nothing more happens.
 *
 * <p><b>PyTorch rule</b> ({@link Compat#TORCH}). Keys: {@code mode} (min), {@code factor} (0.1),
 * {@code patience} (10), {@code threshold} (1e-4; {@code min_delta} is accepted as another name for
 * it), {@code threshold_mode=rel|abs} (rel), {@code cooldown} (0), {@code min_lr} (0), {@code eps}
 * (1e-8).
 * <pre>
 * better (min, rel): cur &lt; best * (1 - threshold)    (min, abs): cur &lt; best - threshold
 *        (max, rel): cur &gt; best * (1 + threshold)    (max, abs): cur &gt; best + threshold
 * if better: best = cur; num_bad = 0 else num_bad += 1
 * if cooldown_counter &gt; 0: cooldown_counter -= 1; num_bad = 0
 * if num_bad &gt; patience:
 *     new = max(lr * factor, min_lr); if lr - new &gt; eps: lr = new
 *     cooldown_counter = cooldown; num_bad = 0
 * </pre>
 * So {@code patience=p} reduces on the (p+1)-th bad epoch and {@code cooldown=c} ignores c epochs.
 *
 * <p>Under both rules the first finite value is always an improvement. A NaN or infinite monitored
 * value is never an improvement (it counts as a bad epoch), even as the first value.
 *
 * <p>Not thread-safe; {@link #onEpochEnd} allocates nothing.
 */
public final class ReduceLrOnPlateau {
    /** The spec name; the text of {@code --reduce-on-plateau} is read as {@code reduce_on_plateau(...)}. */
    public static final String NAME = "reduce_on_plateau";

    private static final List<String> KERAS_KEYS =
            List.of("mode", "factor", "patience", "min_delta", "cooldown", "min_lr");
    private static final List<String> TORCH_KEYS = List.of("mode", "factor", "patience", "threshold",
            "min_delta", "threshold_mode", "cooldown", "min_lr", "eps");
    private static final List<String> THRESHOLD_MODES = List.of("rel", "abs");

    private final Compat compat;
    private final boolean maxMode;
    private final double factor;
    private final int patience;
    private final double threshold;
    private final boolean relative;
    private final int cooldown;
    private final double minLr;
    private final double eps;

    private boolean hasBest;
    private double best;
    private int wait;
    private int cooldownCounter;
    private int lastEpoch;
    private double lastOldLr;
    private double lastNewLr;

    private ReduceLrOnPlateau(Compat compat, boolean maxMode, double factor, int patience,
            double threshold, boolean relative, int cooldown, double minLr, double eps) {
        this.compat = compat;
        this.maxMode = maxMode;
        this.factor = factor;
        this.patience = patience;
        this.threshold = threshold;
        this.relative = relative;
        this.cooldown = cooldown;
        this.minLr = minLr;
        this.eps = eps;
        reset();
    }

    /**
     * Reads the text of {@code --reduce-on-plateau}: the inside of the parentheses, for example
     * {@code factor=0.5,patience=5,min_delta=1e-4}; an empty or blank string means all defaults.
     *
     * @param keyValues {@code key=value} pairs separated by commas, without the name or parentheses
     * @param compat which library's rule and defaults to follow
     * @return a callback in its initial state
     * @throws SpecException on a syntax error, an unknown key (the message lists the valid keys for
     *     {@code compat}), {@code factor} outside (0, 1), or a negative count, delta or {@code min_lr}
     */
    public static ReduceLrOnPlateau parse(String keyValues, Compat compat) {
        return fromSpec(CallbackSpecs.wrap(NAME, keyValues), compat);
    }

    /**
     * Builds the callback from an already-read spec (its name is not checked).
     *
     * @param spec the arguments, as described on the class
     * @param compat which library's rule and defaults to follow
     * @return a callback in its initial state
     * @throws SpecException as for {@link #parse(String, Compat)}
     */
    public static ReduceLrOnPlateau fromSpec(Spec spec, Compat compat) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(compat, "compat");
        boolean torch = compat == Compat.TORCH;
        spec.requireKeys(torch ? TORCH_KEYS : KERAS_KEYS);
        boolean max = CallbackSpecs.maxMode(spec);
        double factor = spec.getDouble("factor", 0.1);
        if (!(factor > 0 && factor < 1)) {
            throw new SpecException(NAME + ": 'factor' must be > 0 and < 1 (the rate is multiplied by it), got "
                    + spec.value("factor"));
        }
        int patience = CallbackSpecs.nonNegativeInt(spec, "patience", 10);
        int cooldown = CallbackSpecs.nonNegativeInt(spec, "cooldown", 0);
        double minLr = CallbackSpecs.nonNegative(spec, "min_lr", 0.0);
        if (!torch) {
            double minDelta = CallbackSpecs.nonNegative(spec, "min_delta", 1e-4);
            return new ReduceLrOnPlateau(compat, max, factor, patience, minDelta, false, cooldown, minLr, 0.0);
        }
        if (spec.has("threshold") && spec.has("min_delta")) {
            throw new SpecException(NAME + ": give 'threshold' or its other name 'min_delta', not both");
        }
        String thresholdKey = spec.has("min_delta") ? "min_delta" : "threshold";
        double threshold = CallbackSpecs.nonNegative(spec, thresholdKey, 1e-4);
        boolean rel = spec.getWord("threshold_mode", "rel", THRESHOLD_MODES).equals("rel");
        double eps = CallbackSpecs.nonNegative(spec, "eps", 1e-8);
        return new ReduceLrOnPlateau(compat, max, factor, patience, threshold, rel, cooldown, minLr, eps);
    }

    /**
     * Records the end of an epoch and returns the learning rate for the next one.
     *
     * @param epoch the 0-based epoch that just ended (kept for {@link #lastEpoch()} only)
     * @param monitored the monitored value for that epoch; NaN or infinite counts as no improvement
     * @param currentLr the learning rate the epoch used (finite, >= 0)
     * @return {@code currentLr}, or the reduced rate when this epoch triggered a reduction
     * @throws IllegalArgumentException if {@code epoch} is negative or {@code currentLr} is negative
     *     or not finite
     */
    public double onEpochEnd(int epoch, double monitored, double currentLr) {
        if (epoch < 0) throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        if (!(currentLr >= 0) || currentLr == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("learning rate must be finite and >= 0, got " + currentLr);
        }
        double newLr = compat == Compat.TORCH ? torchStep(monitored, currentLr) : kerasStep(monitored, currentLr);
        lastEpoch = epoch;
        lastOldLr = currentLr;
        lastNewLr = newLr;
        return newLr;
    }

    private double kerasStep(double current, double lr) {
        if (cooldownCounter > 0) {
            cooldownCounter--;
            wait = 0;
        }
        if (isImprovement(current)) {
            best = current;
            hasBest = true;
            wait = 0;
            return lr;
        }
        if (cooldownCounter > 0) return lr;
        wait++;
        if (wait >= patience && lr > (float) minLr) {
            cooldownCounter = cooldown;
            wait = 0;
            return Math.max(lr * factor, minLr);
        }
        return lr;
    }

    private double torchStep(double current, double lr) {
        if (isImprovement(current)) {
            best = current;
            hasBest = true;
            wait = 0;
        } else {
            wait++;
        }
        if (cooldownCounter > 0) {
            cooldownCounter--;
            wait = 0;
        }
        if (wait > patience) {
            cooldownCounter = cooldown;
            wait = 0;
            double candidate = Math.max(lr * factor, minLr);
            return lr - candidate > eps ? candidate : lr;
        }
        return lr;
    }

    private boolean isImprovement(double current) {
        if (!Double.isFinite(current)) return false;
        if (!hasBest) return true;
        if (compat == Compat.KERAS) {
            // Keras: monitor_op(cur - signed_min_delta, best), min_delta negated in min mode
            return maxMode ? current - threshold > best : current + threshold < best;
        }
        if (relative) {
            return maxMode ? current > best * (1 + threshold) : current < best * (1 - threshold);
        }
        return maxMode ? current > best + threshold : current < best - threshold;
    }

    /** Puts the callback back in its initial state (no best value, counters at 0, no last call). */
    public void reset() {
        hasBest = false;
        best = Double.NaN;
        wait = 0;
        cooldownCounter = 0;
        lastEpoch = -1;
        lastOldLr = Double.NaN;
        lastNewLr = Double.NaN;
    }

    /** Whether the last {@link #onEpochEnd} call changed the learning rate; false before any call. */
    public boolean reduced() {
        return lastEpoch >= 0 && lastNewLr != lastOldLr;
    }

    /** The epoch given to the last {@link #onEpochEnd} call, or -1 before any call. */
    public int lastEpoch() {
        return lastEpoch;
    }

    /** The learning rate given to the last {@link #onEpochEnd} call, or NaN before any call. */
    public double lastOldLr() {
        return lastOldLr;
    }

    /** The learning rate returned by the last {@link #onEpochEnd} call, or NaN before any call. */
    public double lastNewLr() {
        return lastNewLr;
    }

    /** The best monitored value so far, or NaN before the first finite value. */
    public double best() {
        return hasBest ? best : Double.NaN;
    }

    /** The current count of bad epochs (Keras {@code wait}, PyTorch {@code num_bad_epochs}). */
    public int badEpochs() {
        return wait;
    }

    /** Epochs of cooldown still to run. */
    public int cooldownRemaining() {
        return cooldownCounter;
    }

    /** The rule followed. */
    public Compat compat() {
        return compat;
    }

    /** Whether larger monitored values are better ({@code mode=max}). */
    public boolean maxMode() {
        return maxMode;
    }

    /** The multiplier applied on a reduction, in (0, 1). */
    public double factor() {
        return factor;
    }

    /** The patience in epochs. */
    public int patience() {
        return patience;
    }

    /** Keras {@code min_delta} (absolute) or PyTorch {@code threshold} (see {@link #relativeThreshold()}). */
    public double threshold() {
        return threshold;
    }

    /** Whether the threshold is relative (PyTorch {@code threshold_mode=rel}); always false under Keras. */
    public boolean relativeThreshold() {
        return compat == Compat.TORCH && relative;
    }

    /** The cooldown in epochs. */
    public int cooldown() {
        return cooldown;
    }

    /** The lower bound on the learning rate. */
    public double minLr() {
        return minLr;
    }

    /** PyTorch's smallest change worth making; 0 under Keras, which has no such rule. */
    public double eps() {
        return eps;
    }

    /** The effective configuration as a spec, for example {@code reduce_on_plateau(mode=min,factor=0.1,...)}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(NAME).append("(mode=").append(maxMode ? "max" : "min")
                .append(",factor=").append(CallbackSpecs.num(factor))
                .append(",patience=").append(patience);
        if (compat == Compat.TORCH) {
            sb.append(",threshold=").append(CallbackSpecs.num(threshold))
                    .append(",threshold_mode=").append(relative ? "rel" : "abs");
        } else {
            sb.append(",min_delta=").append(CallbackSpecs.num(threshold));
        }
        sb.append(",cooldown=").append(cooldown).append(",min_lr=").append(CallbackSpecs.num(minLr));
        if (compat == Compat.TORCH) sb.append(",eps=").append(CallbackSpecs.num(eps));
        return sb.append(')').toString();
    }
}
