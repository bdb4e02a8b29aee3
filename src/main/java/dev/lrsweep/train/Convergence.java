package dev.lrsweep.train;

/**
 * Judges a run against a reference loss (the optimum where the model has a closed form, else the
 * best loss any trial reached). The band is relative: |loss − ref| ≤ tol·|ref|; where the reference
 * is (nearly) zero, an exact fit, the band is tol·1e-9·(initial loss) instead, so that a run that
 * drove the loss down by that much still counts as converged.
 *
 * <p>Steps follow the table's numbering: the loss "at step k" is measured before update k, so
 * {@code losses[k-1]}; step {@code updates+1} stands for the final parameters.
 *
 * <p>Which losses are judged: with full batches, every step's (each is the loss over all training
 * rows). With mini-batches a step's loss is one batch's, and a lucky batch would make a best loss
 * or reach a target that the parameters never did; such runs are judged on the loss over all rows
 * at the initial parameters (step 1), the mean batch loss of each completed epoch weighted by
 * batch size (Keras's epoch {@code loss}, at the epoch's last step) and the loss over all rows at
 * the final parameters (step {@code updates+1}).
 */
public final class Convergence {
    private Convergence() {
    }

    /** Half-width of the band around {@code reference} for this run. */
    public static double band(TrainRun run, double reference, double tol) {
        double scale = Math.max(Math.abs(reference), 1e-9 * Math.abs(run.initialLoss()));
        return tol * scale;
    }

    /** First judged step whose loss is within the band, or -1. */
    public static int stepsToTarget(TrainRun run, double reference, double tol) {
        double band = band(run, reference, tol);
        Judged j = Judged.of(run);
        for (int i = 0; i < j.losses.length; i++) {
            double l = j.losses[i];
            if (Double.isFinite(l) && Math.abs(l - reference) <= band) return j.steps[i];
        }
        return -1;
    }

    /** The judged step with the lowest finite loss (the first of equals). */
    public static int bestStep(TrainRun run) {
        Judged j = Judged.of(run);
        return j.steps[j.best()];
    }

    /** The lowest finite judged loss of the run (the initial loss is always finite for a valid dataset). */
    public static double bestLoss(TrainRun run) {
        Judged j = Judged.of(run);
        return j.losses[j.best()];
    }

    /** The losses a run is judged on, each with its table step. */
    private record Judged(int[] steps, double[] losses) {
        static Judged of(TrainRun run) {
            double[] l = run.losses();
            if (!run.miniBatch()) {
                int[] steps = new int[l.length];
                for (int i = 0; i < l.length; i++) steps[i] = i + 1;
                return new Judged(steps, l);
            }
            double[] epochs = run.epochLosses();
            int n = epochs.length + 2;
            int[] steps = new int[n];
            double[] losses = new double[n];
            steps[0] = 1;
            losses[0] = run.initialLoss();
            for (int e = 0; e < epochs.length; e++) {
                steps[e + 1] = (e + 1) * run.stepsPerEpoch();
                losses[e + 1] = epochs[e];
            }
            steps[n - 1] = run.updates() + 1;
            losses[n - 1] = run.finalLoss();
            return new Judged(steps, losses);
        }

        int best() {
            int best = 0;
            for (int i = 1; i < losses.length; i++) {
                if (Double.isFinite(losses[i]) && !(losses[i] >= losses[best])) best = i;
            }
            return best;
        }
    }

    /**
     * Whether the run diverged, which needs no reference: its loss became non-finite, or it ran to
     * its end (not interrupted) above its initial loss.
     */
    public static boolean diverged(TrainRun run) {
        double last = run.finalLoss();
        if (run.nonFinite() || !Double.isFinite(last)) return true;
        return !run.interrupted() && last > run.initialLoss();
    }

    /**
     * The run's status against the reference loss: diverged when its loss became non-finite; else
     * interrupted when Ctrl-C cut it off (a run stopped part way is not judged on where its loss
     * happened to be); else diverged when it ended above the initial loss; else stopped_early when
     * early stopping ended it; else converged or not_converged.
     */
    public static Status status(TrainRun run, double reference, double tol) {
        if (diverged(run)) return Status.DIVERGED;
        double last = run.finalLoss();
        if (run.interrupted()) return Status.INTERRUPTED;
        if (run.stoppedEarly()) return Status.STOPPED_EARLY;
        return Math.abs(last - reference) <= band(run, reference, tol) ? Status.CONVERGED : Status.NOT_CONVERGED;
    }
}
