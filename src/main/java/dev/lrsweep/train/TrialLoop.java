package dev.lrsweep.train;

import dev.lrsweep.data.Dataset;
import dev.lrsweep.model.Model;
import dev.lrsweep.optim.Optimizer;
import dev.lrsweep.schedule.Schedule;
import dev.lrsweep.train.callback.EarlyStopping;
import dev.lrsweep.train.callback.ReduceLrOnPlateau;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.IntFunction;

/**
 * One trial's part of the training loop: its parameters, optimizer state, callbacks and record,
 * and everything a step does once the batch's loss and gradient at θ are known (clipping, the
 * update at the schedule's rate, logging, plateau and early stopping). The caller owns the batch
 * order and the loss pass, so one caller can drive a single trial ({@link Trainer}) or several in
 * lockstep ({@link FusedTrainer}) with the same per-trial arithmetic. Not thread-safe.
 */
final class TrialLoop {
    private final Model model;
    private final Dataset train;
    private final Dataset val;
    private final TrainConfig config;
    private final Schedule schedule;
    private final boolean cycleMomentum;
    private final boolean fullBatch;
    private final long start;

    /** The trial's parameters, updated in place. */
    final double[] params;
    /** Where the loss pass writes the gradient at {@link #params}. */
    final double[] grad;

    private final LayerGroups groups;
    private final ReduceLrOnPlateau plateau;
    private final EarlyStopping stopping;
    private final double[] bestParams;
    private final double[] losses;
    private final List<LoggedStep> logged;
    private final List<Event> events = new ArrayList<>();
    private double initialLoss;
    private double multiplier = 1.0;
    private final int stepsPerEpoch;
    /** This epoch's batch losses, each weighted by its share of the training rows. */
    private double epochLoss;
    /** Mini-batch runs: the loss of each completed epoch. */
    private double[] epochLosses = new double[0];
    private int epochs;
    private int clipped;
    private int firstClip = -1;
    private int updates;
    private TrainRun result;
    /** Set when the loop has ended and waits for its final loss ({@link #complete}). */
    private boolean ending;
    private boolean endedEarly;
    private boolean endedByInterrupt;

    /**
     * @param params      the initial parameters (owned by this loop from now on)
     * @param stepsPerEpoch updates per epoch: 1 when every step's batch is every training row (the
     *                    first step then measures the initial loss; otherwise see
     *                    {@link #initialLoss(double)})
     * @param start       {@link System#nanoTime()} when the run began
     */
    TrialLoop(Model model, Dataset train, Dataset val, TrainConfig config, IntFunction<Optimizer> optimizers,
              Schedule schedule, boolean cycleMomentum, double[] params, int stepsPerEpoch, long start) {
        this.model = model;
        this.train = train;
        this.val = val;
        this.config = config;
        this.schedule = schedule;
        this.cycleMomentum = cycleMomentum;
        this.fullBatch = stepsPerEpoch == 1;
        this.stepsPerEpoch = stepsPerEpoch;
        this.start = start;
        this.params = params;
        this.grad = new double[params.length];
        this.groups = LayerGroups.of(model, config.layerLr(), optimizers);
        this.plateau = config.plateau() == null ? null : ReduceLrOnPlateau.parse(config.plateau(), config.compat());
        this.stopping = config.earlyStopping() == null ? null
                : EarlyStopping.parse(config.earlyStopping(), config.compat());
        this.bestParams = stopping != null && stopping.restoreBest() ? new double[params.length] : null;
        this.losses = new double[config.steps() + 1];
        this.logged = new ArrayList<>(config.steps() / config.logEvery() + 1);
        this.initialLoss = Double.NaN;
    }

    /** Sets the loss over all training rows at the initial parameters (mini-batch runs). */
    void initialLoss(double loss) {
        this.initialLoss = loss;
    }

