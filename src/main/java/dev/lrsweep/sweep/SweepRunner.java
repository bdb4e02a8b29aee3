package dev.lrsweep.sweep;

import dev.lrsweep.train.Convergence;
import dev.lrsweep.train.Status;
import dev.lrsweep.train.TrainRun;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs a fixed trial list on {@code jobs} threads and judges the results. Each trial owns all of its
 * mutable state (parameters, optimizer), the dataset is shared read-only, and results are gathered
 * in trial-list order, so the outcome never depends on {@code jobs} or on which thread ran what.
 * Given a {@link GroupTrainer} (such as an {@link Experiment}) instead of a function, trials that
 * share batches are trained together, one pass over each batch serving all of them.
 */
public final class SweepRunner {
    private SweepRunner() {
    }

    /**
     * Runs every trial and judges it.
     *
     * @param trials      the trial list, fixed up front
     * @param jobs        threads to use (1 runs on the calling thread)
     * @param train       trains one trial from scratch; must be safe to call concurrently
     * @param optimumLoss the model's closed-form optimum loss, or NaN when there is none (then the
     *                    best loss seen across all trials is the reference)
     * @param tol         relative tolerance of the convergence band
     * @param byValLoss   choose the best trial by final validation loss rather than training loss
     */
    public static SweepResult run(List<Trial> trials, int jobs, Function<Trial, TrainRun> train, double optimumLoss,
                                  double tol, boolean byValLoss) {
        return run(trials, jobs, train, optimumLoss, tol, byValLoss, Map.of(), (t, r) -> { });
    }

    /**
     * Called as each trial finishes, from the thread that ran it (possibly several at once).
     */
    @FunctionalInterface
    public interface Listener {
        /** The trial has finished (or was interrupted) with this run. */
        void finished(Trial trial, TrainRun run);
    }

    /**
     * Runs the trials not already done and judges all of them.
     *
     * @param done     runs already finished (resume), by trial id; they are not run again
     * @param listener told of every newly finished trial
     */
    public static SweepResult run(List<Trial> trials, int jobs, Function<Trial, TrainRun> train, double optimumLoss,
                                  double tol, boolean byValLoss, Map<Integer, TrainRun> done, Listener listener) {
        List<TrainRun> runs = runAll(trials, jobs, t -> {
            TrainRun previous = done.get(t.id());
            if (previous != null) return previous;
            TrainRun r = train.apply(t);
            listener.finished(t, r);
            return r;
        });
        return judge(trials, runs, optimumLoss, tol, byValLoss);
    }

    /**
     * Runs every trial, trials that share batches together, and judges them.
     *
     * @param trainer trains groups of trials; must be safe to call concurrently
     * @see #run(List, int, GroupTrainer, BooleanSupplier, double, double, boolean, Map, Listener)
     */
    public static SweepResult run(List<Trial> trials, int jobs, GroupTrainer trainer, double optimumLoss, double tol,
                                  boolean byValLoss) {
        return run(trials, jobs, trainer, () -> false, optimumLoss, tol, byValLoss, Map.of(), (t, r) -> { });
    }

    /**
     * Runs the trials not already done, trials that share batches together, and judges all of them.
     *
     * <p>The pending trials are grouped by {@link GroupTrainer#groupKey} (in trial order, fixed up
     * front); groups are then cut into contiguous pieces of nearly equal size so that there are
     * enough pieces to keep {@code min(jobs, processors)} threads busy, and the pieces run on a pool
     * of up to {@code jobs} threads. A trial's arithmetic does not depend on the piece it is in, so
     * the results, gathered in trial order, are the same for any {@code jobs} (and any machine).
     *
     * @param trials      the trial list, fixed up front
     * @param jobs        threads to use (1 runs on the calling thread)
     * @param trainer     trains groups of trials; must be safe to call concurrently
     * @param cancelled   checked before every step of every trial; when it says so, running and
     *                    pending trials end, marked interrupted
     * @param optimumLoss the model's closed-form optimum loss, or NaN when there is none
     * @param tol         relative tolerance of the convergence band
     * @param byValLoss   choose the best trial by final validation loss rather than training loss
     * @param done        runs already finished (resume), by trial id; they are not run again
     * @param listener    told of every newly finished trial, from the thread that ran it
     */
    public static SweepResult run(List<Trial> trials, int jobs, GroupTrainer trainer, BooleanSupplier cancelled,
                                  double optimumLoss, double tol, boolean byValLoss, Map<Integer, TrainRun> done,
                                  Listener listener) {
        return run(trials, jobs, Integer.MAX_VALUE, trainer, cancelled, optimumLoss, tol, byValLoss, done, listener);
    }

