package dev.lrsweep.sweep;

import dev.lrsweep.train.TrainRun;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Trains trials, several at once where they share batches. {@link SweepRunner} groups the trial
 * list by {@link #groupKey} up front, splits groups so that every thread has work, and hands each
 * piece to {@link #trainGroup} on one thread. Because a trial's arithmetic must not depend on the
 * other members of its group, results are the same however the list is split. Implementations are
 * called from several threads at once.
 */
public interface GroupTrainer {
    /**
     * A key such that trials with equal keys may be trained together, or null when the trial gains
     * nothing from company (it then runs alone).
     */
    Object groupKey(Trial trial);

    /**
     * Trains trials with equal {@link #groupKey}s from scratch, together.
     *
     * @param group     the trials, with equal non-null keys (or a single trial)
     * @param cancelled checked before every step; when it says so the trials end, interrupted
     * @param finished  told of each trial as it ends, on the calling thread
     * @return the runs, in group order
     */
    List<TrainRun> trainGroup(List<Trial> group, BooleanSupplier cancelled, SweepRunner.Listener finished);

    /**
     * About how many bytes of heap the trial holds while it trains (parameters, gradient, the
     * optimizer's slots, copies kept for the report); 0 when too little to matter. It decides only
     * how many trials train at once ({@link SweepRunner#trialsAtOnce}), never a result.
     */
    default long runningBytes(Trial trial) {
        return 0;
    }

    /** About how many bytes of heap the trial's finished run keeps until the report is written. */
    default long keptBytes(Trial trial) {
        return 0;
    }
}
