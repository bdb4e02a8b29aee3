package dev.lrsweep.cli;

import dev.lrsweep.train.TrainRun;
import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The progress bar on stderr (me.tongfei:progressbar): trials done/total, rate, ETA and the best
 * final loss so far. Shown only for a real process on a terminal, never in CI, with --quiet, or
 * when stdout or stderr is redirected.
 */
final class SweepProgress implements AutoCloseable {
    private final ProgressBar bar;
    private double best = Double.POSITIVE_INFINITY;

    private SweepProgress(ProgressBar bar) {
        this.bar = bar;
    }

    /**
     * Starts the bar if it should show.
     *
     * @param wanted  whether the command may show progress (real process, not --quiet)
     * @param total   trials in the sweep
     * @param already trials already finished (resume)
     */
    static SweepProgress start(boolean wanted, int total, int already) {
        boolean terminal = stderrIsTerminal() && System.getenv("CI") == null && !"dumb".equals(System.getenv("TERM"));
        if (!wanted || !terminal) return new SweepProgress(null);
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName("trials")
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(new PrintStream(System.err, true)))
                .setUpdateIntervalMillis(200)
                .showSpeed()
                .build();
        bar.stepTo(already);
        return new SweepProgress(bar);
    }

    /**
     * Whether stderr is a terminal. Java cannot ask directly; on Linux /proc/self/fd/2 names the
     * device, elsewhere a console on stdin and stdout is taken as the sign.
     */
    static boolean stderrIsTerminal() {
        java.nio.file.Path fd = java.nio.file.Path.of("/proc/self/fd/2");
        try {
            String target = java.nio.file.Files.readSymbolicLink(fd).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (java.io.IOException | RuntimeException e) {
            return System.console() != null;
        }
    }

    /** One more trial finished. */
    synchronized void finished(TrainRun run) {
        if (bar == null) return;
        double l = run.finalLoss();
        if (!run.nonFinite() && Double.isFinite(l) && l < best) best = l;
        bar.step();
        if (Double.isFinite(best)) bar.setExtraMessage(String.format(java.util.Locale.ROOT, " best loss %.6g", best));
    }

    @Override
    public synchronized void close() {
        if (bar != null) bar.close();
    }
}
