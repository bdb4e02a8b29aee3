package dev.lrsweep.report;

import dev.lrsweep.sweep.TrialOutcome;
import dev.lrsweep.train.LoggedStep;
import dev.lrsweep.train.TrainRun;
import java.io.PrintWriter;
import java.util.List;

/**
 * The per-trial table in the format of the classic divergence experiment:
 * {@code step= 10, a1= 70.35, a2= 46.23, loss=2189.06}, then {@code Estimated: a1= 98.81, a2= 24.90}.
 * The loss on row k is measured before update k, the parameters are those after it.
 */
public final class StepTable {
    private StepTable() {
    }

    /** Writes one trial's header line, its rows and its closing lines. */
    public static void write(PrintWriter out, TrialOutcome o, List<String> paramNames) {
        TrainRun run = o.run();
        out.println(Numbers.f("lr=%s (trial %d)", Numbers.rate(o.trial().lr()), o.trial().id()));
        for (LoggedStep s : run.logged()) {
            StringBuilder sb = new StringBuilder(Numbers.f("step=%3d", s.step()));
            appendParams(sb, paramNames, s.params());
            sb.append(Numbers.f(", loss=%.2f", s.loss()));
            out.println(sb);
        }
        StringBuilder est = new StringBuilder("Estimated");
        appendParams(est, paramNames, run.finalParams());
        out.println(est.replace(0, "Estimated, ".length(), "Estimated: "));
        if (run.nonFinite()) {
            out.println(Numbers.f("stopped: the loss is no longer finite at step %d", run.updates() + 1));
        }
    }

    private static void appendParams(StringBuilder sb, List<String> names, double[] params) {
        for (int j = 0; j < params.length; j++) {
            sb.append(", ").append(names.get(j)).append('=').append(Numbers.f("%6.2f", params[j]));
        }
    }
}
