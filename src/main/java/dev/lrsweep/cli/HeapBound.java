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
 * training, would take more than the heap has free is refused before it starts, rather than at
 * an out-of-memory error after it has trained.
 */
final class HeapBound {
    private HeapBound() {
    }

    /**
     * The bound for {@link SweepRunner#run(List, int, int, dev.lrsweep.sweep.GroupTrainer,
     * java.util.function.BooleanSupplier, double, double, boolean, java.util.Map, SweepRunner.Listener)}.
     *
     * @param pending the trials still to run
     * @param logged  whether each finished run is written to a results log (a line is built as a
     *                JSON tree of its parameters, about 48 bytes a parameter, while it is written)
     * @param fewer   what the refusal suggests for fewer trials ("fewer trials", "a smaller --refine")
     * @throws UsageException when the finished runs alone, with one trial in training, would not fit
     */
    static int trialsAtOnce(Experiment e, List<Trial> pending, int jobs, boolean logged, String fewer,
                            PrintWriter err) {
        if (pending.isEmpty()) return Integer.MAX_VALUE;
        SweepRunner.Footprint f = SweepRunner.Footprint.of(pending, e).plus(logged ? 48L * e.paramCount() : 0);
        int atOnce = SweepRunner.trialsAtOnce(f, budget(f));
        if (f.least() <= free() && !SweepRunner.holdsBack(pending, jobs, e, atOnce)) return atOnce;
        // the garbage of loading and analysis counts as used until it is collected: measure again
        System.gc();
        long free = free();
        // refused only where it cannot fit at all: a sweep the old build finished at 95% of its heap
        // must still run (slowly, the collector working hard), not be turned away by a margin
        if (f.least() > free) {
            throw new UsageException(Numbers.f("the %d trials' finished runs would take about %s (their "
                    + "final parameters and history%s), and one trial in training %s more, beyond the %s of heap "
                    + "free: %s, a smaller network, or a larger heap (LRSWEEP_JAVA_OPTS=-Xmx...)",
                    pending.size(), size(f.kept()), e.config().keepParams()
                            ? ", with a copy of the parameters at each logged step: raise --log-every" : "",
                    size(f.extra()), size(free), fewer));
        }
        atOnce = SweepRunner.trialsAtOnce(f, budget(f));
        if (SweepRunner.holdsBack(pending, jobs, e, atOnce)) {
            err.println(Numbers.f("note: %d of the %d trials %s at a time: each holds about %s while it trains and %s "
                    + "once finished, and a sweep may take %s of the %s of heap free (LRSWEEP_JAVA_OPTS=-Xmx... gives "
                    + "it more); the results are the same", atOnce, pending.size(), atOnce == 1 ? "trains" : "train",
                    size(f.running()), size(f.keptEach()), size(budget(f)), size(free)));
        }
        return atOnce;
    }

    /** The heap not in use now. */
    private static long free() {
        Runtime rt = Runtime.getRuntime();
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }

    /**
     * What the trials may take: the finished runs, and three quarters of the rest for trials in
     * training (a margin for the collector and the report, the estimate being rough). Tiny trials
     * beside large finished runs still train several at a time.
     */
    private static long budget(SweepRunner.Footprint f) {
        long free = free();
        return f.kept() + Math.max(0, free - f.kept()) / 4 * 3;
    }

    /** Bytes as MB with one decimal, or kB below a tenth of a MB. */
    private static String size(long bytes) {
        return bytes < (1L << 20) / 10 ? Numbers.f("%d kB", Math.max(1, bytes >> 10))
                : Numbers.f("%.1f MB", bytes / (double) (1L << 20));
    }
}
