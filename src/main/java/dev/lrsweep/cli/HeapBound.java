package dev.lrsweep.cli;

import dev.lrsweep.report.Numbers;
import dev.lrsweep.sweep.Experiment;
import dev.lrsweep.sweep.SweepRunner;
import dev.lrsweep.sweep.Trial;
import java.io.PrintWriter;
import java.util.List;

/**
 * How many trials may train at once in the heap left after loading and analysis: a network's
 * trials can hold more than the data. A note says so when that holds back the sweep (whose
 * results are the same either way); a sweep whose finished runs alone, with one trial in
 * training, would not fit is refused before it starts, rather than at an out-of-memory error
 * after it has trained.
 */
final class HeapBound {
    private HeapBound() {
    }

    /**
     * The bound for {@link SweepRunner#run(List, int, int, dev.lrsweep.sweep.GroupTrainer,
     * java.util.function.BooleanSupplier, double, double, boolean, java.util.Map, SweepRunner.Listener)}.
     *
     * @param pending the trials still to run
     * @param fewer   what the refusal suggests for fewer trials ("fewer trials", "a smaller --refine")
     * @throws UsageException when the finished runs alone would not fit the heap
     */
    static int trialsAtOnce(Experiment e, List<Trial> pending, int jobs, String fewer, PrintWriter err) {
        if (pending.isEmpty()) return Integer.MAX_VALUE;
        SweepRunner.Footprint f = SweepRunner.Footprint.of(pending, e);
        long need = f.least();
        int atOnce = SweepRunner.trialsAtOnce(pending, e, budget());
        boolean tight = need > budget();
        if (!tight && !SweepRunner.holdsBack(pending, jobs, e, atOnce)) return atOnce;
        // the garbage of loading and analysis counts as used until it is collected: measure again
        System.gc();
        long free = free();
        if (need > free) {
            throw new UsageException(Numbers.f("--model: the %d trials' finished runs would take about %d MB (their "
                    + "final parameters%s), and one trial in training %d MB more, beyond the %d MB of heap free: %s, "
                    + "a smaller network, or a larger heap (LRSWEEP_JAVA_OPTS=-Xmx...)", pending.size(), mb(f.kept()),
                    e.config().keepParams() ? " and the copies --show-params keeps: raise --log-every" : "",
                    mb(f.extra()), mb(free), fewer));
        }
        atOnce = SweepRunner.trialsAtOnce(pending, e, budget());
        if (SweepRunner.holdsBack(pending, jobs, e, atOnce)) {
            err.println(Numbers.f("note: %d of the %d trials train at a time: each holds about %d MB while it trains "
                    + "and %d MB once finished, and the heap has about %d MB free (LRSWEEP_JAVA_OPTS=-Xmx... gives it "
                    + "more); the results are the same", atOnce, pending.size(), mb(f.running()), mb(f.keptEach()),
                    mb(free)));
        }
        return atOnce;
    }

    /** The heap not in use now. */
    private static long free() {
        Runtime rt = Runtime.getRuntime();
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }

    /** Three quarters of it: a margin for the collector and the report, the estimate being rough. */
    private static long budget() {
        return free() / 4 * 3;
    }

    /** Bytes in MB, at least 1. */
    private static long mb(long bytes) {
        return Math.max(1, bytes >> 20);
    }
}
