package dev.lrsweep.sweep;

import dev.lrsweep.optim.OptimizerSpec;
import dev.lrsweep.schedule.ScheduleSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The trial list, computed up front: the Cartesian product of the swept axes in a fixed order
 * (optimizer, schedule, batch size, rate, seed — seeds innermost so repeats sit together). A
 * trial's id is its position, so ids are stable for the same command whatever runs them.
 */
public final class TrialList {
    private TrialList() {
    }

    /**
     * Crosses the axes.
     *
     * @param rates      the learning rates, in the order given
     * @param optimizers the optimizer specs
     * @param schedules  the schedule specs
     * @param batchSizes batch sizes (0 = full batch)
     * @param seeds      seeds (repeats)
     */
    public static List<Trial> cross(double[] rates, List<OptimizerSpec> optimizers, List<ScheduleSpec> schedules,
                                    int[] batchSizes, long[] seeds) {
        return cross(o -> rates, optimizers, schedules, batchSizes, seeds);
    }

    /**
     * Crosses the axes, with rates that may depend on the optimizer (its default rate when a sweep
     * gives none).
     */
    public static List<Trial> cross(java.util.function.Function<OptimizerSpec, double[]> ratesFor,
                                    List<OptimizerSpec> optimizers, List<ScheduleSpec> schedules, int[] batchSizes,
                                    long[] seeds) {
        List<Trial> out = new ArrayList<>();
        for (OptimizerSpec o : optimizers) {
            for (ScheduleSpec s : schedules) {
                for (int b : batchSizes) {
                    for (double lr : ratesFor.apply(o)) {
                        for (long seed : seeds) out.add(new Trial(out.size(), lr, seed, o, s, b));
                    }
                }
            }
        }
        return List.copyOf(out);
    }
}
