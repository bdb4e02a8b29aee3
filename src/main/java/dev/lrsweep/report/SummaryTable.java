package dev.lrsweep.report;

import dev.lrsweep.analysis.Curvature;
import dev.lrsweep.analysis.LinearAnalysis;
import dev.lrsweep.sweep.SettingStats;
import dev.lrsweep.sweep.SweepResult;
import dev.lrsweep.sweep.Trial;
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
     * @param axes     swept axes besides the rate, one column each: optimizer, schedule, batch_size, seed
     * @param stats    per-setting statistics over repeated seeds, or empty
     * @param batchSize the effective batch size of a trial (as the JSON and CSV show it: a size at
     *                  or above the row count is the full batch)
     */
    public static void write(PrintWriter out, SweepResult result, Curvature analysis, List<String> paramNames,
                             double tol, List<String> axes, List<SettingStats> stats,
                             java.util.function.ToIntFunction<Trial> batchSize) {
        boolean val = result.outcomes().stream().anyMatch(o -> !Double.isNaN(o.run().finalValLoss()));
        boolean acc = result.outcomes().stream().anyMatch(o -> !Double.isNaN(o.run().finalAccuracy()));
        List<String> head = new ArrayList<>(List.of(HEAD));
        if (val) head.add(4, "final_val_loss");
        String accName = val ? "val_accuracy" : "accuracy";
        if (acc) head.add(head.indexOf("best_loss"), accName);
        head.addAll(2, axes);
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
                r.add(head.indexOf(accName) - axes.size(), Double.isNaN(a) ? "-" : Numbers.f("%.4f", a));
            }
            List<String> axisValues = new ArrayList<>();
            for (String axis : axes) axisValues.add(axisValue(o.trial(), axis, batchSize));
            r.addAll(2, axisValues);
            rows.add(r.toArray(new String[0]));
        }
        printAligned(out, rows, 2, 2 + axes.size());
        if (!stats.isEmpty()) writeStats(out, stats, axes, val, batchSize);
        out.println();
        out.println(Numbers.f("steps_to_target: first step whose loss is within %s (relative) of the %s loss %s",
                Numbers.rate(tol), result.reference().equals("optimum") ? "optimum" : "best seen",
                Numbers.g6(result.referenceLoss())));
        if (result.outcomes().stream().anyMatch(o -> o.run().miniBatch())) {
            out.println("  (mini-batch trials: best_loss and steps_to_target judge the loss over all rows at the start "
                    + "and end, and each epoch's mean batch loss at its last step)");
        }
        if (result.bestIndex() < 0) {
            long interrupted = result.outcomes().stream().filter(o -> o.run().interrupted()).count();
            out.println(result.outcomes().isEmpty() ? "best: none (no trials: a shard beyond the trial count)"
                    : interrupted == result.outcomes().size() ? "best: none (every trial was interrupted)"
                    : interrupted > 0 ? "best: none (every finished trial diverged; " + interrupted + " interrupted)"
                    : "best: none (every trial diverged)");
        } else {
            TrialOutcome b = result.outcomes().get(result.bestIndex());
            out.println(Numbers.f("best: lr=%s (trial %d), final %s %s, %s", Numbers.rate(b.trial().lr()),
                    b.trial().id(), val ? "val_loss" : "loss", Numbers.g6(val ? b.run().finalValLoss() : b.finalLoss()),
                    b.stepsToTarget() < 0 ? "target not reached" : "steps_to_target " + b.stepsToTarget()));
        }
        if (analysis != null) writeCurvature(out, analysis, paramNames);
    }

    /** The value of a swept axis for a trial, as shown in the summary: the batch size the trial ran with. */
    static String axisValue(Trial t, String axis, java.util.function.ToIntFunction<Trial> batchSize) {
        return switch (axis) {
            case "optimizer" -> t.optimizer().toString();
            case "schedule" -> t.schedule().toString();
            // the size it ran with; the size asked for beside it when the data was smaller
            case "batch_size" -> {
                int ran = batchSize.applyAsInt(t);
                yield t.batchSize() > 0 && t.batchSize() != ran ? ran + " (" + t.batchSize() + ")" : String.valueOf(ran);
            }
            case "seed" -> String.valueOf(t.seed());
            default -> throw new IllegalArgumentException("unknown axis " + axis);
        };
    }

    private static void writeStats(PrintWriter out, List<SettingStats> stats, List<String> axes, boolean val,
                                   java.util.function.ToIntFunction<Trial> batchSize) {
        out.println();
        out.println("over seeds (diverged repeats left out of mean and std):");
        List<String> head = new ArrayList<>(List.of("lr"));
        for (String a : axes) if (!a.equals("seed")) head.add(a);
        head.addAll(List.of("repeats", "diverged", "mean_final_loss", "std_final_loss"));
        if (val) head.addAll(List.of("mean_val_loss", "std_val_loss"));
        List<String[]> rows = new ArrayList<>();
        rows.add(head.toArray(new String[0]));
        for (SettingStats s : stats) {
            List<String> r = new ArrayList<>(List.of(Numbers.rate(s.first().lr())));
            for (String a : axes) if (!a.equals("seed")) r.add(axisValue(s.first(), a, batchSize));
            r.addAll(List.of(String.valueOf(s.repeats()), String.valueOf(s.diverged()), Numbers.g6(s.meanLoss()),
                    Numbers.g6(s.stdLoss())));
            if (val) r.addAll(List.of(Numbers.g6(s.meanValLoss()), Numbers.g6(s.stdValLoss())));
            rows.add(r.toArray(new String[0]));
        }
        printAligned(out, rows, 1, head.size() - (val ? 7 : 5));
    }

    private static void printAligned(PrintWriter out, List<String[]> rows, int leftFrom, int leftTo) {
        int[] w = new int[rows.get(0).length];
        for (String[] r : rows) for (int j = 0; j < w.length; j++) w[j] = Math.max(w[j], r[j].length());
        for (String[] r : rows) {
            StringBuilder sb = new StringBuilder();
            for (int j = 0; j < w.length; j++) {
                if (j > 0) sb.append("  ");
                String pad = " ".repeat(w[j] - r[j].length());
                sb.append(j >= leftFrom && j <= leftTo ? r[j] + pad : pad + r[j]);
            }
            out.println(sb.toString().stripTrailing());
        }
    }

    /** The lines saying what curvature predicts. */
    public static void writeCurvature(PrintWriter out, Curvature c, List<String> paramNames) {
        if (c.linear() != null) {
            writeAnalysis(out, c.linear(), paramNames);
            return;
        }
        if (c.logistic() != null) {
            out.println(Numbers.f("smoothness bound L = lambda_max(X'X)/(4n) = %.5g: full-batch gradient descent "
                    + "cannot diverge for lr < 2/L = %.5g", c.logistic().smoothness(), c.logistic().safeLr()));
        }
        if (!Double.isNaN(c.sharpness())) {
            out.println(Numbers.f("sharpness at the initial parameters (estimate): lambda_max ~ %.5g, so full-batch "
                    + "gradient descent is expected to diverge for lr > ~%.5g", c.sharpness(), 2 / c.sharpness()));
        }
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
