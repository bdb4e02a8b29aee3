package dev.lrsweep.train.callback;

import dev.lrsweep.spec.Compat;
import dev.lrsweep.spec.Spec;
import dev.lrsweep.spec.SpecException;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Stops training when the monitored value stops improving: Keras 3's {@code EarlyStopping} by
 * default, PyTorch Lightning's under {@link Compat#TORCH} (PyTorch itself has no early stopping).
 * See SEMANTICS.md §2.1 and §2.3.
 *
 * <p>The training loop calls {@link #onEpochEnd(int, double)} once at the end of every epoch and
 * stops when it returns true. When {@link #isNewBest()} is true after a call, the trainer copies the
 * parameters; at the end of training, stopped early or not (as Keras 3 does), it puts that copy
 * back if {@link #shouldRestoreBest()} is true.
 *
 * <p><b>Keras rule</b> (default). Keys: {@code mode=min|max} (min), {@code patience} (0),
 * {@code min_delta} (0, absolute), {@code baseline} (none), {@code restore_best} (false),
 * {@code start_from_epoch} (0).
 * <pre>
 * improvement(cur, ref) = true if ref is none, else (min) cur + min_delta &lt; ref, (max) cur - min_delta &gt; ref
 * if epoch &lt; start_from_epoch: return             # warm-up epochs are ignored completely
 * if restore_best and no snapshot yet: snapshot; best_epoch = epoch
 * wait += 1                                        # incremented first
 * if improvement(cur, best):
 *     best = cur; best_epoch = epoch; snapshot if restore_best
 *     if baseline is none or improvement(cur, baseline): wait = 0
 *     return                                       # never stops on an improving epoch
 * if wait &gt;= patience and epoch &gt; 0: stop
 * </pre>
 * With a baseline, epochs that beat the best so far but not the baseline keep counting towards the
 * patience, so training stops after {@code patience} epochs unless the baseline is beaten.
 *
 * <p><b>Lightning rule</b> ({@link Compat#TORCH}). Keys: {@code mode} (min), {@code patience} (3),
 * {@code min_delta} (0, absolute), {@code check_finite} (true), {@code restore_best} (false).
 * <pre>
 * if check_finite and cur is NaN or infinite: stop
 * elif improvement(cur, best): best = cur; wait = 0
 * else: wait += 1; if wait &gt;= patience: stop
 * </pre>
 * Lightning's {@code stopping_threshold} and {@code divergence_threshold} are not offered, and
 * Lightning has no {@code baseline}, {@code start_from_epoch} or weight restoring of its own
 * ({@code restore_best} here plays the part of a best-only checkpoint reloaded after fitting).
 *
 * <p>Under both rules a NaN or infinite value is never an improvement, even as the first value (with
 * Lightning's default {@code check_finite=true} it stops training instead). If the trainer keeps
 * calling after a stop, the rule simply continues and {@link #stoppedEpoch()} reports the latest stop.
 *
 * <p>Not thread-safe; {@link #onEpochEnd} allocates nothing.
 */
public final class EarlyStopping {
    /** The spec name; the text of {@code --early-stopping} is read as {@code early_stopping(...)}. */
    public static final String NAME = "early_stopping";

    private static final List<String> KERAS_KEYS =
            List.of("mode", "patience", "min_delta", "baseline", "restore_best", "start_from_epoch");
    private static final List<String> TORCH_KEYS =
            List.of("mode", "patience", "min_delta", "check_finite", "restore_best");

    private final Compat compat;
    private final boolean maxMode;
    private final int patience;
    private final double minDelta;
    private final boolean hasBaseline;
    private final double baseline;
    private final boolean restoreBest;
    private final int startFromEpoch;
    private final boolean checkFinite;

    private boolean hasBest;
    private double best;
    private int bestEpoch;
    private boolean snapshotTaken;
    private boolean newBest;
    private int wait;
    private int stoppedEpoch;

    private EarlyStopping(Compat compat, boolean maxMode, int patience, double minDelta,
            boolean hasBaseline, double baseline, boolean restoreBest, int startFromEpoch,
            boolean checkFinite) {
        this.compat = compat;
        this.maxMode = maxMode;
        this.patience = patience;
        this.minDelta = minDelta;
        this.hasBaseline = hasBaseline;
        this.baseline = baseline;
        this.restoreBest = restoreBest;
        this.startFromEpoch = startFromEpoch;
        this.checkFinite = checkFinite;
        reset();
    }

    /**
     * Reads the text of {@code --early-stopping}: the inside of the parentheses, for example
     * {@code patience=10,min_delta=0,restore_best=true}; an empty or blank string means all defaults.
     *
     * @param keyValues {@code key=value} pairs separated by commas, without the name or parentheses
     * @param compat which library's rule and defaults to follow
     * @return a callback in its initial state
     * @throws SpecException on a syntax error, an unknown key (the message lists the valid keys for
     *     {@code compat}), or a negative {@code patience}, {@code min_delta} or
     *     {@code start_from_epoch}
     */
    public static EarlyStopping parse(String keyValues, Compat compat) {
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
    public static EarlyStopping fromSpec(Spec spec, Compat compat) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(compat, "compat");
        boolean torch = compat == Compat.TORCH;
        spec.requireKeys(torch ? TORCH_KEYS : KERAS_KEYS);
        boolean max = CallbackSpecs.maxMode(spec);
        int patience = CallbackSpecs.nonNegativeInt(spec, "patience", torch ? 3 : 0);
        double minDelta = CallbackSpecs.nonNegative(spec, "min_delta", 0.0);
        boolean restore = spec.getBoolean("restore_best", false);
        if (torch) {
            boolean checkFinite = spec.getBoolean("check_finite", true);
            return new EarlyStopping(compat, max, patience, minDelta, false, Double.NaN, restore, 0, checkFinite);
        }
        boolean hasBaseline = spec.has("baseline");
        double baseline = spec.getDouble("baseline", Double.NaN);
        int start = CallbackSpecs.nonNegativeInt(spec, "start_from_epoch", 0);
        return new EarlyStopping(compat, max, patience, minDelta, hasBaseline, baseline, restore, start, false);
    }

    /**
     * Records the end of an epoch.
     *
     * @param epoch the 0-based epoch that just ended
     * @param monitored the monitored value for that epoch
     * @return true when training should stop after this epoch
     * @throws IllegalArgumentException if {@code epoch} is negative
     */
    public boolean onEpochEnd(int epoch, double monitored) {
        if (epoch < 0) throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        newBest = false;
        return compat == Compat.TORCH ? lightningStep(epoch, monitored) : kerasStep(epoch, monitored);
    }

    private boolean kerasStep(int epoch, double current) {
        if (epoch < startFromEpoch) return false;
        if (restoreBest && !snapshotTaken) {
            snapshotTaken = true;
            newBest = true;
            bestEpoch = epoch;
        }
        wait++;
        if (isImprovement(current, hasBest, best)) {
            recordBest(epoch, current);
            if (!hasBaseline || isImprovement(current, true, baseline)) wait = 0;
            return false;
        }
        if (wait >= patience && epoch > 0) {
            stoppedEpoch = epoch;
            return true;
        }
        return false;
    }

    private boolean lightningStep(int epoch, double current) {
        if (checkFinite && !Double.isFinite(current)) {
            stoppedEpoch = epoch;
            return true;
        }
        if (isImprovement(current, hasBest, best)) {
            recordBest(epoch, current);
            wait = 0;
            return false;
        }
        wait++;
        if (wait >= patience) {
            stoppedEpoch = epoch;
            return true;
        }
        return false;
    }

    private void recordBest(int epoch, double current) {
        best = current;
        hasBest = true;
        bestEpoch = epoch;
        newBest = true;
        snapshotTaken = true;
    }

    private boolean isImprovement(double current, boolean hasReference, double reference) {
        if (!Double.isFinite(current)) return false;
        if (!hasReference) return true;
        return maxMode ? current - minDelta > reference : current + minDelta < reference;
    }

    /** Puts the callback back in its initial state (no best value, no stop, counters at 0). */
    public void reset() {
        hasBest = false;
        best = Double.NaN;
        bestEpoch = -1;
        snapshotTaken = false;
        newBest = false;
        wait = 0;
        stoppedEpoch = -1;
    }

    /**
     * Whether the last {@link #onEpochEnd} call made its epoch the best one, so the trainer should
     * copy the parameters now. Under Keras with {@code restore_best} this is also true for the first
     * monitored epoch even when its value is not finite, as Keras snapshots that epoch
     * unconditionally so that there is always something to restore.
     */
    public boolean isNewBest() {
        return newBest;
    }

    /** The epoch of the best value (or of the first snapshot, see {@link #isNewBest()}), or -1. */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** The best monitored value so far, or NaN before the first finite value. */
    public double best() {
        return hasBest ? best : Double.NaN;
    }

    /**
     * Whether the trainer should, at the end of training (early stop or not), restore the
     * parameters copied at {@link #bestEpoch()}: {@code restore_best=true} and a copy was asked for.
     */
    public boolean shouldRestoreBest() {
        return restoreBest && snapshotTaken;
    }

    /** The epoch at which {@link #onEpochEnd} last returned true, or -1 if it never did. */
    public int stoppedEpoch() {
        return stoppedEpoch;
    }

    /** The current count of epochs without improvement (Keras {@code wait}, Lightning {@code wait_count}). */
    public int waitCount() {
        return wait;
    }

    /** The rule followed. */
    public Compat compat() {
        return compat;
    }

    /** Whether larger monitored values are better ({@code mode=max}). */
    public boolean maxMode() {
        return maxMode;
    }

    /** The patience in epochs. */
    public int patience() {
        return patience;
    }

    /** The absolute improvement required. */
    public double minDelta() {
        return minDelta;
    }

    /** The Keras baseline, if one was given. */
    public OptionalDouble baseline() {
        return hasBaseline ? OptionalDouble.of(baseline) : OptionalDouble.empty();
    }

    /** Whether {@code restore_best=true} was given. */
    public boolean restoreBest() {
        return restoreBest;
    }

    /** The first epoch that is monitored (Keras {@code start_from_epoch}); 0 under Lightning. */
    public int startFromEpoch() {
        return startFromEpoch;
    }

    /** Whether a non-finite value stops training (Lightning {@code check_finite}); false under Keras. */
    public boolean checkFinite() {
        return checkFinite;
    }

    /** The effective configuration as a spec, for example {@code early_stopping(mode=min,patience=0,...)}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(NAME).append("(mode=").append(maxMode ? "max" : "min")
                .append(",patience=").append(patience)
                .append(",min_delta=").append(CallbackSpecs.num(minDelta));
        if (compat == Compat.TORCH) {
            sb.append(",check_finite=").append(checkFinite);
        } else {
            if (hasBaseline) sb.append(",baseline=").append(CallbackSpecs.num(baseline));
            sb.append(",start_from_epoch=").append(startFromEpoch);
        }
        return sb.append(",restore_best=").append(restoreBest).append(')').toString();
    }
}
