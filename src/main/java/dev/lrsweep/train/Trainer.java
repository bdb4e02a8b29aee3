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
import java.util.Map;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;

/**
 * The training loop. Each step: loss and gradient of one batch at θ in one pass, clipping, then
 * the update at the schedule's rate (times any plateau reduction and per-layer multiplier). At
 * the end of each epoch (one pass over the training rows; a single step with full batches) the
 * callbacks see the monitored value: the validation loss when there is validation data, else the
 * mean of the epoch's batch losses (Keras's {@code loss}). A run stops at the first non-finite
 * loss. Buffers are allocated before the loop; inside it only logged rows are copied.
 */
public final class Trainer {
    private final Model model;
    private final Dataset train;
    private final Dataset val;
    private final TrainConfig config;

    /**
     * @param model  a model instance for this run only (models may hold scratch space)
     * @param train  the training rows
     * @param val    validation rows, or null
     * @param config the loop's settings
     */
    public Trainer(Model model, Dataset train, Dataset val, TrainConfig config) {
        this.model = model;
        this.train = train;
        this.val = val;
        this.config = config;
    }

    /**
     * Full-batch training without validation or callbacks, the reference experiment's loop.
     */
    public static TrainRun train(Model model, Dataset data, Optimizer optimizer, Schedule schedule, TrainConfig config) {
        return new Trainer(model, data, null, config).run(n -> optimizer, schedule, false, 0L);
    }

    /**
     * Runs one trial.
     *
     * @param optimizers   makes a fresh optimizer for a given parameter count (one per layer when
     *                     per-layer rates are set)
     * @param schedule     gives the rate for update k (1-based) as {@code valueAt(k-1)}
     * @param cycleMomentum whether the schedule's momentum (cyclic, one_cycle) drives the optimizer's
     *                     momentum or beta_1
     * @param seed         the trial's seed: initial parameters and batch order derive from it only, so
     *                     trials that differ only in rate see the same batches
     */
    public TrainRun run(IntFunction<Optimizer> optimizers, Schedule schedule, boolean cycleMomentum, long seed) {
        return run(optimizers, schedule, cycleMomentum, seed, () -> false);
    }

