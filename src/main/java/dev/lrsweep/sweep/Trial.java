package dev.lrsweep.sweep;

import dev.lrsweep.optim.OptimizerSpec;
import dev.lrsweep.schedule.ScheduleSpec;

/**
 * One point of a sweep, fixed before anything runs: every swept value it takes.
 *
 * @param id        stable 0-based position in the trial list
 * @param lr        the learning rate (a schedule's initial or peak rate)
 * @param seed      the seed its initial parameters and batch order derive from
 * @param optimizer the optimizer spec
 * @param schedule  the schedule spec
 * @param batchSize rows per update; 0 for full batch
 */
public record Trial(int id, double lr, long seed, OptimizerSpec optimizer, ScheduleSpec schedule, int batchSize) {
    /** The values that identify the trial's setting apart from its seed, for grouping repeats. */
    public String settingKey() {
        return lr + "|" + optimizer + "|" + schedule + "|" + batchSize;
    }
}
