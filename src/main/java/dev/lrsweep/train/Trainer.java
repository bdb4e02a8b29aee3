package dev.lrsweep.train;

import dev.lrsweep.data.Dataset;
import dev.lrsweep.model.Model;
import dev.lrsweep.optim.Optimizer;
import dev.lrsweep.schedule.Schedule;
import java.util.List;
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
 *
 * <p>A run here is a group of one in {@link FusedTrainer}, which drives several trials that share
 * batches in lockstep with the same per-trial code, so the two always agree bit for bit.
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
        return new FusedTrainer(model, train, val, config)
                .run(List.of(new FusedTrainer.Member(optimizers, schedule, cycleMomentum)), seed, cancelled, (i, r) -> { })
                .get(0);
    }

    /** The parameters a run with this seed starts from. */
    public static double[] initialParams(Model model, long seed) {
        return model.initialParams(new SplittableRandom(seed).split());
    }
}
