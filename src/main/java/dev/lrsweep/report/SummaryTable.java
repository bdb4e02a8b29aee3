package dev.lrsweep.report;

import dev.lrsweep.analysis.LinearAnalysis;
import dev.lrsweep.sweep.SweepResult;
import dev.lrsweep.sweep.TrialOutcome;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** The summary under the tables: one row per trial, the chosen trial, and what theory says. */
public final class SummaryTable {
    private static final String[] HEAD = {"trial", "lr", "status", "final_loss", "best_loss", "best_step",
        "steps_to_target", "elapsed_ms"};

    private SummaryTable() {
    }

    /**
     * Writes the table, the best trial and, when given, the analysis lines.
     *
     * @param analysis the closed-form analysis, or null when the model has none
     * @param tol      the relative tolerance behind steps_to_target, for the explanation line
     */
    public static void write(PrintWriter out, SweepResult result, LinearAnalysis analysis, List<String> paramNames,
                             double tol) {
        boolean val = result.outcomes().stream().anyMatch(o -> !Double.isNaN(o.run().finalValLoss()));
        boolean acc = result.outcomes().stream().anyMatch(o -> !Double.isNaN(o.run().finalAccuracy()));
        List<String> head = new ArrayList<>(List.of(HEAD));
        if (val) head.add(4, "final_val_loss");
        if (acc) head.add(head.indexOf("best_loss"), val ? "val_accuracy" : "accuracy");
        List<String[]> rows = new ArrayList<>();
        rows.add(head.toArray(new String[0]));
        for (TrialOutcome o : result.outcomes()) {
            List<String> r = new ArrayList<>(List.of(
                String.valueOf(o.trial().id()),
                Numbers.rate(o.trial().lr()),
                o.status().label(),
                Numbers.g6(o.finalLoss()),
                Numbers.g6(o.bestLoss()),
                String.valueOf(o.bestStep()),
                o.stepsToTarget() < 0 ? "-" : String.valueOf(o.stepsToTarget()),
                Numbers.f("%.1f", o.run().elapsedNanos() / 1e6)));
            if (val) r.add(4, Numbers.g6(o.run().finalValLoss()));
            if (acc) {
                double a = val ? o.run().finalValAccuracy() : o.run().finalAccuracy();
                r.add(head.indexOf("best_loss"), Double.isNaN(a) ? "-" : Numbers.f("%.4f", a));
            }
            rows.add(r.toArray(new String[0]));
        }
        int[] w = new int[head.size()];
        for (String[] r : rows) for (int j = 0; j < w.length; j++) w[j] = Math.max(w[j], r[j].length());
        for (String[] r : rows) {
            StringBuilder sb = new StringBuilder();
            for (int j = 0; j < w.length; j++) {
                if (j > 0) sb.append("  ");
                boolean left = j == 2;
                String cell = r[j];
                String pad = " ".repeat(w[j] - cell.length());
                sb.append(left ? cell + pad : pad + cell);
            }
            out.println(sb.toString().stripTrailing());
        }
        out.println();
        out.println(Numbers.f("steps_to_target: first step whose loss is within %s (relative) of the %s loss %s",
                Numbers.rate(tol), result.reference().equals("optimum") ? "optimum" : "best seen",
                Numbers.g6(result.referenceLoss())));
        if (result.bestIndex() < 0) {
            out.println("best: none (every trial diverged)");
        } else {
            TrialOutcome b = result.outcomes().get(result.bestIndex());
            out.println(Numbers.f("best: lr=%s (trial %d), final %s %s, %s", Numbers.rate(b.trial().lr()),
                    b.trial().id(), val ? "val_loss" : "loss", Numbers.g6(val ? b.run().finalValLoss() : b.finalLoss()),
                    b.stepsToTarget() < 0 ? "target not reached" : "steps_to_target " + b.stepsToTarget()));
        }
        if (analysis != null) writeAnalysis(out, analysis, paramNames);
    }

    private static void writeAnalysis(PrintWriter out, LinearAnalysis a, List<String> paramNames) {
        StringBuilder opt = new StringBuilder("optimum (least squares): loss=" + Numbers.g6(a.optimumLoss()));
        if (a.optimumParams() != null && paramNames.size() <= 8) {
            for (int j = 0; j < paramNames.size(); j++) {
                opt.append(j == 0 ? " at " : ", ").append(paramNames.get(j)).append('=')
                        .append(Numbers.g6(a.optimumParams()[j]));
            }
        }
        out.println(opt);
        StringBuilder ev = new StringBuilder("Hessian eigenvalues:");
        for (double e : a.hessianEigenvalues()) ev.append(' ').append(Numbers.g6(e));
        out.println(ev);
        if (a.rankDeficient()) {
            out.println(Numbers.f("the design is rank-deficient (rank %d of %d parameters): the optimum parameters "
                    + "are not unique and there is no best constant rate", a.rank(), a.parameters()));
        }
        if (Double.isFinite(a.criticalLr())) {
            out.println(Numbers.f("gradient descent diverges for lr > %.5g (2/lambda_max)", a.criticalLr()));
        }
        if (Double.isFinite(a.optimalLr())) {
            out.println(Numbers.f("fastest constant rate: %.5g (2/(lambda_max+lambda_min))", a.optimalLr()));
        }
    }
}