    /**
     * {@link #run(List, int, GroupTrainer, BooleanSupplier, double, double, boolean, Map, Listener)}
     * with at most {@code atOnce} trials training at the same time (see {@link #trialsAtOnce}): the
     * pieces hold at most {@code atOnce / threads} trials, and fewer threads run when even one
     * trial a thread would be too many. The results are the same bits for any {@code atOnce}.
     *
     * @param atOnce most trials in training at the same time, {@code >= 1}
     */
    public static SweepResult run(List<Trial> trials, int jobs, int atOnce, GroupTrainer trainer,
                                  BooleanSupplier cancelled, double optimumLoss, double tol, boolean byValLoss,
                                  Map<Integer, TrainRun> done, Listener listener) {
        if (atOnce < 1) throw new IllegalArgumentException("atOnce must be >= 1, got " + atOnce);
        TrainRun[] runs = new TrainRun[trials.size()];
        Map<Trial, Integer> position = new IdentityHashMap<>();
        List<Trial> pending = new ArrayList<>();
        for (int i = 0; i < trials.size(); i++) {
            Trial t = trials.get(i);
            TrainRun previous = done.get(t.id());
            if (previous != null) {
                runs[i] = previous;
            } else {
                position.put(t, i);
                pending.add(t);
            }
        }
        Plan plan = plan(pending, jobs, trainer, atOnce);
        runPieces(plan.pieces(), plan.threads(), piece -> {
            List<TrainRun> out = trainer.trainGroup(piece, cancelled, listener);
            if (out.size() != piece.size()) {
                throw new IllegalStateException("a group of " + piece.size() + " trials gave " + out.size() + " runs");
            }
            for (int i = 0; i < piece.size(); i++) runs[position.get(piece.get(i))] = out.get(i);
        });
        return judge(trials, Arrays.asList(runs), optimumLoss, tol, byValLoss);
    }

    /** How the pending trials run: the pieces handed to the trainer, and the threads that take them. */
    private record Plan(List<List<Trial>> pieces, int threads) {
        /** Most trials in training at the same time: the pieces on all threads at their largest. */
        int inFlight() {
            List<Integer> sizes = new ArrayList<>();
            for (List<Trial> p : pieces) sizes.add(p.size());
            sizes.sort(java.util.Comparator.reverseOrder());
            int n = 0;
            for (int i = 0; i < Math.min(Math.max(1, threads), sizes.size()); i++) n += sizes.get(i);
            return n;
        }
    }

    private static Plan plan(List<Trial> pending, int jobs, GroupTrainer trainer, int atOnce) {
        // more pieces than cores would only break groups up: the cut uses at most one per core
        int workers = Math.max(1, Math.min(jobs, Math.min(atOnce, Runtime.getRuntime().availableProcessors())));
        List<List<Trial>> pieces = pieces(pending, workers, trainer, atOnce / workers);
        int threads = jobs;
        if (atOnce < Integer.MAX_VALUE) {
            int largest = 1;
            for (List<Trial> p : pieces) largest = Math.max(largest, p.size());
            threads = Math.min(jobs, atOnce / largest);
        }
        return new Plan(pieces, threads);
    }

    /**
     * Whether at most {@code atOnce} trials at a time changes how the pending trials run with
     * {@code jobs} threads: fewer in training together than without the bound.
     */
    public static boolean holdsBack(List<Trial> pending, int jobs, GroupTrainer trainer, int atOnce) {
        if (atOnce >= pending.size()) return false;
        return plan(pending, jobs, trainer, atOnce).inFlight() < plan(pending, jobs, trainer, Integer.MAX_VALUE).inFlight();
    }

