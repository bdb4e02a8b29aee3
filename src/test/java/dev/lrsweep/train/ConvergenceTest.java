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