    /**
     * Runs one trial that stops, marked interrupted, as soon as {@code cancelled} says so (checked
     * before every step).
     */
    public TrainRun run(IntFunction<Optimizer> optimizers, Schedule schedule, boolean cycleMomentum, long seed,
                        BooleanSupplier cancelled) {
        long start = System.nanoTime();
        SplittableRandom base = new SplittableRandom(seed);
        double[] params = model.initialParams(base.split());
        int p = params.length;
        double[] grad = new double[p];

        int n = train.rows();
        Batches batches = new Batches(n, config.batchSize(), config.shuffle(), base.split());
        int batch = batches.size();
        int[] order = batches.order();

        LayerGroups groups = LayerGroups.of(model, config.layerLr(), optimizers);
        ReduceLrOnPlateau plateau = config.plateau() == null ? null
                : ReduceLrOnPlateau.parse(config.plateau(), config.compat());
        EarlyStopping stopping = config.earlyStopping() == null ? null
                : EarlyStopping.parse(config.earlyStopping(), config.compat());
        double[] bestParams = stopping != null && stopping.restoreBest() ? new double[p] : null;

        int steps = config.steps();
        double[] losses = new double[steps + 1];
        List<LoggedStep> logged = new ArrayList<>(steps / config.logEvery() + 1);
        List<Event> events = new ArrayList<>();
        double initialLoss = batch == n ? Double.NaN : model.loss(train, params);
        double multiplier = 1.0;
        double epochLossSum = 0;
        int epochBatches = 0;
        int clipped = 0;
        int firstClip = -1;
        boolean stoppedEarly = false;
        int updates = 0;

        boolean interrupted = false;
        for (int k = 1; k <= steps; k++) {
            if (cancelled.getAsBoolean()) {
                interrupted = true;
                break;
            }
            batches.begin(k);
            int epoch = batches.epoch(k);
            double loss = model.lossAndGradient(train, order, batches.from(k), batches.to(k), params, grad);
            losses[k - 1] = loss;
            if (k == 1 && batch == n) initialLoss = loss;
            if (!Double.isFinite(loss)) {
                return finish(losses, k, initialLoss, updates, true, false, false, logged, events, params, start);
            }
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
            epochLossSum += loss;
            epochBatches++;

            boolean epochEnd = batches.endsEpoch(k);
            double valLoss = Double.NaN;
            if (k % config.logEvery() == 0 || k == steps) {
                valLoss = val == null ? Double.NaN : model.loss(val, params);
                logged.add(new LoggedStep(k, epoch, lr, loss, valLoss, model.accuracy(train, params),
                        val == null ? Double.NaN : model.accuracy(val, params), params.clone()));
            }
            if (epochEnd && (plateau != null || stopping != null)) {
                double monitored = val == null ? epochLossSum / epochBatches
                        : Double.isNaN(valLoss) ? model.loss(val, params) : valLoss;
                if (plateau != null) {
                    double current = schedule.valueAt(k) * multiplier;
                    double next = plateau.onEpochEnd(epoch, monitored, current);
                    if (plateau.reduced() && current > 0) {
                        multiplier *= next / current;
                        events.add(new Event(k, "lr_reduced", String.format(java.util.Locale.ROOT,
                                "epoch %d: lr reduced %s -> %s (plateau)", epoch, fmt(current), fmt(next)),
                                values("epoch", epoch, "old_lr", current, "new_lr", next)));
                    }
                }
                if (stopping != null) {
                    boolean stop = stopping.onEpochEnd(epoch, monitored);
                    if (bestParams != null && stopping.isNewBest()) System.arraycopy(params, 0, bestParams, 0, p);
                    if (stop) {
                        stoppedEarly = true;
                        events.add(new Event(k, "stopped_early", String.format(java.util.Locale.ROOT,
                                "epoch %d: stopped early (best epoch %d, monitored %s)", epoch,
                                stopping.bestEpoch(), fmt(stopping.best())),
                                values("epoch", epoch, "best_epoch", stopping.bestEpoch(), "best", stopping.best())));
                        break;
                    }
                }
            }
            if (epochEnd) {
                epochLossSum = 0;
                epochBatches = 0;
            }
        }
        if (clipped > 0) {
            events.add(new Event(firstClip, "gradient_clipped", "gradient clipped in " + clipped + " of " + updates
                    + " steps (first at step " + firstClip + ")", values("count", clipped, "first_step", firstClip)));
        }
        if (stopping != null && stopping.shouldRestoreBest() && bestParams != null) {
            System.arraycopy(bestParams, 0, params, 0, p);
            events.add(new Event(updates, "best_restored", "restored the parameters of epoch " + stopping.bestEpoch(),
                    values("epoch", stopping.bestEpoch())));
        }
        losses[updates] = model.loss(train, params);
        return finish(losses, updates + 1, initialLoss, updates, !Double.isFinite(losses[updates]), stoppedEarly,
                interrupted, logged, events, params, start);
    }

    /** The parameters a run with this seed starts from. */
    public static double[] initialParams(Model model, long seed) {
        return model.initialParams(new SplittableRandom(seed).split());
    }

    private TrainRun finish(double[] losses, int kept, double initialLoss, int updates, boolean nonFinite,
                            boolean stoppedEarly, boolean interrupted, List<LoggedStep> logged, List<Event> events,
                            double[] params, long start) {
        double[] l = kept == losses.length ? losses : Arrays.copyOf(losses, kept);
        boolean usable = !nonFinite;
        double valLoss = val != null && usable ? model.loss(val, params) : Double.NaN;
        double acc = usable ? model.accuracy(train, params) : Double.NaN;
        double valAcc = val != null && usable ? model.accuracy(val, params) : Double.NaN;
        return new TrainRun(l, initialLoss, updates, nonFinite, stoppedEarly, interrupted, List.copyOf(logged),
                List.copyOf(events), params, valLoss, acc, valAcc, System.nanoTime() - start);
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