    /**
     * The pending trials grouped by key (groups in order of their first trial, trials in list order;
     * a null key is a group of its own), each group cut into contiguous pieces of at most
     * {@code ceil(pending / workers)} trials, as evenly as possible.
     */
    static List<List<Trial>> pieces(List<Trial> pending, int workers, GroupTrainer trainer) {
        return pieces(pending, workers, trainer, Integer.MAX_VALUE);
    }

    /** {@link #pieces(List, int, GroupTrainer)}, no piece larger than {@code largest} trials. */
    static List<List<Trial>> pieces(List<Trial> pending, int workers, GroupTrainer trainer, int largest) {
        Map<Object, List<Trial>> groups = new LinkedHashMap<>();
        List<List<Trial>> ordered = new ArrayList<>();
        for (Trial t : pending) {
            Object key = trainer.groupKey(t);
            if (key == null) {
                ordered.add(List.of(t));
                continue;
            }
            List<Trial> g = groups.get(key);
            if (g == null) {
                g = new ArrayList<>();
                groups.put(key, g);
                ordered.add(g);
            }
            g.add(t);
        }
        int w = Math.max(1, workers);
        int most = Math.max(1, Math.min(largest, (pending.size() + w - 1) / w));
        List<List<Trial>> pieces = new ArrayList<>();
        for (List<Trial> g : ordered) {
            int count = (g.size() + most - 1) / most;
            for (int c = 0; c < count; c++) {
                int from = (int) ((long) g.size() * c / count);
                int to = (int) ((long) g.size() * (c + 1) / count);
                pieces.add(List.copyOf(g.subList(from, to)));
            }
        }
        return pieces;
    }

    /**
     * How many of the pending trials may train at the same time in {@code budget} bytes of heap:
     * every finished run is kept until the report ({@link GroupTrainer#keptBytes}), and each trial in
     * training holds {@link GroupTrainer#runningBytes} meanwhile, so at most
     * {@code (budget − Σ kept) / max(running − kept)} run together. At least 1 (a sweep too large
     * for the heap even one trial at a time still starts, and ends at the out-of-memory error);
     * {@link Integer#MAX_VALUE} when the trials' sizes set no bound.
     */
    public static int trialsAtOnce(List<Trial> pending, GroupTrainer trainer, long budget) {
        return trialsAtOnce(Footprint.of(pending, trainer), budget);
    }

