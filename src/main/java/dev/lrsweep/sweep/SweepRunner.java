package dev.lrsweep.sweep;

import dev.lrsweep.train.Convergence;
import dev.lrsweep.train.Status;
import dev.lrsweep.train.TrainRun;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Runs a fixed trial list on {@code jobs} threads and judges the results. Each trial owns all of its
 * mutable state (parameters, optimizer), the dataset is shared read-only, and results are gathered
 * in trial-list order, so the outcome never depends on {@code jobs} or on which thread ran what.
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

    private static double bestSeen(List<TrainRun> runs) {
        double best = Double.POSITIVE_INFINITY;
        for (TrainRun r : runs) {
            for (double l : r.losses()) if (Double.isFinite(l) && l < best) best = l;
        }
        return best;
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
