package dev.lrsweep.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ctrl-C handling for a real process: SIGINT (or SIGTERM) runs the JVM's shutdown hooks; once a
 * sweep has started ({@link #arm}), ours asks it to stop starting trials and to interrupt the
 * running ones, then waits until the command has written the summary of what finished. Before
 * that (parsing flags, reading data) the process ends at once. The JVM then exits with 128+signal (130 for
 * SIGINT). Tests drive {@link Main#run} with {@link #none()}, which never fires.
 */
final class Interrupt {
    /** How long the hook waits for the summary to be written. */
    private static final long GRACE_SECONDS = 60;

    private final AtomicBoolean requested = new AtomicBoolean();
    /** Whether a sweep has started whose summary an interrupt should wait for. */
    private volatile boolean armed;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final boolean interactive;

    private Interrupt(boolean interactive) {
        this.interactive = interactive;
    }

    /** An interrupt that never fires (tests, nested runs). */
    static Interrupt none() {
        return new Interrupt(false);
    }

    /** Installs the shutdown hook for this process. */
    static Interrupt install() {
        Interrupt i = new Interrupt(true);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            i.requested.set(true);
            // before a sweep starts there is nothing to write: exit at once (the command may be
            // waiting on input, e.g. a pipe with no writer, and would never finish)
            if (!i.armed) return;
            try {
                i.finished.await(GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "lrsweep-interrupt"));
        return i;
    }

    /** Whether the user asked to stop. */
    boolean requested() {
        return requested.get();
    }

    /**
     * From now on an interrupt waits (up to a grace period) for the command to write what finished;
     * before, it ends the process at once.
     */
    void arm() {
        armed = true;
    }

    /** Tells the hook that the command is done writing. */
    void finished() {
        finished.countDown();
    }

    /** Whether this is a real process that may show progress on a terminal. */
    boolean interactive() {
        return interactive;
    }
}
