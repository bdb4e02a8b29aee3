package dev.lrsweep.train;

import dev.lrsweep.data.Dataset;
import dev.lrsweep.model.Model;
import dev.lrsweep.optim.Optimizer;
import dev.lrsweep.schedule.Schedule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;

/**
 * Trains a group of trials that share batches — same data, model, seed (hence initial parameters
 * and batch order), batch size and step count — in lockstep: each step takes one pass over the
 * batch for all of them ({@link Model#lossAndGradientMany}), then every trial applies its own
 * clipping, schedule, optimizer, logging and callbacks. A trial that diverges, stops early or
 * reaches its last step leaves the group; the others go on without it.
 *
 * <p>Each trial's run is exactly (bit for bit) the {@link TrainRun} that {@link Trainer} gives it
 * alone: the per-trial code is shared, and {@code lossAndGradientMany} promises every vector the
 * single-vector arithmetic. Only {@code elapsedNanos} differs: it is the time from the group's
 * start until the trial left it.
 *
 * <p>Not thread-safe: the model instance (which may hold scratch space) serves the whole group on
 * the calling thread.
 */
public final class FusedTrainer {
    private final Model model;
    private final Dataset train;
    private final Dataset val;
    private final TrainConfig config;

    /**
     * What may differ between the trials of a group.
     *
     * @param optimizers    makes a fresh optimizer for a given parameter count (one per layer when
     *                      per-layer rates are set)
     * @param schedule      gives the rate for update k (1-based) as {@code valueAt(k-1)}
     * @param cycleMomentum whether the schedule's momentum drives the optimizer's momentum or beta_1
     */
    public record Member(IntFunction<Optimizer> optimizers, Schedule schedule, boolean cycleMomentum) {
        /** Checks for nulls. */
        public Member {
            Objects.requireNonNull(optimizers, "optimizers");
            Objects.requireNonNull(schedule, "schedule");
        }
    }

    /** Told of each trial as it leaves the group, on the thread running the group. */
    @FunctionalInterface
    public interface Finished {
        /**
         * @param index the trial's position in the member list
         * @param run   its finished (or interrupted) run
         */
        void finished(int index, TrainRun run);
    }

    /**
     * Finishes the trials {@code active[from..to)} that have ended: those awaiting their final loss
     * get it from one pass over all training rows that serves them all (the same kernel as their
     * steps, so no trial's number depends on the others, and no new code path turns up at the end
     * of a long run), with the training accuracy that pass counted; then each is reported.
     */
    private void completeEnded(TrialLoop[] loops, int[] active, int from, int to, TrainRun[] runs, Finished finished) {
        int waiting = 0;
        for (int a = from; a < to; a++) if (loops[active[a]].awaitingFinalLoss()) waiting++;
        if (waiting > 0) {
            double[][] p = new double[waiting][];
            double[][] g = new double[waiting][];
            double[] l = new double[waiting];
            int[] who = new int[waiting];
            int w = 0;
            for (int a = from; a < to; a++) {
                TrialLoop loop = loops[active[a]];
                if (!loop.awaitingFinalLoss()) continue;
                who[w] = active[a];
                p[w] = loop.params;
                g[w++] = loop.grad; // the loop is done with its gradient buffer
            }
            int n = train.rows();
            if (waiting == 1) {
                l[0] = model.lossAndGradient(train, null, 0, n, p[0], g[0]);
            } else {
                model.lossAndGradientMany(train, null, 0, n, p, g, l, waiting);
            }
            // read every accuracy first: completing a loop may run the model again (validation rows)
            double[] acc = new double[waiting];
            for (int i = 0; i < waiting; i++) acc[i] = model.lastAccuracy(i);
            for (int i = 0; i < waiting; i++) loops[who[i]].complete(l[i], acc[i]);
        }
        for (int a = from; a < to; a++) {
            int m = active[a];
            runs[m] = loops[m].result();
            finished.finished(m, runs[m]);
        }
    }

    /**
     * @param model  one model instance for this group only (models may hold scratch space)
     * @param train  the training rows
     * @param val    validation rows, or null
     * @param config the loop's settings, shared by every trial of the group
     */
    public FusedTrainer(Model model, Dataset train, Dataset val, TrainConfig config) {
        this.model = model;
        this.train = train;
        this.val = val;
        this.config = config;
    }

    /**
     * Trains the group.
     *
     * @param members   the trials, in the order their runs are returned
     * @param seed      the shared seed: initial parameters and batch order derive from it only
     * @param cancelled checked before every step; when it says so, every trial still in the group
     *                  ends, marked interrupted
     * @param finished  told of each trial as it ends
     * @return the runs, in member order
     */
    public List<TrainRun> run(List<Member> members, long seed, BooleanSupplier cancelled, Finished finished) {
        long start = System.nanoTime();
        int count = members.size();
        SplittableRandom base = new SplittableRandom(seed);
        double[] initial = model.initialParams(base.split());
        int n = train.rows();
        Batches batches = new Batches(n, config.batchSize(), config.shuffle(), base.split());
        boolean fullBatch = batches.size() == n;
        int[] order = batches.order();

        TrialLoop[] loops = new TrialLoop[count];
        for (int m = 0; m < count; m++) {
            Member member = members.get(m);
            loops[m] = new TrialLoop(model, train, val, config, member.optimizers(), member.schedule(),
                    member.cycleMomentum(), initial.clone(), fullBatch ? 1 : batches.perEpoch(), start);
        }
        if (!fullBatch && count > 0) {
            // every trial starts from the same θ, so one pass serves them all
            double initialLoss = model.loss(train, initial);
            for (TrialLoop loop : loops) loop.initialLoss(initialLoss);
        }

        TrainRun[] runs = new TrainRun[count];
        int[] active = new int[count];
        int[] ending = new int[count];
        double[][] params = new double[count][];
        double[][] grads = new double[count][];
        double[] losses = new double[count];
        for (int m = 0; m < count; m++) {
            active[m] = m;
            params[m] = loops[m].params;
            grads[m] = loops[m].grad;
        }
        int live = count;
        int steps = config.steps();
        for (int k = 1; k <= steps && live > 0; k++) {
            if (cancelled.getAsBoolean()) {
                for (int a = 0; a < live; a++) loops[active[a]].interrupt();
                completeEnded(loops, active, 0, live, runs, finished);
                live = 0;
                break;
            }
            batches.begin(k);
            int epoch = batches.epoch(k);
            boolean epochEnd = batches.endsEpoch(k);
            int from = batches.from(k);
            int to = batches.to(k);
            if (live == 1) {
                losses[0] = model.lossAndGradient(train, order, from, to, params[0], grads[0]);
            } else {
                model.lossAndGradientMany(train, order, from, to, params, grads, losses, live);
            }
            int kept = 0;
            int ended = 0;
            for (int a = 0; a < live; a++) {
                int m = active[a];
                if (loops[m].step(k, epoch, epochEnd, to - from, losses[a], model.lastAccuracy(a))) {
                    active[kept] = m;
                    params[kept] = params[a];
                    grads[kept] = grads[a];
                    kept++;
                } else {
                    ending[ended++] = m;
                }
            }
            // the ended trials go after the live ones, in member order, to be finished together
            System.arraycopy(ending, 0, active, kept, ended);
            completeEnded(loops, active, kept, kept + ended, runs, finished);
            Arrays.fill(params, kept, live, null);
            Arrays.fill(grads, kept, live, null);
            live = kept;
        }
        List<TrainRun> out = new ArrayList<>(count);
        for (TrainRun r : runs) out.add(Objects.requireNonNull(r, "a trial of the group did not finish"));
        return out;
    }
}