    /** {@link #trialsAtOnce(List, GroupTrainer, long)} from the trials' footprint. */
    public static int trialsAtOnce(Footprint f, long budget) {
        if (f.extra() <= 0) return Integer.MAX_VALUE;
        long room = budget - f.kept();
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, room / f.extra()));
    }

    /**
     * What the pending trials hold on the heap, from {@link GroupTrainer#runningBytes} and
     * {@link GroupTrainer#keptBytes} (sums saturate at {@link Long#MAX_VALUE}).
     *
     * @param kept     every finished run together
     * @param extra    the most a trial in training holds beyond its finished run
     * @param running  the most a trial in training holds
     * @param keptEach the most a finished run holds
     */
    public record Footprint(long kept, long extra, long running, long keptEach) {
        /** Sums it over the trials. */
        public static Footprint of(List<Trial> pending, GroupTrainer trainer) {
            long kept = 0;
            long extra = 0;
            long running = 0;
            long keptEach = 0;
            for (Trial t : pending) {
                long k = Math.max(0, trainer.keptBytes(t));
                long r = trainer.runningBytes(t);
                kept = kept > Long.MAX_VALUE - k ? Long.MAX_VALUE : kept + k;
                extra = Math.max(extra, r - k);
                running = Math.max(running, r);
                keptEach = Math.max(keptEach, k);
            }
            return new Footprint(kept, extra, running, keptEach);
        }

        /** This footprint with {@code bytes} more held by each trial in training (a buffer of the caller's). */
        public Footprint plus(long bytes) {
            return new Footprint(kept, extra + bytes, running + bytes, keptEach);
        }

        /** Every finished run with one trial in training: the least a sweep needs. */
        public long least() {
            return kept > Long.MAX_VALUE - extra ? Long.MAX_VALUE : kept + extra;
        }
    }

    private static SweepResult judge(List<Trial> trials, List<TrainRun> runs, double optimumLoss, double tol,
                                     boolean byValLoss) {
        boolean closedForm = !Double.isNaN(optimumLoss);
        double reference = closedForm ? optimumLoss : bestSeen(runs);
        List<TrialOutcome> outcomes = new ArrayList<>(trials.size());
        for (int i = 0; i < trials.size(); i++) {
            TrainRun r = runs.get(i);
            outcomes.add(new TrialOutcome(trials.get(i), r, Convergence.status(r, reference, tol),
                    Convergence.stepsToTarget(r, reference, tol), Convergence.bestStep(r), Convergence.bestLoss(r)));
        }
        return new SweepResult(List.copyOf(outcomes), reference, closedForm ? "optimum" : "best_seen",
                chooseBest(outcomes, byValLoss));
    }

    /**
     * The best trial: lowest final loss (validation loss when {@code byValLoss}) among those that did
     * not diverge; ties go to fewer
     * steps_to_target (a trial that never reached the target counts as slowest), then to the
     * earlier trial.
     *
     * @return its index, or -1 when every trial diverged
     */
    static int chooseBest(List<TrialOutcome> outcomes, boolean byValLoss) {
        int best = -1;
        for (int i = 0; i < outcomes.size(); i++) {
            TrialOutcome o = outcomes.get(i);
            if (o.status() == Status.DIVERGED || o.status() == Status.INTERRUPTED) continue;
            if (best < 0) {
                best = i;
                continue;
            }
            TrialOutcome b = outcomes.get(best);
            int c = byValLoss ? Double.compare(o.run().finalValLoss(), b.run().finalValLoss())
                    : Double.compare(o.finalLoss(), b.finalLoss());
            if (c < 0 || (c == 0 && speed(o) < speed(b))) best = i;
        }
        return best;
    }

    private static long speed(TrialOutcome o) {
        return o.stepsToTarget() < 0 ? Long.MAX_VALUE : o.stepsToTarget();
    }

    /**
     * The least loss the trials that did not diverge reached, or NaN when every trial diverged
     * (a diverging trial's dip on its way up is no target, and with none left the start loss
     * would be one every trial "reaches" at step 1).
     */
    private static double bestSeen(List<TrainRun> runs) {
        double best = Double.POSITIVE_INFINITY;
        for (TrainRun r : runs) {
            if (Convergence.diverged(r)) continue;
            double l = Convergence.bestLoss(r);
            if (Double.isFinite(l) && l < best) best = l;
        }
        return Double.isInfinite(best) ? Double.NaN : best;
    }

    private static void runPieces(List<List<Trial>> pieces, int jobs, Consumer<List<Trial>> work) {
        if (jobs <= 1 || pieces.size() <= 1) {
            for (List<Trial> p : pieces) work.accept(p);
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(jobs, pieces.size()), r -> {
            Thread th = new Thread(r, "lrsweep-trial");
            th.setDaemon(true);
            return th;
        });
        try {
            List<Future<?>> futures = new ArrayList<>(pieces.size());
            for (List<Trial> p : pieces) futures.add(pool.submit(() -> work.accept(p)));
            for (Future<?> f : futures) f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) throw re;
            if (c instanceof Error err) throw err;
            throw new IllegalStateException(c);
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<TrainRun> runAll(List<Trial> trials, int jobs, Function<Trial, TrainRun> train) {
        List<TrainRun> out = new ArrayList<>(trials.size());
        if (jobs <= 1 || trials.size() <= 1) {
            for (Trial t : trials) out.add(train.apply(t));
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(jobs, trials.size()), r -> {
            Thread th = new Thread(r, "lrsweep-trial");
            th.setDaemon(true);
            return th;
        });
        try {
            List<Future<TrainRun>> futures = new ArrayList<>(trials.size());
            for (Trial t : trials) futures.add(pool.submit(() -> train.apply(t)));
            for (Future<TrainRun> f : futures) out.add(f.get());
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) throw re;
            if (c instanceof Error err) throw err;
            throw new IllegalStateException(c);
        } finally {
            pool.shutdownNow();
        }
    }
}
