package dev.lrsweep.report;

import dev.lrsweep.sweep.TrialOutcome;
import dev.lrsweep.train.Event;
import dev.lrsweep.train.LoggedStep;
import dev.lrsweep.train.TrainRun;
import java.io.PrintWriter;
import java.util.List;

/**
 * The per-trial table in the format of the classic divergence experiment:
 * {@code step= 10, a1= 70.35, a2= 46.23, loss=2189.06}, then {@code Estimated: a1= 98.81, a2= 24.90}.
 * The loss on row k is measured before update k, the parameters are those after it. Columns that
 * apply are appended: {@code val_loss}, {@code accuracy}, {@code val_accuracy}, and {@code lr} when
 * the rate changes during training. Models with many parameters show their norm instead.
 */
public final class StepTable {
    /**
     * What the rows show.
     *
     * @param paramNames the parameter names
     * @param showParams whether to print every parameter (else the parameter norm)
     * @param showLr     whether to print the rate on every row
     * @param toOriginal maps standardized-feature parameters to original units, or null
     */
    public record Layout(List<String> paramNames, boolean showParams, boolean showLr,
                         java.util.function.UnaryOperator<double[]> toOriginal) {
    }

    private StepTable() {
    }

    /**
     * Writes one trial's header line, its rows with their events, and its closing lines.
     *
     * @param title the header line, e.g. {@code lr=0.02 (trial 1)}
     */
    public static void write(PrintWriter out, TrialOutcome o, Layout layout, String title) {
        TrainRun run = o.run();
        out.println(title);
        List<Event> events = run.events();
        int nextEvent = 0;
        for (LoggedStep s : run.logged()) {
            StringBuilder sb = new StringBuilder(Numbers.f("step=%3d", s.step()));
            // a step logged without its parameters (a resumed run's, logged when they were not
            // shown) shows their norm instead
            boolean params = layout.showParams() && s.params() != null;
            if (params) {
                appendParams(sb, layout.paramNames(), s.params());
            }
            sb.append(Numbers.f(", loss=%.2f", s.loss()));
            appendIfPresent(sb, "val_loss", s.valLoss(), "%.2f");
            appendIfPresent(sb, "accuracy", s.accuracy(), "%.4f");
            appendIfPresent(sb, "val_accuracy", s.valAccuracy(), "%.4f");
            if (layout.showLr()) sb.append(", lr=").append(Numbers.g4(s.lr()));
            if (!params) sb.append(", |theta|=").append(Numbers.g4(s.paramNorm()));
            out.println(sb);
            while (nextEvent < events.size() && events.get(nextEvent).step() <= s.step()) {
                out.println("  [step " + events.get(nextEvent).step() + "] " + events.get(nextEvent).message());
                nextEvent++;
            }
        }
        for (; nextEvent < events.size(); nextEvent++) {
            out.println("  [step " + events.get(nextEvent).step() + "] " + events.get(nextEvent).message());
        }
        if (layout.showParams()) {
            StringBuilder est = new StringBuilder("Estimated");
            appendParams(est, layout.paramNames(), run.finalParams());
            out.println(est.replace(0, "Estimated, ".length(), "Estimated: "));
            if (layout.toOriginal() != null && !run.nonFinite()) {
                StringBuilder orig = new StringBuilder("Estimated");
                appendParams(orig, layout.paramNames(), layout.toOriginal().apply(run.finalParams()));
                out.println(orig.replace(0, "Estimated, ".length(), "Estimated in original units: "));
            }
        }
        if (run.nonFinite()) {
            out.println(Numbers.f("stopped: the loss is no longer finite at step %d", run.updates() + 1));
        }
    }

    private static void appendIfPresent(StringBuilder sb, String name, double v, String format) {
        if (!Double.isNaN(v)) sb.append(", ").append(name).append('=').append(Numbers.f(format, v));
    }

    private static void appendParams(StringBuilder sb, List<String> names, double[] params) {
        for (int j = 0; j < params.length; j++) {
            sb.append(", ").append(names.get(j)).append('=').append(Numbers.f("%6.2f", params[j]));
        }
    }
}