    /**
     * The rest of update k (1-based) once {@link #grad} holds the batch's gradient at θ and
     * {@code loss} its loss.
     *
     * @param epoch     the 0-based epoch of step k
     * @param epochEnd  whether step k ends an epoch
     * @param batchRows the rows in step k's batch
     * @return true when the trial goes on; false when it has ended: diverged (its run then in
     *         {@link #result()}), or stopped early or run its last step (it then waits for the loss
     *         at its final parameters, {@link #awaitingFinalLoss()})
     */
    boolean step(int k, int epoch, boolean epochEnd, int batchRows, double loss, double batchAccuracy) {
        final int steps = config.steps();
        losses[k - 1] = loss;
        if (k == 1 && fullBatch) initialLoss = loss;
        if (!Double.isFinite(loss)) {
            result = finish(k, updates, true, false, false, Double.NaN);
            return false;
        }
        // a logged step's accuracy is taken where its loss was, before the update (as Keras's
        // training metrics are): from the same pass when the model measured it there over the
        // whole training set, else by a pass of its own
        boolean logs = k % config.logEvery() == 0 || k == steps;
        double accuracy = !logs ? Double.NaN
                : fullBatch && !Double.isNaN(batchAccuracy) ? batchAccuracy : model.accuracy(train, params);
        if (config.clipping().apply(grad)) {
            if (clipped++ == 0) firstClip = k;
        }
        double lr = schedule.valueAt(k - 1) * multiplier;
        if (cycleMomentum) {
            OptionalDouble m = schedule.momentumAt(k - 1);
            if (m.isPresent()) groups.setMomentum(m.getAsDouble());
        }
        groups.update(params, grad, lr);
        updates = k;
        // the epoch's loss is the mean of its batch losses weighted by batch size, as Keras's loss
        // tracker averages them (a last, smaller batch counts for its rows only): each loss times
        // its share of the rows, so that a full batch's is the loss itself, bit for bit
        epochLoss += loss * ((double) batchRows / train.rows());
        if (epochEnd && !fullBatch) {
            if (epochs == epochLosses.length) epochLosses = Arrays.copyOf(epochLosses, Math.max(4, 2 * epochs));
            epochLosses[epochs++] = epochLoss;
        }

        double valLoss = Double.NaN;
        if (logs) {
            valLoss = val == null ? Double.NaN : model.loss(val, params);
            logged.add(LoggedStep.at(k, epoch, lr, loss, valLoss, accuracy,
                    val == null ? Double.NaN : model.accuracy(val, params), params, config.keepParams()));
        }
        if (epochEnd && (plateau != null || stopping != null)) {
            double monitored = val == null ? epochLoss
                    : Double.isNaN(valLoss) ? model.loss(val, params) : valLoss;
            if (plateau != null) {
                double current = schedule.valueAt(k) * multiplier;
                double next = plateau.onEpochEnd(epoch, monitored, current);
                if (plateau.reduced() && current > 0) {
                    multiplier *= next / current;
                    events.add(new Event(k, "lr_reduced", String.format(Locale.ROOT,
                            "epoch %d: lr reduced %s -> %s (plateau)", epoch + 1, fmt(current), fmt(next)),
                            values("epoch", epoch, "old_lr", current, "new_lr", next)));
                }
            }
            if (stopping != null) {
                boolean stop = stopping.onEpochEnd(epoch, monitored);
                if (bestParams != null && stopping.isNewBest()) System.arraycopy(params, 0, bestParams, 0, params.length);
                if (stop) {
                    if (!logs) {
                        // the trial's last step gets its row, as a run's last step always does; its
                        // accuracy where the step's own pass counted it
                        logged.add(LoggedStep.at(k, epoch, lr, loss, val == null ? Double.NaN : monitored,
                                fullBatch ? batchAccuracy : Double.NaN,
                                val == null ? Double.NaN : model.accuracy(val, params), params,
                                config.keepParams()));
                    }
                    events.add(new Event(k, "stopped_early", String.format(Locale.ROOT,
                            "epoch %d: stopped early (best epoch %d, monitored %s)", epoch + 1,
                            stopping.bestEpoch() + 1, fmt(stopping.best())),
                            values("epoch", epoch, "best_epoch", stopping.bestEpoch(), "best", stopping.best())));
                    end(true, false);
                    return false;
                }
            }
        }
        if (epochEnd) epochLoss = 0;
        if (k >= steps) {
            end(false, false);
            return false;
        }
        return true;
    }

    /**
     * Ends the trial before its next step because the user interrupted the run; it then waits for
     * the loss at its final parameters.
     */
    void interrupt() {
        end(false, true);
    }

    /** The finished run, once {@link #step} has returned false and any final loss was given. */
    TrainRun result() {
        return result;
    }

    /** Whether the loop has ended and needs {@link #complete} with the loss at {@link #params}. */
    boolean awaitingFinalLoss() {
        return ending;
    }

    /**
     * Finishes an ended loop with the loss over all training rows at its final parameters
     * ({@link #params}), as {@link Model#loss} gives it, and the training accuracy there, or NaN
     * when the pass that measured the loss did not count it (it is then measured here). The caller
     * measures the losses of every trial that ended at a step in one pass.
     */
    void complete(double finalLoss, double finalAccuracy) {
        if (!ending) throw new IllegalStateException("the loop has not ended");
        ending = false;
        losses[updates] = finalLoss;
        result = finish(updates + 1, updates, !Double.isFinite(finalLoss), endedEarly, endedByInterrupt,
                finalAccuracy);
    }

    /** The end of the loop proper: clipping summary, restored best; the final loss comes from the caller. */
    private void end(boolean stoppedEarly, boolean interrupted) {
        if (clipped > 0) {
            events.add(new Event(firstClip, "gradient_clipped", "gradient clipped in " + clipped + " of " + updates
                    + " steps (first at step " + firstClip + ")", values("count", clipped, "first_step", firstClip)));
        }
        if (stopping != null && stopping.shouldRestoreBest() && bestParams != null) {
            System.arraycopy(bestParams, 0, params, 0, params.length);
            events.add(new Event(updates, "best_restored", "restored the parameters of epoch " + (stopping.bestEpoch() + 1),
                    values("epoch", stopping.bestEpoch())));
        }
        ending = true;
        endedEarly = stoppedEarly;
        endedByInterrupt = interrupted;
    }

    private TrainRun finish(int kept, int updates, boolean nonFinite, boolean stoppedEarly, boolean interrupted,
                            double knownAccuracy) {
        double[] l = kept == losses.length ? losses : Arrays.copyOf(losses, kept);
        boolean usable = !nonFinite;
        double valLoss = val != null && usable ? model.loss(val, params) : Double.NaN;
        double acc = !usable ? Double.NaN
                : !Double.isNaN(knownAccuracy) ? knownAccuracy : model.accuracy(train, params);
        double valAcc = val != null && usable ? model.accuracy(val, params) : Double.NaN;
        return new TrainRun(l, initialLoss, updates, nonFinite, stoppedEarly, interrupted, List.copyOf(logged),
                List.copyOf(events), params, valLoss, acc, valAcc, System.nanoTime() - start, stepsPerEpoch,
                Arrays.copyOf(epochLosses, epochs));
    }

    /** Six significant digits, no trailing zeros. */
    private static String fmt(double v) {
        if (!Double.isFinite(v) || v == 0) return String.valueOf(v == 0 ? 0 : v);
        return new java.math.BigDecimal(v).round(new java.math.MathContext(6)).stripTrailingZeros().toString();
    }

    private static Map<String, Double> values(Object... kv) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], ((Number) kv[i + 1]).doubleValue());
        return m;
    }
}
