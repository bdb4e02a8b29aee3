package dev.lrsweep.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How a run is judged, from its losses and flags alone. */
class ConvergenceTest {
    private static TrainRun run(double[] losses, boolean nonFinite, boolean interrupted) {
        return new TrainRun(losses, losses[0], losses.length - 1, nonFinite, false, interrupted, List.of(), List.of(),
                new double[0], Double.NaN, Double.NaN, Double.NaN, 0L);
    }

    /** A mini-batch run of two epochs of three steps: batch losses, epoch means, final loss. */
    private static TrainRun miniBatch(double[] batchLosses, double initial, double[] epochMeans, double last) {
        double[] losses = java.util.Arrays.copyOf(batchLosses, batchLosses.length + 1);
        losses[batchLosses.length] = last;
        return new TrainRun(losses, initial, batchLosses.length, false, false, false, List.of(), List.of(),
                new double[0], Double.NaN, Double.NaN, Double.NaN, 0L, 3, epochMeans);
    }

    @Test
    void aLuckyBatchIsNeitherTheBestLossNorTheTarget() {
        // step 2's batch happened to fit (0.01); the epochs' means were 2.9 and 2.0, the end 1.0
        TrainRun r = miniBatch(new double[] {5, 0.01, 3.7, 2.5, 2, 1.5}, 4.0, new double[] {2.9, 2.0}, 1.0);
        assertEquals(1.0, Convergence.bestLoss(r), 0);
        assertEquals(7, Convergence.bestStep(r)); // the final parameters, after 6 updates
        // target 2.0 ± 5%: the first epoch mean inside the band ends at step 6, not the lucky step 2
        assertEquals(6, Convergence.stepsToTarget(r, 2.0, 0.05));
        assertEquals(-1, Convergence.stepsToTarget(r, 0.01, 0.05));
    }

    @Test
    void aMiniBatchRunsBestCanBeAnEpochMeanOrTheStart() {
        TrainRun mid = miniBatch(new double[] {5, 0.01, 3.7, 2.5, 2, 1.5}, 4.0, new double[] {2.9, 2.0}, 2.5);
        assertEquals(2.0, Convergence.bestLoss(mid), 0);
        assertEquals(6, Convergence.bestStep(mid)); // the second epoch's last step
        TrainRun worse = miniBatch(new double[] {5, 0.01, 3.7, 2.5, 2, 1.5}, 1.0, new double[] {2.9, 2.0}, 2.5);
        assertEquals(1, Convergence.bestStep(worse)); // nothing beat the initial parameters
        assertEquals(1.0, Convergence.bestLoss(worse), 0);
    }

    @Test
    void fullBatchRunsAreStillJudgedOnEveryStep() {
        TrainRun r = run(new double[] {4, 3, 0.5, 1}, false, false);
        assertEquals(3, Convergence.bestStep(r));
        assertEquals(0.5, Convergence.bestLoss(r), 0);
        assertEquals(2, Convergence.stepsToTarget(r, 3.0, 0.01));
    }

    @Test
    void aRunCutOffByCtrlCIsInterruptedWhereverItsLossWas() {
        // above the start when cut off: unfinished, not diverged
        assertEquals(Status.INTERRUPTED, Convergence.status(run(new double[] {1.0, 1.5}, false, true), 0.0, 1e-3));
        assertEquals(Status.INTERRUPTED, Convergence.status(run(new double[] {1.0, 0.5}, false, true), 0.0, 1e-3));
    }

    @Test
    void aNonFiniteLossIsDivergedEvenWhenInterrupted() {
        assertEquals(Status.DIVERGED,
                Convergence.status(run(new double[] {1.0, Double.POSITIVE_INFINITY}, true, true), 0.0, 1e-3));
    }

    @Test
    void aFinishedRunEndingAboveItsStartIsDiverged() {
        assertEquals(Status.DIVERGED, Convergence.status(run(new double[] {1.0, 1.5}, false, false), 0.0, 1e-3));
    }
}
