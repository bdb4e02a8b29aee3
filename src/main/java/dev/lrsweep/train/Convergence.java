package dev.lrsweep.train;

/**
 * Judges a run against a reference loss (the optimum where the model has a closed form, else the
 * best loss any trial reached). The band is relative: |loss − ref| ≤ tol·|ref|; where the reference
 * is (nearly) zero, an exact fit, the band is tol·1e-9·(initial loss) instead, so that a run that
 * drove the loss down by that much still counts as converged.
 *
 * <p>Steps follow the table's numbering: the loss "at step k" is measured before update k, so
 * {@code losses[k-1]}; step {@code updates+1} stands for the final parameters.
 */
public final class Convergence {
    private Convergence() {
    }

    /** Half-width of the band around {@code reference} for this run. */
    public static double band(TrainRun run, double reference, double tol) {
        double scale = Math.max(Math.abs(reference), 1e-9 * Math.abs(run.initialLoss()));
        return tol * scale;
    }

    /** First table step whose loss is within the band, or -1. */
    public static int stepsToTarget(TrainRun run, double reference, double tol) {
        double band = band(run, reference, tol);
        double[] l = run.losses();
        for (int j = 0; j < l.length; j++) {
            if (Double.isFinite(l[j]) && Math.abs(l[j] - reference) <= band) return j + 1;
        }
        return -1;
    }

    /** Index into {@code losses} of the lowest finite loss, reported as table step index+1. */
    public static int bestStep(TrainRun run) {
        double[] l = run.losses();
        int best = 0;
        for (int j = 1; j < l.length; j++) {
            if (Double.isFinite(l[j]) && !(l[j] >= l[best])) best = j;
        }
        return best + 1;
    }

    /** The lowest finite loss of the run (the initial loss is always finite for a valid dataset). */
    public static double bestLoss(TrainRun run) {
        return run.losses()[bestStep(run) - 1];
    }

    /**
     * The run's status against the reference loss: diverged when its loss became non-finite; else
     * interrupted when Ctrl-C cut it off (a run stopped part way is not judged on where its loss
     * happened to be); else diverged when it ended above the initial loss; else stopped_early when
     * early stopping ended it; else converged or not_converged.
     */
    public static Status status(TrainRun run, double reference, double tol) {
        double last = run.finalLoss();
        if (run.nonFinite() || !Double.isFinite(last)) return Status.DIVERGED;
        if (run.interrupted()) return Status.INTERRUPTED;
        if (last > run.initialLoss()) return Status.DIVERGED;
        if (run.stoppedEarly()) return Status.STOPPED_EARLY;
        return Math.abs(last - reference) <= band(run, reference, tol) ? Status.CONVERGED : Status.NOT_CONVERGED;
    }
}
